/**
 * `@hogkit/core/config/node`: everything in `@hogkit/core/config`, plus the key store (the stored profiles
 * file, Node only) and a resolver that reads it.
 *
 * @example
 * ```ts
 * import { resolveStoredConnection } from "@hogkit/core/config/node"
 *
 * const connection = resolveStoredConnection({ flags: { profile: "work" } })
 * connection.apiKey?.source // 'profile "work" in /home/me/.config/hogkit/config.json'
 * ```
 *
 * @since 0.2.0
 */

import { processEnvironment } from "./Environment.js"
import { keyStore } from "./KeyStore.js"
import type { Connection, ResolveInput } from "./Resolver.js"
import { resolveConnection } from "./Resolver.js"

export * from "./index.js"
export {
  configDirectory,
  keyStore,
  keyStorePath,
  type ReadOptions,
  readProfiles,
  type WriteReport,
  writeProfiles
} from "./KeyStore.js"

/**
 * `resolveConnection` with the key store of `input.env` (default `process.env`) as the last place looked.
 *
 * @category resolution
 */
export const resolveStoredConnection = (input: Omit<ResolveInput, "store"> = {}): Connection => {
  const env = input.env ?? processEnvironment()
  return resolveConnection({ ...input, env, store: keyStore(env) })
}
