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
