/**
 * The environment variables hogkit reads, named once. Adapters print these names (in help and hints)
 * from here rather than spelling them out, so a rename happens in one place.
 *
 * @since 0.2.0
 */

/** @category constants */
export const ENV = {
  /** The personal API key (`phx_…`); wins over `apiKey` below. */
  personalApiKey: "POSTHOG_PERSONAL_API_KEY",
  /** The key under its older name, read when `personalApiKey` is unset. */
  apiKey: "POSTHOG_API_KEY",
  /** `us`, `eu` or a URL. */
  host: "POSTHOG_HOST",
  /** A project id or `@current`. */
  projectId: "POSTHOG_PROJECT_ID",
  /** The stored profile to use. */
  profile: "HOGKIT_PROFILE",
  /** `1` lets the key travel over plain `http://` to a host that is not this machine. */
  allowInsecureHttp: "HOGKIT_ALLOW_INSECURE_HTTP"
} as const

/** An environment: `process.env`, or any record of the same shape. @category models */
export type Environment = Readonly<Record<string, string | undefined>>

/** `process.env` where there is one (Node, Deno, Bun), else nothing (browsers, workers). @category constructors */
export const processEnvironment = (): Environment =>
  (globalThis as { process?: { env?: Environment } }).process?.env ?? {}

/** A variable's value; set-but-blank counts as unset. @category getters */
export const read = (env: Environment, name: string): string | undefined => {
  const value = env[name]
  return value === undefined || value.trim() === "" ? undefined : value.trim()
}

/** `1`, `true`, `yes`, `on` (any case) are true. @category getters */
export const isTruthy = (value: string | undefined): boolean =>
  value !== undefined && ["1", "true", "yes", "on"].includes(value.trim().toLowerCase())
