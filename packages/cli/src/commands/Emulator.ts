/**
 * `hogkit emulator`: the local PostHog emulator in the foreground, with the same flags as
 * `hogkit-emulator`. The emulator package is loaded only when this command (or --emulator) runs.
 */
import { ENV } from "@hogkit/core/config"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { CliFailure, usage } from "../internal/Failure.js"
import * as GlobalFlags from "../internal/GlobalFlags.js"

export const command = Command.make(
  "emulator",
  {
    port: Flag.Int("port").pipe(
      Flag.withDescription("Port to listen on (0 picks a free one)"),
      Flag.withDefault(8010)
    ),
    bind: Flag.String("bind").pipe(Flag.withDescription("Address to bind"), Flag.withDefault("127.0.0.1")),
    dataDir: Flag.String("data-dir").pipe(
      Flag.withDescription("Keep data in this directory (default: in memory)"),
      Flag.optional
    ),
    seed: Flag.Literals("seed", ["empty", "demo"]).pipe(
      Flag.withDescription("demo adds sample dashboards, templates and comments"),
      Flag.withDefault("empty" as const)
    ),
    rateLimit: Flag.Boolean("rate-limit").pipe(
      Flag.withDescription("Apply PostHog's rate limits"),
      Flag.withDefault(false)
    ),
    strictPostHog: Flag.Boolean("strict-posthog").pipe(
      Flag.withDescription("Refuse API keys where PostHog does (complete, reopen, json_schema, copy)"),
      Flag.withDefault(false)
    )
  },
  (input) =>
    Effect.gen(function* () {
      if (!Number.isInteger(input.port) || input.port < 0 || input.port > 65535) {
        return yield* usage(`--port must be a number from 0 to 65535, got ${input.port}.`)
      }
      // --api-key is a global flag; here it sets the emulator's default key, as hogkit-emulator's does.
      const apiKey = Option.map(yield* GlobalFlags.ApiKey, Redacted.value)
      const mod = yield* Effect.tryPromise({
        try: () => import("@hogkit/emulator"),
        catch: () =>
          new CliFailure("The emulator is not installed: install @hogkit/emulator next to @hogkit/cli.", 1)
      })
      const emu = yield* Effect.tryPromise({
        try: () =>
          mod.startEmulator({
            port: input.port,
            bind: input.bind,
            ...(Option.isSome(input.dataDir) ? { dataDir: input.dataDir.value } : {}),
            ...(Option.isSome(apiKey) ? { apiKey: apiKey.value } : {}),
            seed: input.seed,
            rateLimit: input.rateLimit,
            strictPostHog: input.strictPostHog
          }),
        catch: (error) => {
          const e = error as { code?: unknown; message?: unknown }
          return e.code === "EADDRINUSE"
            ? new CliFailure(
                `Port ${input.port} is already in use: pick another with --port (0 picks a free one).`,
                1
              )
            : new CliFailure(`The emulator could not start: ${String(e.message ?? error)}.`, 1)
        }
      })
      process.stdout.write(
        `hogkit emulator listening on ${emu.url} — API key ${emu.apiKey} — project ${emu.projectId}\n`
      )
      process.stderr.write(
        `Point hogkit at it with --host ${emu.url} and ${ENV.personalApiKey} set to the key above; Ctrl-C stops it.\n`
      )
      yield* Effect.callback<void>((resume) => {
        const stop = () => resume(Effect.void)
        process.once("SIGINT", stop)
        process.once("SIGTERM", stop)
      })
      yield* Effect.promise(() => emu.close().catch(() => undefined))
    })
).pipe(
  Command.withDescription("Run the local PostHog emulator in the foreground (same flags as hogkit-emulator)")
)
