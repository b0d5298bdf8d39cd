/**
 * `/api/projects/:project_id/dashboard_templates`: PostHog's `DashboardTemplateViewSet` — scope-based
 * visibility, staff/flag authoring rules, the per-organization limit, unique names per project, weighted
 * full-text search, `json_schema` and `copy_between_projects`.
 */
import { randomUUID } from "node:crypto"
import type { Action, Ctx, Reply, Route } from "../Context.js"
import { json } from "../Context.js"
import { isoTimestamp } from "../Database.js"
import { ApiError, forbidDestroy, notFound, permissionDenied, validation } from "../Errors.js"
import {
  boolField,
  canonicalUuid,
  charField,
  choiceField,
  has,
  isUuid,
  listField,
  type Obj,
  objectBody,
  strToBool,
  uuidField
} from "../internal/Fields.js"
import { nonPortableReferences } from "../internal/NonPortableReferences.js"
import { templateJsonSchema } from "../internal/TemplateJsonSchema.js"
import { offsetPage, offsetWindow } from "../Pagination.js"
import { type UserRow, userBasic, userJson } from "../Rows.js"

export const MAX_TEMPLATES_PER_ORGANIZATION = 100
export const AUTHORING_FLAG = "customer-dashboard-template-authoring"

export interface TemplateRow {
  readonly id: string
  readonly team_id: number | null
  readonly template_name: string | null
  readonly dashboard_description: string | null
  readonly dashboard_filters: unknown
  readonly tiles: unknown
  readonly variables: unknown
  readonly tags: string[] | null
  readonly created_at: string | null
  readonly deleted: boolean | null
  readonly image_url: string | null
  readonly scope: string | null
  readonly availability_contexts: string[] | null
  readonly is_featured: boolean
  readonly cb: UserRow | null
}

const SELECT = `select t.*, ${userJson("t.created_by")} as cb from dashboard_templates t`

const render = (t: TemplateRow) => ({
  id: t.id,
  template_name: t.template_name,
  dashboard_description: t.dashboard_description,
  dashboard_filters: t.dashboard_filters,
  tags: t.tags,
  tiles: t.tiles,
  variables: t.variables,
  deleted: t.deleted,
  created_at: isoTimestamp(t.created_at),
  created_by: userBasic(t.cb),
  image_url: t.image_url,
  team_id: t.team_id,
  scope: t.scope,
  availability_contexts: t.availability_contexts,
  is_featured: t.is_featured,
  non_portable_references: nonPortableReferences(t.tiles)
})

export const UNIQUE_NAME_DETAIL = "A dashboard template with this name already exists for this project."
export const uniqueNameError = () => validation(UNIQUE_NAME_DETAIL, null, "unique_template_name_per_team")
const limitDetail = `Your organization has reached the limit of ${MAX_TEMPLATES_PER_ORGANIZATION} dashboard templates. Delete a template before creating or restoring another.`

/** `dangerously_get_queryset`: visibility by the `scope` query parameter, soft-deleted rows included. */
const visible = (ctx: Ctx) => {
  const scope = ctx.query.get("scope")
  if (scope === "feature_flag") return { where: "t.scope = 'feature_flag'", params: [] as unknown[] }
  if (scope === "global") return { where: "t.scope = 'global'", params: [] as unknown[] }
  if (scope === "team")
    return { where: "t.team_id = $1 and t.scope = 'team'", params: [ctx.team.id] as unknown[] }
  return { where: "(t.team_id = $1 or t.scope = 'global')", params: [ctx.team.id] as unknown[] }
}

const getOne = async (ctx: Ctx): Promise<TemplateRow> => {
  const id = ctx.params.id ?? ""
  if (!isUuid(id)) throw notFound()
  const { where, params } = visible(ctx)
  params.push(canonicalUuid(id))
  const { rows } = await ctx.sql.query<TemplateRow>(
    `${SELECT} where ${where} and t.id = $${params.length}`,
    params
  )
  if (rows[0] === undefined) throw notFound()
  return rows[0]
}

const byId = async (ctx: Ctx, id: string) =>
  (await ctx.sql.query<TemplateRow>(`${SELECT} where t.id = $1`, [id])).rows[0]!

const SEARCH_VECTOR = `setweight(to_tsvector('english', coalesce(t.template_name, '')), 'A')
  || setweight(to_tsvector('english', coalesce(array_to_string(t.tags, ' '), '')), 'B')
  || setweight(to_tsvector('english', coalesce(t.dashboard_description, '')), 'C')`

const ORDERINGS: Record<string, string> = {
  template_name: "lower(t.template_name) asc nulls last",
  "-template_name": "lower(t.template_name) desc nulls first",
  created_at: "t.created_at asc",
  "-created_at": "t.created_at desc"
}

const list = async (ctx: Ctx): Promise<Reply> => {
  const { where: base, params } = visible(ctx)
  const where = [base, "(t.deleted is null or t.deleted = false)"]
  const featuredParam = ctx.query.get("is_featured")
  if (featuredParam !== null) {
    const featured = strToBool(featuredParam)
    where.push(`t.is_featured = ${featured ? "true" : "false"}`)
    if (featured && ctx.query.get("scope") !== "feature_flag")
      where.push("t.scope is distinct from 'feature_flag'")
  }
  const search = ctx.query.get("search")
  let rank = ""
  let order: string
  if (search !== null && search !== "") {
    params.push(search)
    rank = `, ts_rank(${SEARCH_VECTOR}, plainto_tsquery('english', $${params.length})) as rank`
    where.push(`ts_rank(${SEARCH_VECTOR}, plainto_tsquery('english', $${params.length})) > 0.05`)
    order = "t.is_featured desc, rank desc, lower(t.template_name) asc, t.seq asc"
  } else {
    const ordering = ORDERINGS[ctx.query.get("ordering") ?? ""] ?? ORDERINGS.template_name
    order = `t.is_featured desc, ${ordering}, t.seq asc`
  }
  const w = offsetWindow(ctx.query)
  const countRows = await ctx.sql.query<{ n: number }>(
    `select count(*)::int as n from dashboard_templates t where ${where.join(" and ")}`,
    params
  )
  const total = countRows.rows[0]?.n ?? 0
  const { rows } = await ctx.sql.query<TemplateRow>(
    `select t.*, ${userJson("t.created_by")} as cb${rank} from dashboard_templates t where ${where.join(" and ")}
     order by ${order} limit ${w.limit} offset ${w.offset}`,
    params
  )
  return json(200, offsetPage(ctx.absoluteUrl, w, total, rows.map(render)))
}

/** `CustomerDashboardTemplateWritePermission` for unsafe methods. */
const canAuthor = (ctx: Ctx) => {
  if (ctx.caller.user.is_staff) return
  if (!ctx.org.flags.includes(AUTHORING_FLAG)) {
    throw permissionDenied("You don't have edit permissions for this dashboard template.")
  }
}

const canEditObject = (ctx: Ctx, t: TemplateRow) => {
  if (ctx.caller.user.is_staff) return
  if (t.scope === "global" || t.scope === "feature_flag" || t.team_id !== ctx.team.id) {
    throw permissionDenied("You don't have edit permissions for this dashboard template.")
  }
}

const countInOrganization = async (ctx: Ctx) => {
  const { rows } = await ctx.sql.query<{ n: number }>(
    `select count(*)::int as n from dashboard_templates t join projects p on p.id = t.team_id
      where p.organization_id = $1 and (t.deleted is null or t.deleted = false)`,
    [ctx.org.id]
  )
  return rows[0]?.n ?? 0
}

const enforceLimit = async (ctx: Ctx) => {
  if ((await countInOrganization(ctx)) >= MAX_TEMPLATES_PER_ORGANIZATION) throw validation(limitDetail)
}

const nameTaken = async (ctx: Ctx, teamId: number | null, name: string | null, exceptId?: string) => {
  if (name === null || teamId === null) return false
  const { rows } = await ctx.sql.query(
    `select 1 from dashboard_templates where team_id = $1 and template_name = $2
       and (deleted is null or deleted = false) and id <> $3`,
    [teamId, name, exceptId ?? "00000000-0000-0000-0000-000000000000"]
  )
  return rows.length > 0
}

const SCOPES = ["team", "global", "feature_flag", ""] as const

const parseFields = (data: Obj) => ({
  template_name: charField(data, "template_name", { max: 400, allowNull: true, allowBlank: true }),
  dashboard_description: charField(data, "dashboard_description", {
    max: 400,
    allowNull: true,
    allowBlank: true
  }),
  dashboard_filters: has(data, "dashboard_filters") ? data.dashboard_filters : undefined,
  tags: listField(
    data,
    "tags",
    (o, attr) => charField(o, attr, { max: 255, allowBlank: true }) as string,
    true
  ),
  tiles: has(data, "tiles") ? data.tiles : undefined,
  variables: has(data, "variables") ? data.variables : undefined,
  deleted: boolField(data, "deleted", true),
  image_url: charField(data, "image_url", { max: 8201, allowNull: true, allowBlank: true }),
  scope: choiceField(data, "scope", SCOPES, true),
  availability_contexts: listField(
    data,
    "availability_contexts",
    (o, attr) => charField(o, attr, { max: 255 }) as string,
    true
  ),
  is_featured: boolField(data, "is_featured")
})

const jsonOrNull = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v))

const create = async (ctx: Ctx): Promise<Reply> => {
  canAuthor(ctx)
  const data = objectBody(ctx.data())
  const staff = ctx.caller.user.is_staff
  if (!staff) {
    for (const key of ["availability_contexts", "image_url", "github_url"]) {
      if (has(data, key)) throw validation("You cannot set this field when creating a project template.", key)
    }
  }
  const f = parseFields(data)
  if (!staff) {
    if (f.scope !== undefined && f.scope !== null && f.scope !== "" && f.scope !== "team") {
      throw validation("Project templates must use team scope.", "scope")
    }
    if (f.is_featured === true) throw validation("Only staff can mark templates as featured.", "is_featured")
  }
  if (f.tiles === undefined) {
    // PostHog indexes validated_data["tiles"] without a default: a KeyError, hence its 500.
    throw new ApiError(500, {
      type: "server_error",
      code: "error",
      detail: "A server error occurred.",
      attr: null
    })
  }
  if (f.tiles === null || (Array.isArray(f.tiles) && f.tiles.length === 0)) {
    throw validation("You need to provide tiles for the template.")
  }
  const deleted = f.deleted === true
  if (!deleted) await enforceLimit(ctx)
  const scope = staff
    ? f.scope === undefined || f.scope === null || f.scope === ""
      ? "team"
      : f.scope
    : "team"
  if (!deleted && (await nameTaken(ctx, ctx.team.id, f.template_name ?? null))) throw uniqueNameError()
  const id = randomUUID()
  await ctx.sql.query(
    `insert into dashboard_templates (id, team_id, template_name, dashboard_description, dashboard_filters, tiles,
       variables, tags, created_by, deleted, image_url, scope, availability_contexts, is_featured)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      id,
      ctx.team.id,
      f.template_name ?? null,
      f.dashboard_description ?? null,
      jsonOrNull(f.dashboard_filters),
      jsonOrNull(f.tiles),
      jsonOrNull(f.variables),
      f.tags ?? null,
      ctx.caller.user.id,
      f.deleted ?? null,
      staff ? (f.image_url ?? null) : null,
      scope,
      staff ? (f.availability_contexts ?? null) : null,
      staff ? (f.is_featured ?? false) : false
    ]
  )
  return json(201, render(await byId(ctx, id)))
}

const NON_STAFF_PATCHABLE = ["template_name", "dashboard_description", "tags", "deleted"]

const update = async (ctx: Ctx): Promise<Reply> => {
  canAuthor(ctx)
  const row = await getOne(ctx)
  canEditObject(ctx, row)
  const data = objectBody(ctx.data())
  const staff = ctx.caller.user.is_staff
  if (!staff) {
    for (const key of Object.keys(data)) {
      if (!NON_STAFF_PATCHABLE.includes(key) && key !== "personal_api_key") {
        throw validation(
          "Only name, description, tags, and delete can be changed for project templates.",
          key
        )
      }
    }
  }
  const f = parseFields(data)
  let teamId = row.team_id
  if (staff && f.scope === "team" && teamId === null) teamId = ctx.team.id
  const restoring = f.deleted === false && row.deleted === true
  if (restoring) await enforceLimit(ctx)
  const name = f.template_name === undefined ? row.template_name : f.template_name
  const willBeLive = f.deleted === undefined ? row.deleted !== true : f.deleted !== true
  if (willBeLive && (await nameTaken(ctx, teamId, name, row.id))) throw uniqueNameError()
  const sets: string[] = []
  const params: unknown[] = [row.id]
  const set = (column: string, value: unknown) => {
    params.push(value)
    sets.push(`${column} = $${params.length}`)
  }
  if (f.template_name !== undefined) set("template_name", f.template_name)
  if (f.dashboard_description !== undefined) set("dashboard_description", f.dashboard_description)
  if (f.dashboard_filters !== undefined) set("dashboard_filters", jsonOrNull(f.dashboard_filters))
  if (f.tags !== undefined) set("tags", f.tags)
  if (f.tiles !== undefined) set("tiles", jsonOrNull(f.tiles))
  if (f.variables !== undefined) set("variables", jsonOrNull(f.variables))
  if (f.deleted !== undefined) set("deleted", f.deleted)
  if (f.image_url !== undefined) set("image_url", f.image_url)
  if (f.scope !== undefined) set("scope", f.scope)
  if (f.availability_contexts !== undefined) set("availability_contexts", f.availability_contexts)
  if (f.is_featured !== undefined) set("is_featured", f.is_featured)
  if (teamId !== row.team_id) set("team_id", teamId)
  if (sets.length > 0)
    await ctx.sql.query(`update dashboard_templates set ${sets.join(", ")} where id = $1`, params)
  return json(200, render(await byId(ctx, row.id)))
}

const copyBetweenProjects = async (ctx: Ctx): Promise<Reply> => {
  canAuthor(ctx)
  const data = objectBody(ctx.data())
  const sourceId = uuidField(data, "source_template_id", { required: true })!
  const source = (
    await ctx.sql.query<TemplateRow & { org: string | null }>(
      `select t.*, null as cb, p.organization_id as org from dashboard_templates t
         left join projects p on p.id = t.team_id where t.id = $1 and (t.deleted is null or t.deleted = false)`,
      [sourceId]
    )
  ).rows[0]
  if (source === undefined) throw notFound()
  const onlyProject = "Only project-scoped templates can be copied to another project."
  if (source.scope === "global") throw validation(onlyProject, "source_template_id")
  if (source.scope === "feature_flag") {
    throw validation("Feature-flag templates cannot be copied with this endpoint.", "source_template_id")
  }
  if (source.scope !== "team" || source.team_id === null) throw validation(onlyProject, "source_template_id")
  if (source.team_id === ctx.team.id) {
    throw validation("Source and destination must be different projects.", "source_template_id")
  }
  if (source.org !== ctx.org.id) throw notFound()
  if (!ctx.caller.user.is_staff) {
    const member = await ctx.sql.query(
      `select 1 from memberships where user_id = $1 and organization_id = $2`,
      [ctx.caller.user.id, source.org]
    )
    if (member.rows.length === 0) throw notFound()
  }
  await enforceLimit(ctx)
  const base = (source.template_name ?? "").trim() || "Untitled template"
  let name: string | undefined
  for (let attempt = 0; attempt < 50 && name === undefined; attempt++) {
    const candidate = attempt === 0 ? base : attempt === 1 ? `${base} (copy)` : `${base} (copy ${attempt})`
    if (!(await nameTaken(ctx, ctx.team.id, candidate))) name = candidate
  }
  if (name === undefined) {
    throw validation(
      "Could not find an available template name after multiple attempts. Rename the source template and try again.",
      null,
      "template_name_exhausted"
    )
  }
  const id = randomUUID()
  await ctx.sql.query(
    `insert into dashboard_templates (id, team_id, template_name, dashboard_description, dashboard_filters, tiles,
       variables, tags, created_by, deleted, image_url, scope, availability_contexts, is_featured)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, false, null, 'team', null, false)`,
    [
      id,
      ctx.team.id,
      name,
      source.dashboard_description,
      jsonOrNull(source.dashboard_filters),
      JSON.stringify(source.tiles ?? []),
      jsonOrNull(source.variables),
      source.tags ?? [],
      ctx.caller.user.id
    ]
  )
  return json(201, render(await byId(ctx, id)))
}

const read = "dashboard_template:read"
const write = "dashboard_template:write"

const action = (name: string, scope: string | null, handle: Action["handle"], lenient?: string): Action =>
  lenient === undefined ? { name, scope, handle } : { name, scope, handle, lenient }
/** Reads of stored rows only: their answers may be reused until the next write. */
const cachedRead = (name: string, handle: Action["handle"]): Action => ({
  name,
  scope: read,
  handle,
  cache: {}
})

export const dashboardTemplateRoutes: ReadonlyArray<Route> = [
  {
    path: ["dashboard_templates"],
    methods: { GET: cachedRead("list", list), POST: action("create", write, create) }
  },
  {
    path: ["dashboard_templates", "json_schema"],
    methods: {
      GET: action(
        "json_schema",
        null,
        async () => ({ status: 200, body: templateJsonSchema, headers: { "Cache-Control": "max-age=120" } }),
        read
      )
    }
  },
  {
    path: ["dashboard_templates", "copy_between_projects"],
    methods: { POST: action("copy_between_projects", null, copyBetweenProjects, write) }
  },
  {
    path: ["dashboard_templates", ":id"],
    methods: {
      GET: cachedRead("retrieve", async (ctx) => json(200, render(await getOne(ctx)))),
      PATCH: action("partial_update", write, update),
      PUT: action("update", write, update),
      DELETE: action("destroy", write, async (ctx) => {
        canAuthor(ctx)
        throw forbidDestroy()
      })
    }
  }
]
