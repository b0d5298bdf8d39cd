/**
 * Why a connection setting cannot be used. Thrown by the resolver and the key store, synchronously, so an
 * adapter can turn it into its own exit code or message; `kind` says what kind of fix the user needs.
 *
 * @since 0.2.0
 */
/**
 * - `invalid`: a value (host, project) is wrong; fix the flag, variable or profile it came from.
 * - `missingKey`: no API key anywhere.
 * - `insecure`: the key would travel in clear text, or the host looks like a key.
 * - `unsafeFile`: the key store (or a directory above it) could be changed or read by other users, or is a link.
 * - `unreadable`: the key store exists but cannot be read or written.
 * - `malformed`: the key store is not hogkit's JSON.
 * - `unknownProfile`: a profile was named that the key store does not hold.
 *
 * @category models
 */
export type ConfigProblemKind =
  | "invalid"
  | "missingKey"
  | "insecure"
  | "unsafeFile"
  | "unreadable"
  | "malformed"
  | "unknownProfile"

/** A setting that cannot be used; the message says which, where it came from and how to fix it. @category errors */
export class ConfigProblem extends Error {
  readonly _tag = "ConfigProblem"
  readonly kind: ConfigProblemKind
  constructor(kind: ConfigProblemKind, message: string) {
    super(message)
    this.name = "ConfigProblem"
    this.kind = kind
  }
}

/** @category guards */
export const isConfigProblem = (u: unknown): u is ConfigProblem =>
  u instanceof ConfigProblem ||
  (typeof u === "object" && u !== null && (u as { _tag?: unknown })._tag === "ConfigProblem")
