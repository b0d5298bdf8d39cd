/**
 * `/api/projects/:project_id/comments`: PostHog's `CommentViewSet` — validation in its order, reply
 * re-rooting, task rules, soft-delete visibility per action, cursor pagination newest first.
 */

import { randomUUID } from "node:crypto"
import type { Action, Ctx, Reply, Route } from "../Context.js"
import { json } from "../Context.js"
import { isoTimestamp } from "../Database.js"
import { forbidDestroy, notFound, permissionDenied, validation } from "../Errors.js"
import {
  boolField,
  canonicalUuid,
  charField,
  has,
  intField,
  isPlainObject,
  isUuid,
  listField,
  type Obj,
  objectBody,
  uuidField
} from "../internal/Fields.js"
import { richContentHasText } from "../internal/RichContent.js"
import { cursorPage } from "../Pagination.js"
import { type UserRow, userBasic, userJson } from "../Rows.js"

const TICKET_SCOPES = ["Ticket", "conversations_ticket"]
const TASK_SCOPES = ["task", "task_artifact", "desktop_canvas"]
const BLOCKED_SCOPES = ["EmailThread"]
const SLACK_KEYS = [
  "from_slack",
  "slack_synced_ts",
  "slack_message_ts",
  "slack_author_name",
  "slack_author_avatar"
]

interface CommentRow {
  readonly seq: string
  readonly id: string
  readonly team_id: number
  readonly content: string | null
  readonly rich_content: unknown
  readonly version: number
  readonly created_at: string
  readonly created_by: number | null
  readonly deleted: boolean | null
  readonly item_id: string | null
  readonly item_context: Obj | null
  readonly scope: string
  readonly source_comment_id: string | null
  readonly is_task: boolean | null
  readonly completed_at: string | null
  readonly completed_by: number | null
  readonly cb: UserRow | null
  readonly compb: UserRow | null
}

const SELECT = `select c.*, ${userJson("c.created_by")} as cb, ${userJson("c.completed_by")} as compb from comments c`

const render = (c: CommentRow) => ({
  id: c.id,
  created_by: userBasic(c.cb),
  content: c.content,
  rich_content: c.rich_content,
  deleted: c.deleted,
  version: c.version,
  created_at: isoTimestamp(c.created_at),
  item_id: c.item_id,
  item_context: c.item_context,
  scope: c.scope,
  source_comment: c.source_comment_id,
  is_task: c.is_task,
  completed_at: isoTimestamp(c.completed_at),
  completed_by: userBasic(c.compb),
  slack_thread: null
})

type QueryAction =
  | "list"
  | "count"
  | "thread"
  | "retrieve"
  | "partial_update"
  | "update"
  | "complete"
  | "reopen"

/** `safely_get_queryset`: the filters every action shares. */
const queryset = (ctx: Ctx, action: QueryAction) => {
  const where: string[] = ["c.team_id = $1", "c.scope <> all($2::text[])"]
  const params: unknown[] = [ctx.team.id, BLOCKED_SCOPES]
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value)
    where.push(sql(`$${params.length}`))
  }
  const q = ctx.query
  const deleted = q.get("deleted")
  if (action !== "partial_update" && (deleted === null || deleted === "false"))
    where.push("c.deleted = false")
  const scope = q.get("scope")
  if (scope !== null) add((p) => `c.scope = ${p}`, scope)
  else if (action === "list" || action === "count") {
    add((p) => `c.scope <> all(${p}::text[])`, [...TICKET_SCOPES, ...TASK_SCOPES])
  }
  const itemId = q.get("item_id")
  if (itemId !== null) add((p) => `c.item_id = ${p}`, itemId)
  const search = q.get("search")
  if (search !== null) {
    add((p) => `to_tsvector('english', coalesce(c.content, '')) @@ plainto_tsquery('english', ${p})`, search)
  }
  if (q.get("exclude_emoji_reactions") === "true") {
    where.push(`not coalesce((c.item_context->>'is_emoji') in ('true'), false)`)
  }
  const kind = q.get("kind")
  if (kind === "task") {
    where.push("c.is_task = true")
    const completed = q.get("completed")
    if (completed === "open") where.push("c.completed_at is null")
    if (completed === "completed") where.push("c.completed_at is not null")
  } else if (kind === "comment") where.push("(c.is_task = false or c.is_task is null)")
  const source = q.get("source_comment")
  if (source !== null) {
    // Django would raise on a malformed UUID; matching nothing is the useful answer.
    if (isUuid(source)) add((p) => `c.source_comment_id = ${p}::uuid`, canonicalUuid(source))
    else where.push("false")
  }
  return { where, params }
}

const getOne = async (ctx: Ctx, action: QueryAction): Promise<CommentRow> => {
  const id = ctx.params.id ?? ""
  if (!isUuid(id)) throw notFound()
  const { where, params } = queryset(ctx, action)
  params.push(canonicalUuid(id))
  const { rows } = await ctx.sql.query<CommentRow>(
    `${SELECT} where ${where.join(" and ")} and c.id = $${params.length}::uuid`,
    params
  )
  const row = rows[0]
  if (row === undefined) throw notFound()
  return row
}

const byId = async (ctx: Ctx, id: string) =>
  (await ctx.sql.query<CommentRow>(`${SELECT} where c.id = $1::uuid`, [id])).rows[0]

const list = async (ctx: Ctx, action: "list" | "thread"): Promise<Reply> => {
  const { where, params } = queryset(ctx, action)
  if (action === "thread") {
    const id = ctx.params.id ?? ""
    if (!isUuid(id)) return json(200, { next: null, previous: null, results: [] })
    params.push(canonicalUuid(id))
    where.push(`c.source_comment_id = $${params.length}::uuid`)
  }
  const page = await cursorPage(
    ctx.absoluteUrl,
    ctx.query,
    params,
    async (extra, order, limit) =>
      (
        await ctx.sql.query<CommentRow>(
          `${SELECT} where ${[...where, ...(extra === "" ? [] : [extra.replace(/created_at|seq/g, (m) => `c.${m}`)])].join(" and ")}
           order by c.created_at ${order}, c.seq ${order} limit ${limit}`,
          params
        )
      ).rows,
    render
  )
  return json(200, page)
}

/** Field-level parsing, in the serializer's field order. */
const parseFields = (data: Obj) => ({
  content: charField(data, "content", { allowNull: true, allowBlank: true }),
  rich_content: has(data, "rich_content") ? data.rich_content : undefined,
  deleted: boolField(data, "deleted", true),
  item_id: charField(data, "item_id", { max: 72, allowNull: true, allowBlank: true }),
  item_context: has(data, "item_context") ? data.item_context : undefined,
  scope: charField(data, "scope", { max: 79 }),
  source_comment: uuidField(data, "source_comment", { allowNull: true }),
  is_task: boolField(data, "is_task"),
  mentions: listField(data, "mentions", (o, attr) => intField(o, attr)),
  slug: charField(data, "slug", { allowBlank: true })
})

const stripSlackKeys = (ctxValue: unknown) => {
  if (!isPlainObject(ctxValue)) return ctxValue
  const out: Obj = {}
  for (const [k, v] of Object.entries(ctxValue)) if (!SLACK_KEYS.includes(k)) out[k] = v
  return out
}

const contentCheck = (f: ReturnType<typeof parseFields>) => {
  if (f.deleted === true) return
  const content = f.content ?? ""
  if (content.trim() === "" && !richContentHasText(f.rich_content)) {
    throw validation("A comment must have content")
  }
}

const create = async (ctx: Ctx): Promise<Reply> => {
  const data = objectBody(ctx.data())
  const f = parseFields(data)
  let parent: CommentRow | undefined
  if (f.source_comment !== undefined && f.source_comment !== null) {
    parent = await byId(ctx, f.source_comment)
    if (parent === undefined) {
      throw validation(
        `Invalid pk "${f.source_comment}" - object does not exist.`,
        "source_comment",
        "does_not_exist"
      )
    }
  }
  if (f.item_context !== undefined && f.item_context !== null && !isPlainObject(f.item_context)) {
    throw validation("Must be an object.", "item_context")
  }
  if (parent === undefined && f.scope === undefined)
    throw validation("This field is required.", "scope", "required")
  if ([f.scope, parent?.scope].some((s) => s !== undefined && BLOCKED_SCOPES.includes(s ?? ""))) {
    throw permissionDenied("Email thread messages cannot be managed through the comments API")
  }
  let scope = f.scope ?? ""
  let itemId = f.item_id ?? null
  let itemContext = f.item_context === undefined ? null : (f.item_context as Obj | null)
  let rootId: string | null = null
  if (parent !== undefined) {
    if (parent.team_id !== ctx.team.id) throw validation("Comment not found.", "source_comment")
    const ticket = (s: string | undefined) => s !== undefined && TICKET_SCOPES.includes(s)
    if (f.scope !== undefined && ticket(f.scope ?? undefined) !== ticket(parent.scope)) {
      throw validation("A reply must use the same scope as the comment it replies to.", "scope")
    }
    if (ticket(parent.scope) && f.item_id !== undefined && f.item_id !== parent.item_id) {
      throw validation("A reply must belong to the same ticket as the comment it replies to.", "item_id")
    }
    // Replies hang off the thread's root and take its target.
    const root =
      parent.source_comment_id === null ? parent : ((await byId(ctx, parent.source_comment_id)) ?? parent)
    rootId = root.id
    scope = root.scope
    itemId = root.item_id
    const own = isPlainObject(f.item_context) ? f.item_context : {}
    const merged: Obj = { ...(root.item_context ?? {}) }
    delete merged.threadState
    if ("is_emoji" in own) merged.is_emoji = own.is_emoji
    if (own.threadState === "resolved" || own.threadState === "open") merged.threadState = own.threadState
    itemContext = root.item_context === null && Object.keys(merged).length === 0 ? null : merged
  }
  contentCheck(f)
  itemContext = stripSlackKeys(itemContext) as Obj | null
  if (f.is_task === true) {
    if (rootId !== null) throw validation("Replies cannot be tasks.", "is_task")
    if (isPlainObject(itemContext) && itemContext.is_emoji) {
      throw validation("Emoji reactions cannot be tasks.", "is_task")
    }
  }
  const id = randomUUID()
  await ctx.sql.query(
    `insert into comments (id, team_id, content, rich_content, deleted, item_id, item_context, scope,
       source_comment_id, is_task, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      id,
      ctx.team.id,
      f.content ?? null,
      f.rich_content === undefined ? null : JSON.stringify(f.rich_content),
      f.deleted ?? false,
      itemId,
      itemContext === null ? null : JSON.stringify(itemContext),
      scope,
      rootId,
      f.is_task ?? false,
      ctx.caller.user.id
    ]
  )
  return json(201, render((await byId(ctx, id))!))
}

const update =
  (action: "partial_update" | "update") =>
  async (ctx: Ctx): Promise<Reply> => {
    const row = await getOne(ctx, action)
    const data = objectBody(ctx.data())
    const f = parseFields(data)
    if (f.item_context !== undefined && f.item_context !== null && !isPlainObject(f.item_context)) {
      throw validation("Must be an object.", "item_context")
    }
    if (row.created_by !== ctx.caller.user.id) throw permissionDenied("You can only modify your own comments")
    if (f.is_task !== undefined && f.is_task !== row.is_task) {
      throw validation("Cannot change task state after creation.", "is_task")
    }
    if (f.scope !== undefined && BLOCKED_SCOPES.includes(f.scope ?? "")) {
      throw permissionDenied("Email thread messages cannot be managed through the comments API")
    }
    contentCheck(f)
    const sets: string[] = []
    const params: unknown[] = [row.id]
    const set = (column: string, value: unknown) => {
      params.push(value)
      sets.push(`${column} = $${params.length}`)
    }
    if (f.content !== undefined) set("content", f.content)
    if (f.rich_content !== undefined) set("rich_content", JSON.stringify(f.rich_content))
    if (f.deleted !== undefined) set("deleted", f.deleted)
    if (f.item_id !== undefined) set("item_id", f.item_id)
    if (f.item_context !== undefined) {
      const stripped = stripSlackKeys(f.item_context)
      set("item_context", stripped === null ? null : JSON.stringify(stripped))
    }
    if (f.scope !== undefined) set("scope", f.scope)
    if (f.content !== undefined && f.content !== null && f.content !== "") sets.push("version = version + 1")
    if (sets.length > 0) await ctx.sql.query(`update comments set ${sets.join(", ")} where id = $1`, params)
    return json(200, render((await byId(ctx, row.id))!))
  }

const setCompletion =
  (complete: boolean) =>
  async (ctx: Ctx): Promise<Reply> => {
    const row = await getOne(ctx, complete ? "complete" : "reopen")
    if (row.is_task !== true)
      throw validation(complete ? "Only tasks can be marked complete" : "Only tasks can be reopened")
    if (complete && row.completed_at !== null) throw validation("Task is already complete")
    if (!complete && row.completed_at === null) throw validation("Task is already open")
    await ctx.sql.query(
      complete
        ? "update comments set completed_at = emulator_now(), completed_by = $2 where id = $1"
        : "update comments set completed_at = null, completed_by = null where id = $1",
      complete ? [row.id, ctx.caller.user.id] : [row.id]
    )
    return json(200, render((await byId(ctx, row.id))!))
  }

const count = async (ctx: Ctx): Promise<Reply> => {
  const { where, params } = queryset(ctx, "count")
  const { rows } = await ctx.sql.query<{ n: number }>(
    `select count(*)::int as n from comments c where ${where.join(" and ")}`,
    params
  )
  return json(200, { count: rows[0]?.n ?? 0 })
}

/**
 * PostHog's ticket rule: a request touching a support-ticket scope (query `scope`, the stored scope of
 * the comment, the body's `scope`, or its parent's) needs `ticket:*`, plus `comment:*` only when a
 * non-ticket scope is involved too.
 */
const requiredScopes: NonNullable<Action["requiredScopes"]> = async (ctx, scope) => {
  const involved: string[] = []
  const q = ctx.query.get("scope")
  if (q !== null) involved.push(q)
  const lookup = async (raw: unknown) => {
    if (!isUuid(raw)) return
    const { rows } = await ctx.sql.query<{ scope: string }>(
      `select scope from comments where id = $1 and team_id = $2`,
      [canonicalUuid(raw), ctx.team.id]
    )
    if (rows[0] !== undefined) involved.push(rows[0].scope)
  }
  await lookup(ctx.params.id)
  if (scope.endsWith(":write")) {
    let data: unknown
    try {
      data = ctx.data()
    } catch {
      data = undefined
    }
    if (isPlainObject(data)) {
      // The serializer trims the scope (DRF's CharField) before PostHog checks it: " Ticket " is a ticket.
      if (typeof data.scope === "string") involved.push(data.scope.trim())
      await lookup(data.source_comment)
    }
  }
  if (!involved.some((s) => TICKET_SCOPES.includes(s))) return [scope]
  const needed = [`ticket:${scope.split(":")[1] ?? "read"}`]
  if (involved.some((s) => !TICKET_SCOPES.includes(s))) needed.push(scope)
  return needed
}

const read = "comment:read"
const write = "comment:write"
const action = (name: string, scope: string | null, handle: Action["handle"], lenient?: string): Action => ({
  name,
  scope,
  handle,
  requiredScopes,
  ...(lenient === undefined ? {} : { lenient })
})
/** Reads of stored rows only: their answers may be reused until the next write. */
const cachedRead = (name: string, handle: Action["handle"]): Action => ({
  ...action(name, read, handle),
  cache: {}
})

export const commentRoutes: ReadonlyArray<Route> = [
  {
    path: ["comments"],
    methods: {
      GET: cachedRead("list", (ctx) => list(ctx, "list")),
      POST: action("create", write, create)
    }
  },
  { path: ["comments", "count"], methods: { GET: cachedRead("count", count) } },
  {
    path: ["comments", ":id"],
    methods: {
      GET: cachedRead("retrieve", async (ctx) => json(200, render(await getOne(ctx, "retrieve")))),
      PATCH: action("partial_update", write, update("partial_update")),
      PUT: action("update", write, update("update")),
      DELETE: action("destroy", write, async () => {
        throw forbidDestroy()
      })
    }
  },
  {
    path: ["comments", ":id", "thread"],
    methods: { GET: cachedRead("thread", (ctx) => list(ctx, "thread")) }
  },
  {
    path: ["comments", ":id", "complete"],
    methods: { POST: action("complete", null, setCompletion(true), write) }
  },
  {
    path: ["comments", ":id", "reopen"],
    methods: { POST: action("reopen", null, setCompletion(false), write) }
  }
]
