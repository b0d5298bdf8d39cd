/**
 * `GET /api/personal_api_keys/@current/`: the key in use describing itself, so `hogkit auth status` can
 * show its scopes. PostHog lets any valid key read itself, so no scope is checked. Only what the emulator
 * stores is served; the key itself never is — `mask_value` shows its prefix and last four characters.
 */
import type { Caller } from "../Auth.js"
import type { Sql } from "../Database.js"

/** The `@current` segment, percent-encoded or not. */
export const CURRENT_KEY_PATH = /^\/api\/personal_api_keys\/(?:@|%40)current\/?$/i

/** PostHog's `mask_key_value`: the first four and last four characters. */
export const maskKey = (key: string) =>
  key.length < 8 ? "********" : `${key.slice(0, 4)}...${key.slice(-4)}`

export const currentKey = async (sql: Sql, caller: Caller, presented: string) => {
  const { rows } = await sql.query<{ label: string | null; created_at: string }>(
    `select label, created_at from personal_api_keys where id = $1`,
    [caller.key.id]
  )
  const row = rows[0]
  return {
    id: caller.key.id,
    label: row?.label ?? null,
    mask_value: maskKey(presented),
    scopes: caller.key.scopes,
    scoped_teams: caller.key.scoped_teams,
    scoped_organizations: caller.key.scoped_organizations,
    created_at: row === undefined ? null : new Date(row.created_at).toISOString(),
    // The emulator does not record key use.
    last_used_at: null
  }
}
