/**
 * The state the emulator boots into (interfaces.md): organization "Default" with the
 * `advanced_permissions` and `tagging` features and the template-authoring flag, project 1, user 1
 * (`user@example.com`, not staff) and a personal API key with scope `*`.
 */
import { randomBytes, randomUUID } from "node:crypto"
import { hashKey } from "./Auth.js"
import { setClockOffsetMs } from "./Clock.js"
import type { Sql } from "./Database.js"
import { dataTables } from "./migrations.js"
import { AUTHORING_FLAG } from "./resources/DashboardTemplates.js"

export interface BootIds {
  readonly organizationId: string
  readonly projectId: number
  readonly userId: number
  readonly apiKey: string
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

/** `phx_` + base62 of 35 random bytes, like PostHog's personal API keys. */
export const generateApiKey = () => {
  let n = BigInt(`0x${randomBytes(35).toString("hex")}`)
  let out = ""
  while (n > 0n) {
    out = BASE62[Number(n % 62n)] + out
    n /= 62n
  }
  return `phx_${out}`
}

export const generateKeyId = () => randomBytes(12).toString("hex")

const meta = async (sql: Sql, key: string) =>
  (await sql.query<{ value: string }>(`select value from emulator_meta where key = $1`, [key])).rows[0]?.value

const setMeta = (sql: Sql, key: string, value: string) =>
  sql.query(
    `insert into emulator_meta (key, value) values ($1, $2) on conflict (key) do update set value = $2`,
    [key, value]
  )

const insertBootRows = async (sql: Sql, ids: BootIds) => {
  await sql.query(`insert into organizations (id, name, features, flags) values ($1, 'Default', $2, $3)`, [
    ids.organizationId,
    ["advanced_permissions", "tagging"],
    [AUTHORING_FLAG]
  ])
  await sql.query(`insert into projects (organization_id, name) values ($1, 'Default project')`, [
    ids.organizationId
  ])
  await sql.query(
    `insert into users (uuid, distinct_id, email, first_name, last_name, is_staff, is_email_verified, current_team_id)
     values ($1, $2, 'user@example.com', 'Emulator', 'User', false, true, 1)`,
    [randomUUID(), randomBytes(16).toString("hex")]
  )
  await sql.query(`insert into memberships (user_id, organization_id) values (1, $1)`, [ids.organizationId])
  await sql.query(
    `insert into personal_api_keys (id, user_id, secure_value, scopes) values ($1, 1, $2, '{*}')`,
    [generateKeyId(), hashKey(ids.apiKey)]
  )
}

/**
 * Opens the boot state: creates it in an empty database, keeps it in a persisted one (switching the
 * default key to `requestedKey` when one is given).
 */
export const ensureBootState = async (sql: Sql, requestedKey: string | undefined): Promise<BootIds> => {
  const storedOrg = await meta(sql, "organization_id")
  const storedKey = await meta(sql, "api_key")
  if (storedOrg !== undefined && storedKey !== undefined) {
    const apiKey = requestedKey ?? storedKey
    if (apiKey !== storedKey) {
      await sql.query(`update personal_api_keys set secure_value = $1 where secure_value = $2`, [
        hashKey(apiKey),
        hashKey(storedKey)
      ])
      await setMeta(sql, "api_key", apiKey)
    }
    return { organizationId: storedOrg, projectId: 1, userId: 1, apiKey }
  }
  const ids: BootIds = {
    organizationId: randomUUID(),
    projectId: 1,
    userId: 1,
    apiKey: requestedKey ?? generateApiKey()
  }
  await insertBootRows(sql, ids)
  await setMeta(sql, "organization_id", ids.organizationId)
  await setMeta(sql, "api_key", ids.apiKey)
  return ids
}

/** Empties every table and recreates the boot state with the same ids and key. */
export const resetToBootState = async (sql: Sql, ids: BootIds) => {
  await sql.query(`truncate ${dataTables.join(", ")} restart identity cascade`)
  await setClockOffsetMs(sql, 0)
  await insertBootRows(sql, ids)
}
