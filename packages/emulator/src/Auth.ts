/**
 * Who is calling: PostHog's personal API key lookup (Bearer header, then the `personal_api_key` body
 * field, then the query parameter), and its API-scope rules (write implies read, `*` is everything).
 */
import { createHash } from "node:crypto"
import type { Sql } from "./Database.js"
import { invalidPersonalApiKey, type KeySource, notAuthenticated } from "./Errors.js"
import type { IdentityCache } from "./IdentityCache.js"
import type { UserRow } from "./Rows.js"

export interface ApiKeyRow {
  readonly id: string
  readonly user_id: number
  readonly scopes: string[]
  readonly scoped_teams: number[] | null
  readonly scoped_organizations: string[] | null
}

export interface Caller {
  readonly user: UserRow
  readonly key: ApiKeyRow
  /** sha256 of the key: what the throttles count by, never the key itself. */
  readonly keyHash: string
}

export const hashKey = (key: string) => `sha256$${createHash("sha256").update(key).digest("hex")}`

const BEARER = /^Bearer\s+(\S.+)$/

/** Finds the key the way `PersonalAPIKeyAuthentication.find_key_with_source` does. */
export const findKey = (
  authorization: string | undefined,
  body: () => unknown,
  query: URLSearchParams
): { key: string; source: KeySource } | undefined => {
  const m = authorization === undefined ? null : BEARER.exec(authorization)
  if (m?.[1] !== undefined) {
    const key = m[1].trim()
    // OAuth access tokens are left to the OAuth authenticator, which the emulator does not have.
    if (!key.startsWith("pha_")) return { key, source: "Authorization header" }
  }
  const data = body()
  if (data !== null && typeof data === "object" && !Array.isArray(data)) {
    const value = (data as Record<string, unknown>).personal_api_key
    if (typeof value === "string" && value !== "") return { key: value, source: "body" }
  }
  const fromQuery = query.get("personal_api_key")
  if (fromQuery !== null && fromQuery !== "") return { key: fromQuery, source: "query string" }
  return undefined
}

export const authenticate = async (
  sql: Sql,
  cache: IdentityCache,
  found: { key: string; source: KeySource } | undefined,
  siteUrl: string
): Promise<Caller> => {
  if (found === undefined) throw notAuthenticated(siteUrl)
  const keyHash = hashKey(found.key)
  const known = cache.callers.get(keyHash)
  if (known !== undefined) return known
  const { rows } = await sql.query<ApiKeyRow & { u: UserRow }>(
    `select k.id, k.user_id, k.scopes, k.scoped_teams, k.scoped_organizations, row_to_json(u.*) as u
       from personal_api_keys k join users u on u.id = k.user_id where k.secure_value = $1`,
    [keyHash]
  )
  const row = rows[0]
  if (row === undefined) throw invalidPersonalApiKey(found.source, siteUrl)
  const { u, ...key } = row
  const caller = { user: u, key, keyHash }
  cache.callers.set(keyHash, caller)
  return caller
}

/** `X:write` satisfies `X:read`; `*` satisfies everything. */
export const hasScope = (scopes: ReadonlyArray<string>, required: string): boolean => {
  if (scopes.includes("*") || scopes.includes(required)) return true
  const [object, action] = required.split(":")
  return action === "read" && scopes.includes(`${object}:write`)
}
