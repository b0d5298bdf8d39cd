/**
 * One answer to "which PostHog, with which key and project, and why": flag, then environment, then the
 * stored profile, then the default, each setting with its source. Every adapter (CLI, MCP, proxy) and
 * `PostHog.layerConfig` resolve through here, so none of them names a variable, host or file of its own.
 *
 * The profile store is read only when something is still missing (or a profile was named), so a broken or
 * unsafe file never gets in the way of a fully specified command.
 *
 * @since 0.2.0
 */
import * as Redacted from "effect/Redacted"
import { ENV, type Environment, isTruthy, processEnvironment, read } from "./Environment.js"
import { DEFAULT_HOST, resolveHost } from "./Host.js"
import { ConfigProblem } from "./Problem.js"
import { activeProfile, emptyProfiles, type ProfileSource, type StoredProfiles } from "./Profiles.js"
import { DEFAULT_PROJECT, type ProjectId, parseProjectId } from "./ProjectId.js"
import type { Setting } from "./Setting.js"

/** Values given explicitly (command-line flags, code options); each wins over the environment. @category models */
export interface ConnectionFlags {
  readonly apiKey?: Redacted.Redacted<string> | string | undefined
  readonly host?: string | undefined
  readonly projectId?: number | string | undefined
  readonly profile?: string | undefined
  readonly allowInsecureHttp?: boolean | undefined
}

/** What each explicit value is called where the user gave it, for sources and messages. @category models */
export type FlagNames = { readonly [K in keyof ConnectionFlags]-?: string }

/** Command-line names, the default. @category constants */
export const CLI_FLAG_NAMES: FlagNames = {
  apiKey: "--api-key",
  host: "--host",
  projectId: "--project",
  profile: "--profile",
  allowInsecureHttp: "--allow-insecure-http"
}

/** Names of the options of `PostHog.layer` / `createClient`. @category constants */
export const OPTION_NAMES: FlagNames = {
  apiKey: "the apiKey option",
  host: "the host option",
  projectId: "the projectId option",
  profile: "the profile option",
  allowInsecureHttp: "allowInsecureHttp: true"
}

/** Input of {@link resolveConnection}. @category models */
export interface ResolveInput {
  readonly flags?: ConnectionFlags | undefined
  readonly flagNames?: FlagNames | undefined
  /** Default: `process.env` where there is one. */
  readonly env?: Environment | undefined
  /** The stored profiles; without it only flags, environment and defaults count. */
  readonly store?: ProfileSource | undefined
  /** Settings this caller does not use (the emulator brings its own key and host; an HTTP server's clients bring keys). */
  readonly needs?: { readonly apiKey?: boolean; readonly host?: boolean } | undefined
}

/** The resolved connection. @category models */
export interface Connection {
  readonly apiKey: Setting<Redacted.Redacted<string>> | undefined
  /** An origin with an optional base path, no trailing slash: `https://eu.posthog.com`. */
  readonly host: Setting<string>
  readonly projectId: Setting<ProjectId>
  readonly allowInsecureHttp: Setting<boolean>
  /** The profile name in effect (whether or not the store holds it). */
  readonly profile: string
  /** Where profiles are stored (the file path), when a store was given. */
  readonly store: string | undefined
}

const DEFAULT = "default"

/**
 * Resolves key, host and project. Throws a `ConfigProblem` for a bad value (naming where it came from), a
 * named profile the store lacks, an unsafe store, plain http to another machine, or a key-shaped host. A
 * missing key is not an error here (`auth status` reports it); {@link requireApiKey} makes it one.
 *
 * @category resolution
 */
export const resolveConnection = (input: ResolveInput = {}): Connection => {
  const flags = input.flags ?? {}
  const names = input.flagNames ?? CLI_FLAG_NAMES
  const env = input.env ?? processEnvironment()
  const needKey = input.needs?.apiKey !== false
  const needHost = input.needs?.host !== false

  const flagKey = typeof flags.apiKey === "string" ? Redacted.make(flags.apiKey) : flags.apiKey
  const envKeyName =
    read(env, ENV.personalApiKey) !== undefined
      ? ENV.personalApiKey
      : read(env, ENV.apiKey) !== undefined
        ? ENV.apiKey
        : undefined
  const envHost = read(env, ENV.host)
  const envProject = read(env, ENV.projectId)
  const flagProject = flags.projectId === undefined ? undefined : String(flags.projectId).trim()
  const flagHost = flags.host?.trim() === "" ? undefined : flags.host

  const readStore =
    input.store !== undefined &&
    (flags.profile !== undefined ||
      (needKey && flagKey === undefined && envKeyName === undefined) ||
      (needHost && flagHost === undefined && envHost === undefined) ||
      ((flagProject === undefined || flagProject === "") && envProject === undefined))
  const stored: StoredProfiles = readStore && input.store ? input.store.load() : emptyProfiles
  const location = input.store?.location

  const profile = activeProfile(stored, { flag: flags.profile, environment: read(env, ENV.profile) }).name
  if (flags.profile !== undefined && stored.profiles[profile] === undefined) {
    const known = Object.keys(stored.profiles)
    throw new ConfigProblem(
      "unknownProfile",
      `There is no profile "${profile}" in ${location ?? "the stored profiles"}. ` +
        (known.length > 0
          ? `Known profiles: ${known.join(", ")}.`
          : `Create it with \`hogkit auth login --profile ${profile}\`.`)
    )
  }
  const fromProfile = stored.profiles[profile] ?? {}
  const profileSource = `profile "${profile}" in ${location ?? "the stored profiles"}`

  const apiKey: Setting<Redacted.Redacted<string>> | undefined =
    flagKey !== undefined && Redacted.value(flagKey).trim() !== ""
      ? { value: flagKey, source: names.apiKey }
      : envKeyName !== undefined
        ? { value: Redacted.make(read(env, envKeyName) ?? ""), source: envKeyName }
        : fromProfile.apiKey !== undefined
          ? { value: fromProfile.apiKey, source: profileSource }
          : undefined

  const hostRaw: Setting<string> =
    flagHost !== undefined
      ? { value: flagHost, source: names.host }
      : envHost !== undefined
        ? { value: envHost, source: ENV.host }
        : fromProfile.host !== undefined
          ? { value: fromProfile.host, source: profileSource }
          : { value: DEFAULT_HOST, source: DEFAULT }

  const allowInsecureHttp: Setting<boolean> =
    flags.allowInsecureHttp === true
      ? { value: true, source: names.allowInsecureHttp }
      : isTruthy(env[ENV.allowInsecureHttp])
        ? { value: true, source: ENV.allowInsecureHttp }
        : fromProfile.allowInsecureHttp === true && hostRaw.source === profileSource
          ? { value: true, source: profileSource }
          : { value: false, source: DEFAULT }

  const projectRaw: Setting<string> =
    flagProject !== undefined
      ? { value: flagProject, source: names.projectId }
      : envProject !== undefined
        ? { value: envProject, source: ENV.projectId }
        : fromProfile.projectId !== undefined
          ? { value: fromProfile.projectId, source: profileSource }
          : { value: String(DEFAULT_PROJECT), source: DEFAULT }

  const host = resolveHost(hostRaw.value, {
    source: hostRaw.source,
    allowInsecureHttp: allowInsecureHttp.value || !needHost,
    insecureHint: `${names.allowInsecureHttp} (or ${ENV.allowInsecureHttp}=1)`,
    apiKey: apiKey === undefined ? undefined : Redacted.value(apiKey.value)
  })
  return {
    apiKey,
    host: { value: host, source: hostRaw.source },
    projectId: { value: parseProjectId(projectRaw.value, projectRaw.source), source: projectRaw.source },
    allowInsecureHttp,
    profile,
    store: location
  }
}

/**
 * The sentence for a missing key: which variable to set, then the caller's other ways (`run \`hogkit auth
 * login\``), if any.
 *
 * @category messages
 */
export const missingKeyMessage = (alternatives: ReadonlyArray<string> = []): string => {
  if (alternatives.length === 0) {
    return `No PostHog API key: set ${ENV.personalApiKey} (or ${ENV.apiKey}) to a personal API key (phx_…).`
  }
  const last = alternatives[alternatives.length - 1]
  const ways = [ENV.personalApiKey, ...alternatives.slice(0, -1)].map((w, i) => (i === 0 ? `set ${w}` : w))
  return `No PostHog API key: ${ways.join(", ")}, or ${last}.`
}

/** The key, or a `ConfigProblem` (`missingKey`) naming the variable to set. @category resolution */
export const requireApiKey = (
  connection: Connection,
  alternatives: ReadonlyArray<string> = []
): Redacted.Redacted<string> => {
  if (connection.apiKey === undefined) throw new ConfigProblem("missingKey", missingKeyMessage(alternatives))
  return connection.apiKey.value
}
