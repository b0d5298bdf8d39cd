/**
 * Which PostHog a command talks to, with which key and project, and where each setting came from. The
 * rules (flag, then environment, then the stored profile, then the default; host shorthands; the key
 * store's safety checks; plain http and key-shaped hosts refused) are core's, in `@hogkit/core/config`;
 * this module reads the global flags into it and turns its problems into exit codes.
 */
import {
  type ConfigProblem,
  type ConfigProblemKind,
  isConfigProblem,
  missingKeyMessage,
  parseProjectId,
  resolveHost,
  resolveStoredConnection,
  type Setting
} from "@hogkit/core/config/node"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import { CliFailure, type ExitCode } from "./Failure.js"
import * as GlobalFlags from "./GlobalFlags.js"

export type { Setting }

export interface Connection {
  readonly apiKey: Setting<Redacted.Redacted<string>> | undefined
  readonly host: Setting<string>
  readonly projectId: Setting<number | "@current">
  readonly allowInsecureHttp: Setting<boolean>
  readonly profile: string
  readonly configFile: string
  readonly emulator: boolean
}

/** Bad values are usage errors (2); a missing key or an unsafe key store is an authentication problem (4). */
const exitCodes: Record<ConfigProblemKind, ExitCode> = {
  invalid: 2,
  insecure: 2,
  malformed: 2,
  unknownProfile: 2,
  missingKey: 4,
  unsafeFile: 4,
  unreadable: 1
}

/** A problem of core's resolver or key store as the CLI's failure; anything else as a general one. */
export const toFailure = (error: unknown): CliFailure =>
  error instanceof CliFailure
    ? error
    : isConfigProblem(error)
      ? new CliFailure(error.message, exitCodes[(error as ConfigProblem).kind])
      : new CliFailure(String(error), 1)

const attempt = <A>(f: () => A): A => {
  try {
    return f()
  } catch (error) {
    throw toFailure(error)
  }
}

/** `us`, `eu`, or an http(s) URL → an origin without a trailing slash; anything else is a usage error. */
export const normalizeHost = (raw: string, source: string, allowInsecureHttp = false): string =>
  attempt(() => resolveHost(raw, { source, allowInsecureHttp, insecureHint: "--allow-insecure-http" }))

export const normalizeProject = (raw: string, source: string): number | "@current" =>
  attempt(() => parseProjectId(raw, source))

/** Resolve the settings of this invocation without touching the network. */
export const resolve = Effect.gen(function* () {
  const flagKey = yield* GlobalFlags.ApiKey
  const flagHost = yield* GlobalFlags.Host
  const flagProject = yield* GlobalFlags.Project
  const flagProfile = yield* GlobalFlags.Profile
  const allowInsecureHttp = yield* GlobalFlags.AllowInsecureHttp
  const emulator = yield* GlobalFlags.Emulator
  return yield* Effect.try({
    try: () =>
      resolveFrom({
        apiKey: Option.getOrUndefined(flagKey),
        host: Option.getOrUndefined(flagHost),
        project: Option.getOrUndefined(flagProject),
        profile: Option.getOrUndefined(flagProfile),
        allowInsecureHttp,
        emulator,
        env: process.env
      }),
    catch: toFailure
  })
})

export interface ResolveInput {
  readonly apiKey: Redacted.Redacted<string> | undefined
  readonly host: string | undefined
  readonly project: string | undefined
  readonly profile: string | undefined
  readonly allowInsecureHttp?: boolean | undefined
  readonly emulator: boolean
  readonly env: NodeJS.ProcessEnv
}

export const resolveFrom = (input: ResolveInput): Connection => {
  const resolved = attempt(() =>
    resolveStoredConnection({
      flags: {
        apiKey: input.apiKey,
        host: input.host,
        projectId: input.project,
        profile: input.profile,
        allowInsecureHttp: input.allowInsecureHttp
      },
      env: input.env,
      // The embedded emulator brings its own key and host.
      needs: { apiKey: !input.emulator, host: !input.emulator }
    })
  )
  return {
    apiKey: resolved.apiKey,
    host: resolved.host,
    projectId: resolved.projectId,
    allowInsecureHttp: resolved.allowInsecureHttp,
    profile: resolved.profile,
    configFile: resolved.store ?? "",
    emulator: input.emulator
  }
}

export const missingKey = () =>
  new CliFailure(
    missingKeyMessage(["run `hogkit auth login`", "add --emulator to try hogkit against a local emulator"]),
    4
  )
