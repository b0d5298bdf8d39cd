/**
 * `hogkit emulator`: the local PostHog emulator in the foreground, with the same flags as
 * `hogkit-emulator`; with --shared (or a --data-dir) it publishes itself so `--emulator` commands,
 * `hogkit-mcp --emulator` and the web demo use it. `hogkit emulator status|stop` show and stop the shared
 * background emulator. The emulator package is loaded only when these commands (or --emulator) run.
 */
import * as path from "node:path"
import { ENV } from "@hogkit/core/config"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { emulatorDataDir, loadShared } from "../internal/EmbeddedEmulator.js"
import { CliFailure, usage } from "../internal/Failure.js"
import * as GlobalFlags from "../internal/GlobalFlags.js"
import { importExternal } from "../internal/ImportExternal.js"

const dataDirFlag = Flag.String("data-dir").pipe(
  Flag.withDescription("The data directory (default: the one --emulator uses)"),
  Flag.optional
)

const sharedFailure = (error: unknown) =>
  new CliFailure(error instanceof Error ? error.message : String(error), 1)

const status = Command.make("status", { dataDir: dataDirFlag }, (input) =>
  Effect.gen(function* () {
    const shared = yield* loadShared
    const dir = Option.getOrElse(input.dataDir, () => emulatorDataDir(process.env))
    const state = yield* Effect.tryPromise({
      try: () => shared.sharedEmulatorStatus({ dataDir: dir }),
      catch: sharedFailure
    })
    if (state === undefined) {
      process.stdout.write(`No emulator is running for ${dir}; the next --emulator command starts one.\n`)
      return
    }
    const idle =
      state.idleTimeoutMs === undefined || state.idleTimeoutMs === 0
        ? "runs until stopped"
        : `stops after ${Math.round(state.idleTimeoutMs / 60_000)} min without a request`
    process.stdout.write(
      [
        `Running at ${state.url} (pid ${state.pid}, ${state.detached ? "background" : "foreground"}, version ${state.version})`,
        `Since ${state.startedAt}; ${idle}`,
        `Data in ${state.dataDir}`,
        `Project ${state.projectId}`
      ].join("\n") + "\n"
    )
  })
).pipe(
  Command.withDescription("Show where the shared emulator runs, since when, and its data directory"),
  Command.withExamples([
    { command: "hogkit emulator status", description: "The one --emulator commands use" }
  ])
)

const stop = Command.make("stop", { dataDir: dataDirFlag }, (input) =>
  Effect.gen(function* () {
    const shared = yield* loadShared
    const dir = Option.getOrElse(input.dataDir, () => emulatorDataDir(process.env))
    const stopped = yield* Effect.tryPromise({
      try: () => shared.stopSharedEmulator({ dataDir: dir }),
      catch: sharedFailure
    })
    process.stdout.write(
      stopped === undefined
        ? `No emulator was running for ${dir}.\n`
        : `Stopped the emulator at ${stopped.url} (pid ${stopped.pid}); its data stays in ${dir}.\n`
    )
  })
).pipe(
  Command.withDescription("Stop the shared emulator (its data stays)"),
  Command.withExamples([
    { command: "hogkit emulator stop", description: "Stop it; the next --emulator command starts it again" }
  ])
)

export const command = Command.make(
  "emulator",
  {
    port: Flag.Int("port").pipe(
      Flag.withDescription("Port to listen on (0 picks a free one)"),
      Flag.withDefault(8010)
    ),
    bind: Flag.String("bind").pipe(Flag.withDescription("Address to bind"), Flag.withDefault("127.0.0.1")),
    dataDir: Flag.String("data-dir").pipe(
      Flag.withDescription(
        "Keep data in this directory (default: in memory); --emulator commands on it use this one"
      ),
      Flag.optional
    ),
    shared: Flag.Boolean("shared").pipe(
      Flag.withDescription("Serve the data --emulator uses; --emulator commands then use this emulator"),
      Flag.withDefault(false)
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
        try: () => importExternal<typeof import("@hogkit/emulator")>("@hogkit/emulator"),
        catch: () =>
          new CliFailure(
            "`hogkit emulator` needs @hogkit/emulator, an optional add-on (~37 MB with its embedded Postgres): install it next to hogkit (`npm install @hogkit/emulator`, or `npm install -g @hogkit/emulator` for a global hogkit).",
            1
          )
      })
      if (input.shared && Option.isSome(input.dataDir))
        return yield* usage("--shared serves the data --emulator uses: drop --data-dir, or drop --shared.")
      const dataDir = input.shared
        ? Option.some(emulatorDataDir(process.env))
        : Option.map(input.dataDir, (dir) => path.resolve(dir))
      const emu = yield* Effect.tryPromise({
        try: () =>
          mod.startEmulator({
            port: input.port,
            bind: input.bind,
            // A foreground emulator on a data directory is published there (a background one is taken over).
            ...(Option.isSome(dataDir) ? { dataDir: dataDir.value, share: "foreground" as const } : {}),
            ...(input.shared ? { seed: "demo" as const } : {}),
            ...(Option.isSome(apiKey) ? { apiKey: apiKey.value } : {}),
            ...(input.shared ? {} : { seed: input.seed }),
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
        `hogkit emulator listening on ${emu.url} — API key ${emu.apiKey} — project ${emu.projectId} — admin token ${emu.adminToken}\n`
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
  Command.withDescription("Run the local PostHog emulator in the foreground (same flags as hogkit-emulator)"),
  Command.withExamples([
    {
      command: "hogkit emulator --port 8010 --seed demo",
      description: "An in-memory emulator with sample data"
    },
    {
      command: "hogkit emulator --shared",
      description: "Serve the data --emulator commands use, in the foreground"
    }
  ]),
  Command.withSubcommands([status, stop])
)
