/**
 * The stored profiles' shape: named sets of key, host and project that `hogkit auth login` writes and every
 * adapter reads, as JSON `{ "default_profile"?: name, "profiles": { name: { "api_key", "host", "project",
 * "allow_insecure_http" } } }`. The key is `Redacted` from the moment it is parsed until it is written.
 * Where the file lives and how it is protected is the key store's business (`KeyStore`, Node only).
 *
 * @since 0.2.0
 */
import * as Redacted from "effect/Redacted"
import { ConfigProblem } from "./Problem.js"

/** One profile. @category models */
export interface StoredProfile {
  readonly apiKey?: Redacted.Redacted<string> | undefined
  /** As given to `--host` at login, already resolved (`https://eu.posthog.com`). */
  readonly host?: string | undefined
  /** A project id or `@current`, as text. */
  readonly projectId?: string | undefined
  /** The user allowed plain http to this profile's host at login. */
  readonly allowInsecureHttp?: boolean | undefined
}

/** Every stored profile. @category models */
export interface StoredProfiles {
  /** The profile used when none is named (else `default`). */
  readonly defaultProfile?: string | undefined
  readonly profiles: Readonly<Record<string, StoredProfile>>
}

/** Where profiles are read from: the key store, or anything else that can produce them. @category models */
export interface ProfileSource {
  /** Shown in messages and `auth status`: the file path. */
  readonly location: string
  readonly load: () => StoredProfiles
}

/** No profiles at all. @category constants */
export const emptyProfiles: StoredProfiles = { profiles: {} }

/** The name used when neither a flag, the environment nor the file names one. @category constants */
export const DEFAULT_PROFILE_NAME = "default"

const text = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() !== "" ? v.trim() : typeof v === "number" ? String(v) : undefined

/** Parses the file's text; throws a `ConfigProblem` (`malformed`) naming `location`. @category parsing */
export const parseProfiles = (json: string, location: string, fixHint: string): StoredProfiles => {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    parsed = undefined
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ConfigProblem("malformed", `${location} is not valid hogkit configuration JSON. ${fixHint}`)
  }
  const p = parsed as { default_profile?: unknown; profiles?: unknown }
  const profiles: Record<string, StoredProfile> = {}
  if (p.profiles !== null && typeof p.profiles === "object" && !Array.isArray(p.profiles)) {
    for (const [name, value] of Object.entries(p.profiles as Record<string, unknown>)) {
      if (value === null || typeof value !== "object") continue
      const v = value as Record<string, unknown>
      const key = text(v.api_key)
      profiles[name] = {
        ...(key !== undefined ? { apiKey: Redacted.make(key) } : {}),
        ...(text(v.host) !== undefined ? { host: text(v.host) } : {}),
        ...(text(v.project) !== undefined ? { projectId: text(v.project) } : {}),
        ...(v.allow_insecure_http === true ? { allowInsecureHttp: true } : {})
      }
    }
  }
  const defaultProfile = text(p.default_profile)
  return defaultProfile !== undefined ? { defaultProfile, profiles } : { profiles }
}

/** Where the profile in effect was chosen. @category models */
export type ProfileChoice = "flag" | "environment" | "file" | "default"

/** The profile in effect and why. @category models */
export interface ActiveProfile {
  readonly name: string
  readonly chosenBy: ProfileChoice
}

/**
 * The profile in effect: the one named explicitly (a flag), else the environment's (`HOGKIT_PROFILE`), else
 * the file's `default_profile` (`hogkit auth switch`), else `default`.
 *
 * @category profiles
 */
export const activeProfile = (
  stored: StoredProfiles,
  chosen: { readonly flag?: string | undefined; readonly environment?: string | undefined } = {}
): ActiveProfile =>
  chosen.flag !== undefined
    ? { name: chosen.flag, chosenBy: "flag" }
    : chosen.environment !== undefined
      ? { name: chosen.environment, chosenBy: "environment" }
      : stored.defaultProfile !== undefined
        ? { name: stored.defaultProfile, chosenBy: "file" }
        : { name: DEFAULT_PROFILE_NAME, chosenBy: "default" }

/**
 * A profile name as the file keeps it: letters, digits, `.`, `_` and `-`, at most 64. Throws a
 * `ConfigProblem` (`invalid`) naming `source` otherwise.
 *
 * @category profiles
 */
export const checkProfileName = (name: string, source: string): string => {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new ConfigProblem(
      "invalid",
      `${source} must be a profile name of letters, digits, ".", "_" or "-" (at most 64), starting with a letter or digit.`
    )
  }
  return name
}

/** `stored` with profile `name` set to `profile` (added or replaced). @category profiles */
export const putProfile = (stored: StoredProfiles, name: string, profile: StoredProfile): StoredProfiles => ({
  ...stored,
  profiles: { ...stored.profiles, [name]: profile }
})

/** What {@link removeProfile} took out. @category models */
export interface Removal {
  readonly profiles: StoredProfiles
  /** The profile removed, or `undefined` when there was none of that name. */
  readonly removed: StoredProfile | undefined
  /** It was the file's `default_profile`, which is cleared with it (the default is `default` again). */
  readonly wasDefault: boolean
}

/** `stored` without profile `name` (its key, host and project), and what that took out. @category profiles */
export const removeProfile = (stored: StoredProfiles, name: string): Removal => {
  const removed = stored.profiles[name]
  if (removed === undefined) return { profiles: stored, removed: undefined, wasDefault: false }
  const { [name]: _gone, ...rest } = stored.profiles
  const wasDefault = stored.defaultProfile === name
  return {
    profiles:
      wasDefault || stored.defaultProfile === undefined ? { profiles: rest } : { ...stored, profiles: rest },
    removed,
    wasDefault
  }
}

/**
 * `stored` with `name` as the profile used when none is named. Throws a `ConfigProblem`
 * (`unknownProfile`) listing the known ones when the file has no such profile.
 *
 * @category profiles
 */
export const switchProfile = (stored: StoredProfiles, name: string, location: string): StoredProfiles => {
  if (stored.profiles[name] === undefined) {
    const known = Object.keys(stored.profiles)
    throw new ConfigProblem(
      "unknownProfile",
      `There is no profile "${name}" in ${location}. ` +
        (known.length > 0
          ? `Known profiles: ${known.join(", ")}.`
          : `Create it with \`hogkit auth login --profile ${name}\`.`)
    )
  }
  return { ...stored, defaultProfile: name }
}

/** One profile as it may be shown: everything but the key, which is only said to be there or not. @category models */
export interface ProfileSummary {
  readonly name: string
  readonly active: boolean
  readonly hasKey: boolean
  readonly host: string | undefined
  readonly projectId: string | undefined
}

/** Every stored profile, sorted by name, without keys; `active` marks the one in effect. @category profiles */
export const profileSummaries = (stored: StoredProfiles, active: string): ReadonlyArray<ProfileSummary> =>
  Object.keys(stored.profiles)
    .sort()
    .map((name) => {
      const p = stored.profiles[name] ?? {}
      return {
        name,
        active: name === active,
        hasKey: p.apiKey !== undefined,
        host: p.host,
        projectId: p.projectId
      }
    })

/** The file's text: the only place a stored key is unwrapped. @category conversions */
export const serializeProfiles = (stored: StoredProfiles): string => {
  const profiles: Record<string, Record<string, unknown>> = {}
  for (const [name, p] of Object.entries(stored.profiles)) {
    profiles[name] = {
      ...(p.apiKey !== undefined ? { api_key: Redacted.value(p.apiKey) } : {}),
      ...(p.host !== undefined ? { host: p.host } : {}),
      ...(p.projectId !== undefined ? { project: p.projectId } : {}),
      ...(p.allowInsecureHttp === true ? { allow_insecure_http: true } : {})
    }
  }
  const out =
    stored.defaultProfile !== undefined ? { default_profile: stored.defaultProfile, profiles } : { profiles }
  return `${JSON.stringify(out, null, 2)}\n`
}
