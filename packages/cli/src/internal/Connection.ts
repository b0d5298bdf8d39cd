/**
 * Which PostHog a command talks to, with which key and project, and where each setting came from.
 * Precedence: flag, then environment, then the stored profile, then the default. With `--emulator` the
 * shared local emulator is used (internal/Emulator.ts).
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { type ConfigFile, configPath, readConfig } from "./ConfigFile.js"
import { CliFailure, usage } from "./Failure.js"
import * as GlobalFlags from "./GlobalFlags.js"

export interface Setting<A> {
  readonly value: A
  readonly source: string
}

export interface Connection {
  readonly apiKey: Setting<Redacted.Redacted<string>> | undefined
  readonly host: Setting<string>
  readonly projectId: Setting<number | "@current">
  readonly profile: string
  readonly configFile: string
  readonly emulator: boolean
}

const HOSTS: Record<string, string> = { us: "https://us.posthog.com", eu: "https://eu.posthog.com" }

/** `us`, `eu`, or an http(s) URL → an origin without a trailing slash; anything else is a usage error. */
export const normalizeHost = (raw: string, source: string): string => {
  const trimmed = raw.trim()
  const known = HOSTS[trimmed.toLowerCase()]
  if (known) return known
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`)
    if (
      (url.protocol === "http:" || url.protocol === "https:") &&
      url.hostname !== "" &&
      !/\s/.test(trimmed)
    ) {
      return `${url.origin}${url.pathname.replace(/\/+$/, "")}`
    }
  } catch {
    // reported below
  }
  throw usage(
    `The host "${trimmed}" (from ${source}) is not valid: use us, eu, or a URL such as https://posthog.example.com.`
  )
}

export const normalizeProject = (raw: string, source: string): number | "@current" => {
  const trimmed = raw.trim()
  if (trimmed === "@current") return "@current"
  if (/^\d+$/.test(trimmed) && Number(trimmed) > 0 && Number.isSafeInteger(Number(trimmed)))
    return Number(trimmed)
  throw usage(
    `The project "${trimmed}" (from ${source}) is not valid: use a project id such as 12345, or @current.`
  )
}

export const isUsCloud = (host: string) => host === HOSTS.us || host === "https://app.posthog.com"

/** Resolve the settings of this invocation without touching the network. */
export const resolve = Effect.gen(function* () {
  const flagKey = yield* GlobalFlags.ApiKey
  const flagHost = yield* GlobalFlags.Host
  const flagProject = yield* GlobalFlags.Project
  const flagProfile = yield* GlobalFlags.Profile
  const emulator = yield* GlobalFlags.Emulator
  return yield* Effect.try({
    try: () =>
      resolveFrom({
        apiKey: Option.getOrUndefined(flagKey),
        host: Option.getOrUndefined(flagHost),
        project: Option.getOrUndefined(flagProject),
        profile: Option.getOrUndefined(flagProfile),
        emulator,
        env: process.env
      }),
    catch: (error) => (error instanceof CliFailure ? error : new CliFailure(String(error), 1))
  })
})

export interface ResolveInput {
  readonly apiKey: Redacted.Redacted<string> | undefined
  readonly host: string | undefined
  readonly project: string | undefined
  readonly profile: string | undefined
  readonly emulator: boolean
  readonly env: NodeJS.ProcessEnv
}

export const resolveFrom = (input: ResolveInput): Connection => {
  const { env } = input
  const file = configPath(env)
  const envKey = env.POSTHOG_PERSONAL_API_KEY
    ? { value: env.POSTHOG_PERSONAL_API_KEY, source: "POSTHOG_PERSONAL_API_KEY" }
    : env.POSTHOG_API_KEY
      ? { value: env.POSTHOG_API_KEY, source: "POSTHOG_API_KEY" }
      : undefined
  // The stored file is read only when something is still missing (or a profile was named), so a broken
  // or over-permissive file does not get in the way of a fully specified command.
  const needFile =
    input.profile !== undefined ||
    (!input.emulator && input.apiKey === undefined && envKey === undefined) ||
    (!input.emulator && input.host === undefined && !env.POSTHOG_HOST) ||
    (input.project === undefined && !env.POSTHOG_PROJECT_ID)
  const config: ConfigFile = needFile ? readConfig(file) : { profiles: {} }
  const profile = input.profile ?? env.HOGKIT_PROFILE ?? config.default_profile ?? "default"
  if (input.profile !== undefined && !config.profiles[profile]) {
    const known = Object.keys(config.profiles)
    throw usage(
      `There is no profile "${profile}" in ${file}. ` +
        (known.length > 0
          ? `Known profiles: ${known.join(", ")}.`
          : `Create it with \`hogkit auth login --profile ${profile}\`.`)
    )
  }
  const stored = config.profiles[profile] ?? {}
  const profileSource = `profile "${profile}" in ${file}`

  const apiKey: Setting<Redacted.Redacted<string>> | undefined =
    input.apiKey !== undefined
      ? { value: input.apiKey, source: "--api-key" }
      : envKey
        ? { value: Redacted.make(envKey.value), source: envKey.source }
        : typeof stored.api_key === "string" && stored.api_key !== ""
          ? { value: Redacted.make(stored.api_key), source: profileSource }
          : undefined

  const hostRaw: Setting<string> =
    input.host !== undefined
      ? { value: input.host, source: "--host" }
      : env.POSTHOG_HOST
        ? { value: env.POSTHOG_HOST, source: "POSTHOG_HOST" }
        : typeof stored.host === "string"
          ? { value: stored.host, source: profileSource }
          : { value: "us", source: "default" }

  const projectRaw: Setting<string> =
    input.project !== undefined
      ? { value: input.project, source: "--project" }
      : env.POSTHOG_PROJECT_ID
        ? { value: env.POSTHOG_PROJECT_ID, source: "POSTHOG_PROJECT_ID" }
        : stored.project !== undefined
          ? { value: String(stored.project), source: profileSource }
          : { value: "@current", source: "default" }

  return {
    apiKey,
    host: { value: normalizeHost(hostRaw.value, hostRaw.source), source: hostRaw.source },
    projectId: { value: normalizeProject(projectRaw.value, projectRaw.source), source: projectRaw.source },
    profile,
    configFile: file,
    emulator: input.emulator
  }
}

export const missingKey = () =>
  new CliFailure(
    "No PostHog API key: set POSTHOG_PERSONAL_API_KEY, run `hogkit auth login`, " +
      "or add --emulator to try hogkit against a local emulator.",
    4
  )
