/**
 * `/api/projects/:project_id/dashboards`: PostHog's `DashboardsViewSet` — basic shape in lists, full
 * shape elsewhere, soft delete and restore through PATCH, the 500-per-project limit (402), creation from
 * a template or another dashboard, and search (exact substring first, else pg_trgm similarity).
 */
import { randomUUID } from "node:crypto"
import { clockOffsetMs } from "../Clock.js"
import type { Action, CachePolicy, Ctx, Reply, Route } from "../Context.js"
import { json } from "../Context.js"
import { isoTimestamp } from "../Database.js"
import { forbidDestroy, limitExceeded, notFound, permissionDenied, validation } from "../Errors.js"
import { type BuiltInTemplate, builtInTemplate, originalTemplateNamed } from "../internal/BuiltInTemplates.js"
import {
  boolField,
  charField,
  choiceField,
  has,
  intField,
  isPlainObject,
  isUuid,
  listField,
  type Obj,
  objectBody,
  strToBool
} from "../internal/Fields.js"
import { offsetPage, offsetWindow } from "../Pagination.js"
import { type UserRow, userBasic, userJson } from "../Rows.js"

export const MAX_DASHBOARDS_PER_TEAM = 500
export const GENERATED_DASHBOARD_PREFIX = "Generated Dashboard"

export interface DashboardRow {
  readonly id: number
  readonly team_id: number
  readonly name: string | null
  readonly description: string
  readonly pinned: boolean
  readonly created_at: string
  readonly created_by: number | null
  readonly deleted: boolean
  readonly last_accessed_at: string | null
  readonly last_refresh: string | null
  readonly filters: unknown
  readonly variables: unknown
  readonly breakdown_colors: unknown
  readonly data_color_theme_id: number | null
  readonly creation_mode: string
  readonly restriction_level: number
  readonly quick_filter_ids: unknown
  readonly tags: string[]
  readonly tiles: unknown[]
  readonly folder: string | null
  readonly cb: UserRow | null
  readonly is_shared: boolean
}

const IS_SHARED =
  "exists(select 1 from sharing_configurations s where s.dashboard_id = d.id and s.enabled and s.expires_at is null)"

const selectFrom = (source: string) =>
  `select d.*, ${userJson("d.created_by")} as cb, ${IS_SHARED} as is_shared from ${source} d`

/** The columns the list's basic shape reads (no tiles, filters or other large JSON). */
const BASIC_COLUMNS = `d.id, d.team_id, d.name, d.description, d.pinned, d.created_at, d.created_by, d.deleted,
  d.last_accessed_at, d.last_refresh, d.creation_mode, d.restriction_level, d.tags, d.folder`

type DashboardBasicRow = Pick<
  DashboardRow,
  | "id"
  | "team_id"
  | "name"
  | "description"
  | "pinned"
  | "created_at"
  | "created_by"
  | "deleted"
  | "last_accessed_at"
  | "last_refresh"
  | "creation_mode"
  | "restriction_level"
  | "tags"
  | "folder"
  | "cb"
  | "is_shared"
>

const SELECT = selectFrom("dashboards")

const basic = (ctx: Ctx, d: DashboardBasicRow) => {
  const advanced = ctx.org.features.includes("advanced_permissions")
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    pinned: d.pinned,
    created_at: isoTimestamp(d.created_at),
    created_by: userBasic(d.cb),
    last_accessed_at: isoTimestamp(d.last_accessed_at),
    last_viewed_at: null,
    is_shared: d.is_shared,
    deleted: d.deleted,
    creation_mode: d.creation_mode,
    tags: d.tags,
    restriction_level: d.restriction_level,
    effective_restriction_level: advanced ? d.restriction_level : 21,
    effective_privilege_level: 37,
    user_access_level: "editor",
    access_control_version: d.restriction_level > 21 ? "v1" : "v2",
    last_refresh: isoTimestamp(d.last_refresh),
    team_id: d.team_id,
    // The project-tree folder it was created in (`_create_in_folder`); null when none was given.
    folder: d.folder
  }
}

/** Python's truthiness for a JSON value: `{}`, `[]`, `""`, `0`, `false` and null are falsy. */
const orNullWhenEmpty = (value: unknown): unknown => {
  if (value === null || value === undefined || value === "" || value === 0 || value === false) return null
  if (Array.isArray(value)) return value.length === 0 ? null : value
  if (typeof value === "object") return Object.keys(value).length === 0 ? null : value
  return value
}

const full = (ctx: Ctx, d: DashboardRow) => ({
  ...basic(ctx, d),
  filters: d.filters,
  variables: d.variables,
  breakdown_colors: d.breakdown_colors,
  data_color_theme_id: d.data_color_theme_id,
  // PostHog: `dashboard.filters if dashboard.filters else None` (an empty object is null here).
  persisted_filters: orNullWhenEmpty(d.filters),
  persisted_variables: orNullWhenEmpty(d.variables),
  quick_filter_ids: d.quick_filter_ids ?? [],
  tiles: d.tiles
})

const parseId = (ctx: Ctx) => {
  const raw = ctx.params.id ?? ""
  if (!/^\d+$/.test(raw) || raw.length > 9) throw notFound()
  return Number(raw)
}

/** The default manager: soft-deleted dashboards are invisible (except to PATCH `deleted: false`). */
const getOne = async (ctx: Ctx, includeDeleted = false): Promise<DashboardRow> => {
  const id = parseId(ctx)
  const { rows } = await ctx.sql.query<DashboardRow>(
    `${SELECT} where d.team_id = $1 and d.id = $2 ${includeDeleted ? "" : "and not d.deleted"}`,
    [ctx.team.id, id]
  )
  if (rows[0] === undefined) throw notFound()
  return rows[0]
}

const byId = async (ctx: Ctx, id: number) =>
  (await ctx.sql.query<DashboardRow>(`${SELECT} where d.id = $1`, [id])).rows[0]!

const list = async (ctx: Ctx): Promise<Reply> => {
  const q = ctx.query
  const where = ["d.team_id = $1", "not d.deleted"]
  const params: unknown[] = [ctx.team.id]
  const add = (sql: (p: string) => string, v: unknown) => {
    params.push(v)
    where.push(sql(`$${params.length}`))
  }
  const mode = q.get("creation_mode")
  if (mode !== null) add((p) => `d.creation_mode = ${p}`, mode)
  else where.push("d.creation_mode <> 'unlisted'")
  if (strToBool(q.get("exclude_generated")))
    add((p) => `coalesce(d.name, '') not like ${p}`, `${GENERATED_DASHBOARD_PREFIX}%`)
  const tags = q.getAll("tags")
  if (tags.length > 0) add((p) => `d.tags && ${p}::text[]`, tags)
  let search = q.get("search")
  let order = "d.pinned desc, d.name asc, d.id asc"
  let matchType: "exact" | "similar" | undefined
  if (search !== null) {
    search = search.replace(/\0/g, "").trim()
    if (search.length > 200) throw validation("Search query must be 200 characters or fewer.", "search")
  }
  if (search !== null && search !== "") {
    params.push(search)
    const p = `$${params.length}`
    const exact = `(strpos(lower(coalesce(d.name, '')), lower(${p})) > 0 or strpos(lower(d.description), lower(${p})) > 0
      or exists(select 1 from unnest(d.tags) t where strpos(lower(t), lower(${p})) > 0))`
    const anyExact = await ctx.sql.query(
      `select 1 from dashboards d where ${where.join(" and ")} and ${exact} limit 1`,
      params
    )
    if (anyExact.rows.length > 0) {
      where.push(exact)
      matchType = "exact"
      order = `(strpos(lower(coalesce(d.name, '')), lower(${p})) > 0) desc, d.pinned desc, d.name asc, d.id asc`
    } else {
      where.push(`(similarity(coalesce(d.name, ''), ${p}) >= 0.3 or similarity(d.description, ${p}) >= 0.4)`)
      matchType = "similar"
      order = `greatest(similarity(coalesce(d.name, ''), ${p}), similarity(d.description, ${p})) desc, d.pinned desc, d.name asc, d.id asc`
    }
  }
  const w = offsetWindow(q)
  // The whole ordering once per listing (until the next write; accesses do not reorder it), then each
  // page reads only its own rows: a client walking every page pays for one sort, not one per page.
  const whereSql = where.join(" and ")
  const ordered = await ctx.memo(`dashboards ${whereSql} ${order} ${JSON.stringify(params)}`, async () => {
    // One text value, not a row per id: PGlite's per-row cost dwarfs the sort's.
    const { rows } = await ctx.sql.query<{ ids: string }>(
      `select coalesce(string_agg(d.id::text, ',' order by ${order}), '') as ids from dashboards d where ${whereSql}`,
      params
    )
    const ids = rows[0]?.ids ?? ""
    return ids === "" ? [] : ids.split(",").map(Number)
  })
  const total = ordered.length
  const pageIds = ordered.slice(w.offset, w.offset + w.limit)
  // The page as one JSON text value, not a row per dashboard: PGlite's per-row cost dwarfs the query's.
  const rows: DashboardBasicRow[] =
    pageIds.length === 0
      ? []
      : JSON.parse(
          (
            await ctx.sql.query<{ page: string }>(
              `select coalesce(json_agg(p order by array_position($1::int[], p.id)), '[]')::text as page
                 from (select ${BASIC_COLUMNS}, ${userJson("d.created_by")} as cb, ${IS_SHARED} as is_shared
                         from dashboards d where d.id = any($1::int[])) p`,
              [pageIds]
            )
          ).rows[0]?.page ?? "[]"
        )
  // Every row carries `search_match_type`, null when the list is not a search (newest PostHog).
  const results = rows.map((r) => ({ ...basic(ctx, r), search_match_type: matchType ?? null }))
  return json(200, offsetPage(ctx.absoluteUrl, w, total, results))
}

interface Fields {
  name?: string | null
  description?: string | null
  pinned?: boolean | null
  last_accessed_at?: string | null
  deleted?: boolean | null
  breakdown_colors?: unknown
  data_color_theme_id?: number | null
  tags?: string[] | null
  restriction_level?: 21 | 37 | null
  last_refresh?: string | null
  quick_filter_ids?: string[] | null
  filters?: unknown
  variables?: unknown
  delete_insights?: boolean | null
}

const dateTime = (o: Obj, key: string) => {
  const v = charField(o, key, { allowNull: true })
  if (v === undefined || v === null) return v
  if (Number.isNaN(Date.parse(v))) {
    throw validation(
      "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].",
      key,
      "invalid"
    )
  }
  return new Date(v).toISOString()
}

const parseFields = (data: Obj): Fields => {
  const f: Fields = {}
  const set = <K extends keyof Fields>(k: K, v: Fields[K] | undefined) => {
    if (v !== undefined) f[k] = v
  }
  set("name", charField(data, "name", { max: 400, allowNull: true, allowBlank: true }))
  set("description", charField(data, "description", { allowBlank: true }))
  set("pinned", boolField(data, "pinned"))
  set("last_accessed_at", dateTime(data, "last_accessed_at"))
  set("deleted", boolField(data, "deleted"))
  if (has(data, "breakdown_colors")) f.breakdown_colors = data.breakdown_colors
  set("data_color_theme_id", intField(data, "data_color_theme_id", true))
  set(
    "tags",
    listField(data, "tags", (o, a) => charField(o, a, { allowBlank: true }) as string)
  )
  set("restriction_level", choiceField(data, "restriction_level", [21, 37] as const))
  set("last_refresh", dateTime(data, "last_refresh"))
  set(
    "quick_filter_ids",
    listField(
      data,
      "quick_filter_ids",
      (o, a) => {
        const v = o[a]
        if (!isUuid(v)) throw validation(`Invalid UUID: ${String(v)}`, "quick_filter_ids")
        return v
      },
      true
    )
  )
  if (f.quick_filter_ids !== undefined && f.quick_filter_ids !== null && f.quick_filter_ids.length > 0) {
    // The emulator has no quick filters, so every id is one PostHog would not find in the project.
    throw validation(`Quick filters not found: ${f.quick_filter_ids.join(", ")}`, "quick_filter_ids")
  }
  if (has(data, "filters")) {
    if (!isPlainObject(data.filters)) throw validation("Filters must be a dictionary")
    f.filters = data.filters
  }
  if (has(data, "variables")) {
    if (data.variables !== null && !isPlainObject(data.variables))
      throw validation("Filters must be a dictionary")
    f.variables = data.variables
  }
  set("delete_insights", boolField(data, "delete_insights"))
  return f
}

const tagsAllowed = (ctx: Ctx) => ctx.org.features.includes("tagging")

/** Turns template tiles into dashboard tiles (PostHog creates insights; the emulator embeds them). */
const tilesFromTemplate = (tiles: unknown): unknown[] =>
  (Array.isArray(tiles) ? tiles : []).map((tile, i) => {
    const t = isPlainObject(tile) ? tile : {}
    const isText = t.type === "TEXT"
    return {
      id: i + 1,
      layouts: t.layouts ?? {},
      color: t.color ?? null,
      insight: isText
        ? null
        : {
            short_id: randomUUID().slice(0, 8),
            name: t.name ?? null,
            description: t.description ?? null,
            query: t.query ?? null,
            filters: t.filters ?? {}
          },
      text: isText ? { body: t.body ?? "" } : null
    }
  })

const create = async (ctx: Ctx): Promise<Reply> => {
  const data = objectBody(ctx.data())
  const f = parseFields(data)
  const useTemplate = charField(data, "use_template", { allowBlank: true })
  const useDashboard = intField(data, "use_dashboard", true)
  const folder = charField(data, "_create_in_folder", { allowBlank: true })
  if (
    useTemplate !== undefined &&
    useTemplate !== null &&
    useTemplate !== "" &&
    useDashboard !== undefined &&
    useDashboard !== null
  ) {
    throw validation("`use_dashboard` and `use_template` cannot be used together")
  }
  const current =
    (
      await ctx.sql.query<{ n: number }>(
        `select count(*)::int as n from dashboards where team_id = $1 and not deleted`,
        [ctx.team.id]
      )
    ).rows[0]?.n ?? 0
  if (current >= MAX_DASHBOARDS_PER_TEAM) {
    throw limitExceeded({
      limit_key: "analytics.max_dashboards_per_team",
      limit: MAX_DASHBOARDS_PER_TEAM,
      current,
      request: { id: randomUUID() }
    })
  }
  let creationMode = "default"
  let filters: unknown = f.filters ?? {}
  let variables: unknown = f.variables ?? null
  let breakdownColors: unknown = f.breakdown_colors ?? null
  let themeId: number | null = f.data_color_theme_id ?? null
  let quickFilters: unknown = f.quick_filter_ids ?? []
  let tiles: unknown[] = []
  let description = f.description ?? ""
  let name = f.name ?? null
  let templateTags: string[] = []
  if (useDashboard !== undefined && useDashboard !== null) {
    const source = (
      await ctx.sql.query<DashboardRow>(
        `select * from dashboards where id = $1 and team_id = $2 and not deleted`,
        [useDashboard, ctx.team.id]
      )
    ).rows[0]
    if (source === undefined) throw validation("Invalid value provided", "use_dashboard")
    creationMode = "duplicate"
    filters = source.filters
    variables = source.variables
    breakdownColors = source.breakdown_colors
    themeId = source.data_color_theme_id
    quickFilters = source.quick_filter_ids
    tiles = source.tiles
  } else if (useTemplate !== undefined && useTemplate !== null && useTemplate !== "") {
    // PostHog's order: the built-in keys, then a stored template by name, then the original template's name.
    const template =
      builtInTemplate(useTemplate) ??
      (
        await ctx.sql.query<BuiltInTemplate>(
          `select template_name, tiles, dashboard_filters, dashboard_description, tags from dashboard_templates
            where (team_id = $1 or scope = 'global') and (deleted is null or deleted = false)
              and (template_name = $2 or id::text = $2) order by (team_id = $1) desc limit 1`,
          [ctx.team.id, useTemplate]
        )
      ).rows[0] ??
      originalTemplateNamed(useTemplate)
    if (template === undefined) throw validation(`Invalid template provided: ${useTemplate}`, "use_template")
    creationMode = "template"
    tiles = tilesFromTemplate(template.tiles)
    if (isPlainObject(template.dashboard_filters)) filters = template.dashboard_filters
    if (f.description === undefined) description = template.dashboard_description ?? ""
    // `create_from_template`: an unnamed dashboard takes the template's name, and the template's tags.
    if ((name === null || name === "") && template.template_name !== null) name = template.template_name
    templateTags = template.tags ?? []
  }
  const { rows } = await ctx.sql.query<{ id: number }>(
    `insert into dashboards (team_id, name, description, pinned, created_by, deleted, last_accessed_at, last_refresh,
       filters, variables, breakdown_colors, data_color_theme_id, creation_mode, restriction_level, quick_filter_ids,
       tags, tiles, folder)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) returning id`,
    [
      ctx.team.id,
      name,
      description,
      f.pinned ?? false,
      ctx.caller.user.id,
      f.deleted ?? false,
      f.last_accessed_at ?? null,
      f.last_refresh ?? null,
      JSON.stringify(filters),
      variables === null ? null : JSON.stringify(variables),
      breakdownColors === null ? null : JSON.stringify(breakdownColors),
      themeId,
      creationMode,
      f.restriction_level ?? 21,
      quickFilters === null ? null : JSON.stringify(quickFilters),
      tagsAllowed(ctx) ? [...new Set([...(f.tags ?? []), ...templateTags])] : [],
      JSON.stringify(tiles),
      folder === undefined || folder === null || folder === "" ? null : folder
    ]
  )
  return json(201, full(ctx, await byId(ctx, rows[0]!.id)))
}

const update = async (ctx: Ctx): Promise<Reply> => {
  const data = objectBody(ctx.data())
  // PATCH `deleted: false` is the one request that can find a soft-deleted dashboard.
  const restoring = data.deleted === false || data.deleted === "false"
  const row = await getOne(ctx, restoring)
  const f = parseFields(data)
  if (
    f.restriction_level !== undefined &&
    f.restriction_level !== row.restriction_level &&
    row.created_by !== ctx.caller.user.id
  ) {
    throw permissionDenied(
      "Only the dashboard owner and project admins have the restriction rights required to change the dashboard's restriction level."
    )
  }
  if (restoring && row.deleted) {
    const current =
      (
        await ctx.sql.query<{ n: number }>(
          `select count(*)::int as n from dashboards where team_id = $1 and not deleted`,
          [ctx.team.id]
        )
      ).rows[0]?.n ?? 0
    if (current >= MAX_DASHBOARDS_PER_TEAM) {
      throw limitExceeded({
        limit_key: "analytics.max_dashboards_per_team",
        limit: MAX_DASHBOARDS_PER_TEAM,
        current,
        request: { id: randomUUID() }
      })
    }
  }
  const sets: string[] = []
  const params: unknown[] = [row.id]
  const set = (column: string, value: unknown) => {
    params.push(value)
    sets.push(`${column} = $${params.length}`)
  }
  if (f.name !== undefined) set("name", f.name)
  if (f.description !== undefined) set("description", f.description ?? "")
  if (f.pinned !== undefined) set("pinned", f.pinned)
  if (f.last_accessed_at !== undefined) set("last_accessed_at", f.last_accessed_at)
  if (f.deleted !== undefined) set("deleted", f.deleted)
  if (f.breakdown_colors !== undefined) set("breakdown_colors", JSON.stringify(f.breakdown_colors))
  if (f.data_color_theme_id !== undefined) set("data_color_theme_id", f.data_color_theme_id)
  if (f.tags !== undefined && tagsAllowed(ctx)) set("tags", [...new Set(f.tags ?? [])])
  if (f.restriction_level !== undefined) set("restriction_level", f.restriction_level)
  if (f.last_refresh !== undefined) set("last_refresh", f.last_refresh)
  if (f.quick_filter_ids !== undefined) set("quick_filter_ids", JSON.stringify(f.quick_filter_ids))
  if (f.filters !== undefined) set("filters", JSON.stringify(f.filters))
  if (f.variables !== undefined) set("variables", JSON.stringify(f.variables))
  if (sets.length > 0) await ctx.sql.query(`update dashboards set ${sets.join(", ")} where id = $1`, params)
  return json(200, full(ctx, await byId(ctx, row.id)))
}

const retrieve = async (ctx: Ctx): Promise<Reply> => {
  // Retrieving marks the dashboard accessed; the update doubles as the visibility check, and reading
  // the row back in the same statement saves a round trip on the most frequent request.
  const { rows } = await ctx.sql.query<DashboardRow>(
    `with touched as (update dashboards set last_accessed_at = emulator_now()
       where team_id = $1 and id = $2 and not deleted returning *)
     ${selectFrom("touched")}`,
    [ctx.team.id, parseId(ctx)]
  )
  if (rows[0] === undefined) throw notFound()
  // A read that writes: cached lists showing this dashboard's last_accessed_at are now stale.
  ctx.mark()
  return json(200, full(ctx, rows[0]))
}

/**
 * A reused retrieve answer still marks the dashboard accessed, as PostHog's retrieve does every time:
 * the body gets "now" and the row gets the same instant (deferred: written before anyone next reads).
 * "Now" is the emulator's clock (`emulator_now()`): `Date.now()` (what PGlite's `clock_timestamp()`
 * reads, at its millisecond precision) plus the offset `PUT /_emulator/clock` set, read once per write.
 */
const retrieveCache: CachePolicy = {
  stamp: {
    field: "last_accessed_at",
    renew: async (ctx) => {
      const id = parseId(ctx)
      const offset = await ctx.memo("emulator-clock-offset", async () => clockOffsetMs(ctx.sql))
      const now = new Date(Date.now() + offset)
      ctx.defer(
        `dashboard-accessed:${id}`,
        "update dashboards set last_accessed_at = $3 where team_id = $1 and id = $2 and not deleted",
        [ctx.team.id, id, now.toISOString()]
      )
      return JSON.stringify(isoTimestamp(now.toISOString()))
    }
  }
}

/**
 * A list page shows every listed dashboard's `last_accessed_at`, which retrieves change without a
 * write (directly, or deferred on a cached retrieve): a kept page is dropped by those too.
 */
const listCache: CachePolicy = { showsMarks: true }

const read = "dashboard:read"
const write = "dashboard:write"
const action = (name: string, scope: string, handle: Action["handle"], cache?: CachePolicy): Action =>
  cache === undefined ? { name, scope, handle } : { name, scope, handle, cache }

export const dashboardRoutes: ReadonlyArray<Route> = [
  {
    path: ["dashboards"],
    methods: { GET: action("list", read, list, listCache), POST: action("create", write, create) }
  },
  {
    path: ["dashboards", ":id"],
    methods: {
      GET: action("retrieve", read, retrieve, retrieveCache),
      PATCH: action("partial_update", write, update),
      PUT: action("update", write, update),
      DELETE: action("destroy", write, async () => {
        throw forbidDestroy()
      })
    }
  }
]
