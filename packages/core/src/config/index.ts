/**
 * `@hogkit/core/config`: how hogkit finds PostHog. Host shorthands and checks, project ids, the environment
 * variables, the stored profiles' shape, and the resolver every adapter uses (flag, then environment, then
 * stored profile, then default, each setting with its source; the key `Redacted` throughout). Runs in
 * browsers too; the key store itself (files) is at `@hogkit/core/config/node`.
 *
 * @example
 * ```ts
 * import { resolveConnection, requireApiKey } from "@hogkit/core/config"
 *
 * const connection = resolveConnection({ flags: { host: "eu" } })
 * connection.host // { value: "https://eu.posthog.com", source: "--host" }
 * const key = requireApiKey(connection) // a ConfigProblem naming POSTHOG_PERSONAL_API_KEY when unset
 * ```
 *
 * @since 0.2.0
 */
export { ENV, type Environment, isTruthy, processEnvironment, read as readVariable } from "./Environment.js"
export {
  CLOUD_HOSTS,
  cloudOf,
  DEFAULT_HOST,
  type HostInput,
  isLoopbackHostname,
  isUsCloud,
  looksLikeApiKey,
  type ResolveHostOptions,
  resolveHost
} from "./Host.js"
export { ConfigProblem, type ConfigProblemKind, isConfigProblem } from "./Problem.js"
export {
  type ActiveProfile,
  activeProfile,
  checkProfileName,
  DEFAULT_PROFILE_NAME,
  emptyProfiles,
  type ProfileChoice,
  type ProfileSource,
  type ProfileSummary,
  parseProfiles,
  profileSummaries,
  putProfile,
  type Removal,
  removeProfile,
  type StoredProfile,
  type StoredProfiles,
  serializeProfiles,
  switchProfile
} from "./Profiles.js"
export { DEFAULT_PROJECT, isProjectId, type ProjectId, parseProjectId } from "./ProjectId.js"
export {
  CLI_FLAG_NAMES,
  type Connection,
  type ConnectionFlags,
  type FlagNames,
  missingKeyMessage,
  OPTION_NAMES,
  type ResolveInput,
  requireApiKey,
  resolveConnection
} from "./Resolver.js"
export type { Setting } from "./Setting.js"
