/**
 * `/api/projects/:project_id/dashboards/:dashboard_id/sharing`: one configuration per dashboard. A GET
 * never persists; the first PATCH does. Refresh issues a new token and keeps the settings; passwords
 * need the `advanced_permissions` feature and answer with PostHog's ad-hoc `{"error": ...}` bodies.
 */
import { createHash, randomBytes } from "node:crypto"
import type { Action, Ctx, Reply, Route } from "../Context.js"
import { json } from "../Context.js"
import { isoTimestamp } from "../Database.js"
import { adHoc, notFound, permissionDenied, validation } from "../Errors.js"
import { boolField, charField, has, isPlainObject, type Obj, objectBody } from "../internal/Fields.js"

/** `secrets.token_urlsafe(22)`: 30 URL-safe characters. */
const newToken = () => randomBytes(22).toString("base64url")

interface ConfigRow {
  readonly id: number
  readonly enabled: boolean
  readonly access_token: string
  readonly ever_enabled: boolean
  readonly settings: Obj | null
  readonly password_required: boolean
  readonly created_at: string
}

interface PasswordRow {
  readonly id: number
  readonly created_at: string
  readonly note: string
  readonly email: string | null
  readonly is_active: boolean
}

const dashboardOf = async (ctx: Ctx) => {
  const raw = ctx.params.dashboard_id ?? ""
  const id = /^\d{1,9}$/.test(raw) ? Number(raw) : -1
  const { rows } = await ctx.sql.query<{ id: number }>(
    `select id from dashboards where id = $1 and team_id = $2 and not deleted`,
    [id, ctx.team.id]
  )
  if (rows[0] === undefined) throw notFound("Dashboard not found.")
  return rows[0].id
}

const currentConfig = async (ctx: Ctx, dashboardId: number) =>
  (
    await ctx.sql.query<ConfigRow>(
      `select * from sharing_configurations where dashboard_id = $1 and expires_at is null order by id desc limit 1`,
      [dashboardId]
    )
  ).rows[0]

const passwordsOf = async (ctx: Ctx, configId: number) =>
  (
    await ctx.sql.query<PasswordRow>(
      `select p.id, p.created_at, p.note, p.is_active, u.email from share_passwords p
         left join users u on u.id = p.created_by where p.sharing_configuration_id = $1 and p.is_active order by p.id`,
      [configId]
    )
  ).rows

/** What the caller may do with the shared dashboard: every member edits every dashboard here. */
const USER_ACCESS_LEVEL = "editor"

const render = async (ctx: Ctx, c: ConfigRow) => ({
  created_at: isoTimestamp(c.created_at),
  enabled: c.enabled,
  access_token: c.access_token,
  settings: c.settings,
  password_required: c.password_required,
  share_passwords: (await passwordsOf(ctx, c.id)).map((p) => ({
    id: p.id,
    created_at: isoTimestamp(p.created_at),
    note: p.note,
    created_by_email: p.email ?? "deleted user",
    is_active: p.is_active
  })),
  user_access_level: USER_ACCESS_LEVEL
})

const unsaved = () => ({
  created_at: null,
  enabled: false,
  access_token: newToken(),
  settings: null,
  password_required: false,
  share_passwords: [],
  user_access_level: USER_ACCESS_LEVEL
})

const get = async (ctx: Ctx): Promise<Reply> => {
  const config = await currentConfig(ctx, await dashboardOf(ctx))
  return json(200, config === undefined ? unsaved() : await render(ctx, config))
}

const hasAdvanced = (ctx: Ctx) => ctx.org.features.includes("advanced_permissions")

/** The settings keys PostHog's `SharingConfigurationSettingsSerializer` keeps; others are dropped. */
const SharingSettingsKeys = [
  "whitelabel",
  "noHeader",
  "showInspector",
  "legend",
  "detailed",
  "hideExtraDetails",
  "theme"
] as const

/** Known keys kept, unknown dropped; non-objects refused. */
const cleanSettings = (value: unknown): Obj | null => {
  if (value === null) return null
  if (!isPlainObject(value)) throw validation("Invalid settings format", "settings")
  const out: Obj = {}
  for (const key of SharingSettingsKeys) if (has(value, key)) out[key] = value[key]
  return out
}

const patch = async (ctx: Ctx): Promise<Reply> => {
  const dashboardId = await dashboardOf(ctx)
  const data = objectBody(ctx.data())
  const enabled = boolField(data, "enabled")
  const passwordRequired = boolField(data, "password_required")
  const settings = has(data, "settings") ? cleanSettings(data.settings) : undefined
  if (passwordRequired === true && !hasAdvanced(ctx)) {
    throw adHoc(403, "Sharing with password requires the Advanced Permissions feature")
  }
  if (enabled === true && !ctx.org.allow_publicly_shared_resources) {
    throw permissionDenied("Public sharing is disabled for this organization.")
  }
  let config = await currentConfig(ctx, dashboardId)
  if (config === undefined) {
    config = (
      await ctx.sql.query<ConfigRow>(
        `insert into sharing_configurations (team_id, dashboard_id, access_token) values ($1, $2, $3) returning *`,
        [ctx.team.id, dashboardId, newToken()]
      )
    ).rows[0]!
  }
  const sets: string[] = []
  const params: unknown[] = [config.id]
  const set = (column: string, value: unknown) => {
    params.push(value)
    sets.push(`${column} = $${params.length}`)
  }
  if (enabled !== undefined && enabled !== null) set("enabled", enabled)
  if (enabled === true) {
    // Newest PostHog: a link enabled again after being disabled is a new link; the old token stops working.
    if (!config.enabled && config.ever_enabled) set("access_token", newToken())
    set("ever_enabled", true)
  }
  if (passwordRequired !== undefined && passwordRequired !== null) set("password_required", passwordRequired)
  if (settings !== undefined) set("settings", settings === null ? null : JSON.stringify(settings))
  if (sets.length > 0)
    await ctx.sql.query(`update sharing_configurations set ${sets.join(", ")} where id = $1`, params)
  return json(200, await render(ctx, (await currentConfig(ctx, dashboardId))!))
}

const refresh = async (ctx: Ctx): Promise<Reply> => {
  const dashboardId = await dashboardOf(ctx)
  const old = await currentConfig(ctx, dashboardId)
  const created = (
    await ctx.sql.query<ConfigRow>(
      `insert into sharing_configurations (team_id, dashboard_id, access_token, enabled, settings, password_required,
         ever_enabled)
       values ($1, $2, $3, $4, $5, $6, $7) returning *`,
      [
        ctx.team.id,
        dashboardId,
        newToken(),
        old?.enabled ?? false,
        old?.settings === null || old?.settings === undefined ? null : JSON.stringify(old.settings),
        old?.password_required ?? false,
        old === undefined ? false : old.ever_enabled || old.enabled
      ]
    )
  ).rows[0]!
  if (old !== undefined) {
    // The old token keeps working for PostHog's five-minute grace period.
    await ctx.sql.query(
      `update sharing_configurations set expires_at = emulator_now() + interval '5 minutes' where id = $1`,
      [old.id]
    )
    await ctx.sql.query(
      `insert into share_passwords (sharing_configuration_id, created_at, created_by, note, password_hash, is_active)
       select $2, created_at, created_by, note, password_hash, true from share_passwords
        where sharing_configuration_id = $1 and is_active order by id`,
      [old.id, created.id]
    )
  }
  return json(200, await render(ctx, created))
}

export const hashPassword = (raw: string) => `sha256$${createHash("sha256").update(raw).digest("hex")}`

const createPassword = async (ctx: Ctx): Promise<Reply> => {
  const dashboardId = await dashboardOf(ctx)
  const config = await currentConfig(ctx, dashboardId)
  if (config === undefined || !config.password_required) {
    throw adHoc(400, "Password protection must be enabled before creating passwords")
  }
  if (!hasAdvanced(ctx)) throw adHoc(403, "Password management requires the Advanced Permissions feature")
  const data = objectBody(ctx.data())
  const raw = charField(data, "raw_password", { allowBlank: true, allowNull: true, trim: false })
  const note = charField(data, "note", { max: 100, allowBlank: true, allowNull: true }) ?? ""
  if (raw !== undefined && raw !== null && raw !== "" && raw.length < 8) {
    throw validation("Password must be at least 8 characters long.", "raw_password")
  }
  const password =
    raw === undefined || raw === null || raw === "" ? randomBytes(18).toString("base64url") : raw
  const row = (
    await ctx.sql.query<{ id: number; created_at: string }>(
      `insert into share_passwords (sharing_configuration_id, created_by, note, password_hash)
       values ($1, $2, $3, $4) returning id, created_at`,
      [config.id, ctx.caller.user.id, note, hashPassword(password)]
    )
  ).rows[0]!
  return json(201, {
    id: row.id,
    password,
    note,
    created_at: isoTimestamp(row.created_at),
    created_by_email: ctx.caller.user.email
  })
}

const deletePassword = async (ctx: Ctx): Promise<Reply> => {
  const dashboardId = await dashboardOf(ctx)
  if (!hasAdvanced(ctx)) throw adHoc(403, "Password management requires the Advanced Permissions feature")
  const config = await currentConfig(ctx, dashboardId)
  const raw = ctx.params.password_id ?? ""
  const id = /^\d{1,9}$/.test(raw) ? Number(raw) : -1
  const { rows } = await ctx.sql.query(
    `update share_passwords set is_active = false where id = $1 and sharing_configuration_id = $2 and is_active returning id`,
    [id, config?.id ?? -1]
  )
  if (rows.length === 0) throw notFound("Password not found")
  return { status: 204 }
}

const read = "sharing_configuration:read"
const write = "sharing_configuration:write"
const action = (name: string, scope: string, handle: Action["handle"]): Action => ({ name, scope, handle })

export const sharingRoutes: ReadonlyArray<Route> = [
  {
    path: ["dashboards", ":dashboard_id", "sharing"],
    methods: { GET: action("list", read, get), PATCH: action("patch", write, patch) }
  },
  {
    path: ["dashboards", ":dashboard_id", "sharing", "refresh"],
    methods: { POST: action("refresh", write, refresh) }
  },
  {
    path: ["dashboards", ":dashboard_id", "sharing", "passwords"],
    methods: { POST: action("create_password", write, createPassword) }
  },
  {
    path: ["dashboards", ":dashboard_id", "sharing", "passwords", ":password_id"],
    methods: { DELETE: action("delete_password", write, deletePassword) }
  }
]
