/**
 * The 26 tools hogkit-mcp offers, one per PostHog operation: name, title, a description written for a
 * model, honest annotations, and an input schema composed from `@hogkit/core/schema` (PostHog's own
 * field names; this module adds only ids and paging). Each tool runs one call of `@hogkit/core`.
 */
import type * as Core from "@hogkit/core"
import { type Comments, type Dashboards, type DashboardTemplates, Paging, type Sharing } from "@hogkit/core"
import * as S from "@hogkit/core/schema"
import * as Effect from "effect/Effect"
import * as z from "zod"
import { cursorPage, DEFAULT_LIMIT, decodeCursor, offsetPage, type Shaped } from "./internal/paging.js"
import type { ItemShaping } from "./internal/shape.js"
import { shapeOne } from "./internal/shape.js"
import type { ToolAnnotations, Toolset } from "./internal/toolsets.js"

export { TOOLSETS, type ToolAnnotations, type Toolset } from "./internal/toolsets.js"

/**
 * The services a tool may use. Tools get `@hogkit/core` as an argument rather than importing it, so a
 * client's first `tools/list` does not wait for the HTTP stack to load.
 * @category models
 */
export type ToolServices = Comments | Dashboards | DashboardTemplates | Sharing

/** A tool, type-erased so the registry can hold them in one list. @category models */
export interface Tool {
  readonly name: string
  readonly toolset: Toolset
  readonly title: string
  readonly description: string
  readonly annotations: ToolAnnotations
  readonly inputSchema: z.ZodObject
  /** What an error message calls the thing this call was about, e.g. `dashboard 42`. */
  readonly subject?: (args: never) => string | undefined
  /** The tool that lists valid ids, named in not-found errors. */
  readonly listTool?: string
  /** A project other than the configured one this call targets. */
  readonly project?: (args: never) => number | undefined
  readonly run: (args: never, core: typeof Core) => Effect.Effect<Shaped, unknown, ToolServices>
}

const READ: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true
}
const CREATE: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: true
}
const UPDATE: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true
}
const DESTROY: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: true,
  openWorldHint: true
}
const ROTATE: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true
}

const define = <Schema extends z.ZodObject>(tool: {
  readonly name: string
  readonly toolset: Toolset
  readonly title: string
  readonly description: string
  readonly annotations: ToolAnnotations
  readonly inputSchema: Schema
  readonly subject?: (args: z.output<Schema>) => string | undefined
  readonly listTool?: string
  readonly project?: (args: z.output<Schema>) => number | undefined
  readonly run: (args: z.output<Schema>, core: typeof Core) => Effect.Effect<Shaped, unknown, ToolServices>
}): Tool => tool as unknown as Tool

// --- arguments this adapter adds (ids and paging); bodies and filters all come from core ---

const fields = z
  .array(z.string())
  .optional()
  .describe(
    'Return only these fields (id is always included), e.g. ["name", "tiles"]. Fields left out by default come back when named here.'
  )
const pageLimit = z
  .number()
  .int()
  .min(1, { error: "limit must be between 1 and 100." })
  .max(100, { error: "limit must be between 1 and 100." })
  .optional()
  .describe(`How many items to return (1-100, default ${DEFAULT_LIMIT}).`)
const offset = S.OffsetParams.offset.describe(
  "How many items to skip: pass the `next` value of the previous page."
)
const cursor = z
  .string()
  .optional()
  .describe("Pass the `next` value of the previous page to continue; omit for the first page.")

const dashboardId = S.DashboardId.describe("The dashboard's numeric id (from dashboards-get-all).")
const templateId = S.DashboardTemplate.shape.id.describe(
  "The template's UUID (from dashboard-templates-list)."
)
const commentId = S.Comment.shape.id.describe("The comment's UUID (from comments-list).")

const dashboardShaping: ItemShaping = {
  bulky: ["tiles", "filters", "variables", "persisted_filters", "persisted_variables", "breakdown_colors"],
  fullTool: "dashboard-get"
}
const templateShaping: ItemShaping = {
  bulky: ["tiles", "dashboard_filters", "variables", "image_url"],
  fullTool: "dashboard-templates-retrieve"
}
const commentShaping: ItemShaping = {
  bulky: ["rich_content", "item_context", "slack_thread"],
  fullTool: "comment-get"
}

const one = (value: unknown, only?: ReadonlyArray<string>): Shaped => shapeOne(value, only)
const done = (message: string, extra: Record<string, unknown> = {}): Shaped => ({
  value: { ok: true, message, ...extra },
  truncated: []
})

const split = <A extends Record<string, unknown>, K extends keyof A>(
  args: A,
  ...keys: ReadonlyArray<K>
): Omit<A, K> => {
  const rest: Record<string, unknown> = { ...args }
  for (const key of keys) delete rest[key as string]
  return rest as Omit<A, K>
}

/** Every tool, in the order clients list them. @category tools */
export const tools: ReadonlyArray<Tool> = [
  // ---------------------------------------------------------------- dashboards
  define({
    name: "dashboards-get-all",
    toolset: "dashboards",
    title: "List dashboards",
    description: `List the project's dashboards, pinned first, ${DEFAULT_LIMIT} at a time. Use \`search\` to find one by name, description or tag. Items leave out tiles and filters; call dashboard-get with an id for the full dashboard. Page with \`offset\`: pass the \`next\` value you got (null means there are no more).`,
    annotations: READ,
    inputSchema: S.DashboardListParams.extend({ limit: pageLimit, offset, fields }),
    run: (args, core) =>
      core.Dashboards.use((d) =>
        d.list({ ...split(args, "fields"), limit: args.limit ?? DEFAULT_LIMIT })
      ).pipe(Effect.map((page) => offsetPage(page, args.offset ?? 0, dashboardShaping, args.fields)))
  }),
  define({
    name: "dashboard-get",
    toolset: "dashboards",
    title: "Get dashboard",
    description:
      "Get one dashboard by id, including its tiles, filters and sharing state. Use after dashboards-get-all; next, dashboard-update to change it or dashboard-sharing-get to see how it is shared.",
    annotations: READ,
    inputSchema: z.strictObject({ id: dashboardId, fields }),
    subject: (args) => `dashboard ${args.id}`,
    listTool: "dashboards-get-all",
    run: (args, core) =>
      core.Dashboards.use((d) => d.get(args.id)).pipe(Effect.map((v) => one(v, args.fields)))
  }),
  define({
    name: "dashboard-create",
    toolset: "dashboards",
    title: "Create dashboard",
    description:
      "Create a dashboard. Give a `name` and optionally `description`, `pinned` and `tags`. To start from a template pass `use_template` (a template key); to copy an existing dashboard pass `use_dashboard` (its id) — not both. Returns the new dashboard with its id; next, dashboard-get or dashboard-sharing-update.",
    annotations: CREATE,
    inputSchema: S.DashboardCreate,
    run: (args, core) => core.Dashboards.use((d) => d.create(args)).pipe(Effect.map((v) => one(v)))
  }),
  define({
    name: "dashboard-update",
    toolset: "dashboards",
    title: "Update dashboard",
    description:
      "Change a dashboard's fields (`name`, `description`, `pinned`, `tags`, `filters`, `restriction_level` …); fields you leave out stay as they are. To restore a deleted dashboard pass `deleted: false`. Returns the updated dashboard.",
    annotations: UPDATE,
    inputSchema: S.DashboardUpdate.extend({ id: dashboardId }),
    subject: (args) => `dashboard ${args.id}`,
    listTool: "dashboards-get-all",
    run: (args, core) =>
      (args.deleted === false && Object.keys(args).length === 2
        ? core.Dashboards.use((d) => d.restore(args.id))
        : core.Dashboards.use((d) => d.update(args.id, split(args, "id")))
      ).pipe(Effect.map((v) => one(v)))
  }),
  define({
    name: "dashboard-delete",
    toolset: "dashboards",
    title: "Delete dashboard",
    description:
      "Delete a dashboard (a soft delete: it disappears from lists and links, and dashboard-update with `deleted: false` brings it back). With `delete_insights: true` the insights that are only on this dashboard are deleted too. Confirm with the user first.",
    annotations: DESTROY,
    inputSchema: z.strictObject({
      id: dashboardId,
      delete_insights: S.DashboardUpdate.shape.delete_insights
    }),
    subject: (args) => `dashboard ${args.id}`,
    listTool: "dashboards-get-all",
    run: (args, core) =>
      core.Dashboards.use((d) => d.delete(args.id, { deleteInsights: args.delete_insights ?? false })).pipe(
        Effect.as(
          done(`Dashboard ${args.id} was deleted. dashboard-update with deleted: false restores it.`, {
            id: args.id
          })
        )
      )
  }),

  // ---------------------------------------------------------------- templates
  define({
    name: "dashboard-templates-list",
    toolset: "templates",
    title: "List dashboard templates",
    description: `List dashboard templates this project can use (its own and PostHog's global ones), featured first, ${DEFAULT_LIMIT} at a time. Filter with \`scope\` (team, global, feature_flag), \`is_featured\`, \`search\`; sort with \`ordering\`. Items leave out tiles and filters; call dashboard-templates-retrieve for a whole template. Page with \`offset\` = the \`next\` you got.`,
    annotations: READ,
    inputSchema: S.DashboardTemplateListParams.extend({ limit: pageLimit, offset, fields }),
    run: (args, core) =>
      core.DashboardTemplates.use((t) =>
        t.list({ ...split(args, "fields"), limit: args.limit ?? DEFAULT_LIMIT })
      ).pipe(Effect.map((page) => offsetPage(page, args.offset ?? 0, templateShaping, args.fields)))
  }),
  define({
    name: "dashboard-templates-retrieve",
    toolset: "templates",
    title: "Get dashboard template",
    description:
      "Get one dashboard template by id, including its tiles, filters and variables. Use after dashboard-templates-list; next, dashboard-templates-update, dashboard-templates-copy-between-projects, or dashboard-create to build a dashboard from it.",
    annotations: READ,
    inputSchema: z.strictObject({ id: templateId, fields }),
    subject: (args) => `dashboard template ${args.id}`,
    listTool: "dashboard-templates-list",
    run: (args, core) =>
      core.DashboardTemplates.use((t) => t.get(args.id)).pipe(Effect.map((v) => one(v, args.fields)))
  }),
  define({
    name: "dashboard-templates-create",
    toolset: "templates",
    title: "Create dashboard template",
    description:
      "Create a dashboard template in this project. `template_name` and at least one entry in `tiles` are needed; the shape of a tile is in dashboard-templates-json-schema (call it first if unsure). Names must be unique in the project. Returns the new template with its id.",
    annotations: CREATE,
    inputSchema: S.DashboardTemplateCreate,
    run: (args, core) => core.DashboardTemplates.use((t) => t.create(args)).pipe(Effect.map((v) => one(v)))
  }),
  define({
    name: "dashboard-templates-update",
    toolset: "templates",
    title: "Update dashboard template",
    description:
      "Change a dashboard template's fields; fields you leave out stay as they are. Without staff rights PostHog lets you change only `template_name`, `dashboard_description`, `tags` and `deleted` (pass `deleted: false` to restore a deleted template). Returns the updated template.",
    annotations: UPDATE,
    inputSchema: S.DashboardTemplateUpdate.extend({ id: templateId }),
    subject: (args) => `dashboard template ${args.id}`,
    listTool: "dashboard-templates-list",
    run: (args, core) =>
      (args.deleted === false && Object.keys(args).length === 2
        ? core.DashboardTemplates.use((t) => t.restore(args.id))
        : core.DashboardTemplates.use((t) => t.update(args.id, split(args, "id")))
      ).pipe(Effect.map((v) => one(v)))
  }),
  define({
    name: "dashboard-templates-delete",
    toolset: "templates",
    title: "Delete dashboard template",
    description:
      "Delete a dashboard template (a soft delete: it leaves the list, and dashboard-templates-update with `deleted: false` restores it). Confirm with the user first.",
    annotations: DESTROY,
    inputSchema: z.strictObject({ id: templateId }),
    subject: (args) => `dashboard template ${args.id}`,
    listTool: "dashboard-templates-list",
    run: (args, core) =>
      core.DashboardTemplates.use((t) => t.delete(args.id)).pipe(
        Effect.as(
          done(
            `Template ${args.id} was deleted. dashboard-templates-update with deleted: false restores it.`,
            { id: args.id }
          )
        )
      )
  }),
  define({
    name: "dashboard-templates-copy-between-projects",
    toolset: "templates",
    title: "Copy dashboard template to a project",
    description:
      'Copy a project template (`source_template_id`, from another project of the same organization) into a project: the configured one, or `project_id` when given. The copy gets the same name, or "<name> (copy)" when taken. Global and feature-flag templates cannot be copied. Returns the new template.',
    annotations: CREATE,
    inputSchema: S.CopyBetweenProjectsBody.extend({
      project_id: z
        .number()
        .int()
        .positive({ error: "project_id must be a positive integer." })
        .optional()
        .describe("The project to copy into; defaults to the project hogkit-mcp is configured for.")
    }),
    subject: (args) => `dashboard template ${args.source_template_id}`,
    listTool: "dashboard-templates-list",
    project: (args) => args.project_id,
    run: (args, core) =>
      core.DashboardTemplates.use((t) =>
        t.copyBetweenProjects({ sourceTemplateId: args.source_template_id })
      ).pipe(Effect.map((v) => one(v)))
  }),
  define({
    name: "dashboard-templates-json-schema",
    toolset: "templates",
    title: "Dashboard template JSON Schema",
    description:
      "Get the JSON Schema PostHog validates dashboard templates against (the fields of a template and of its tiles and variables). Read it before dashboard-templates-create.",
    annotations: READ,
    inputSchema: z.strictObject({}),
    run: (_args, core) =>
      core.DashboardTemplates.use((t) => t.jsonSchema()).pipe(
        Effect.map((v) => ({ value: v, truncated: [] }))
      )
  }),

  // ---------------------------------------------------------------- comments
  define({
    name: "comments-list",
    toolset: "comments",
    title: "List comments",
    description: `List comments and tasks, newest first, ${DEFAULT_LIMIT} at a time. Narrow with \`scope\` and \`item_id\` (the thing commented on, e.g. scope "Dashboard", item_id "42"), \`kind\` (comment or task), \`completed\` (open or completed), \`search\`. Replies are included; use comment-thread for one discussion. Page with \`cursor\` = the \`next\` you got (null means no more).`,
    annotations: READ,
    inputSchema: S.CommentListParams.extend({ cursor, limit: pageLimit, fields }),
    run: (args, core) => {
      const state = decodeCursor(args.cursor)
      if (state === undefined) return Effect.fail(badCursor("comments-list"))
      const filters = split(args, "cursor", "limit", "fields")
      return core.Comments.use((c) => c.list(Paging.paramsAt(filters, state))).pipe(
        Effect.map((page) =>
          cursorPage(page, state, args.limit ?? DEFAULT_LIMIT, commentShaping, args.fields)
        )
      )
    }
  }),
  define({
    name: "comment-get",
    toolset: "comments",
    title: "Get comment",
    description:
      "Get one comment or task by id, including its rich content and what it is attached to. Next: comment-thread for its replies, comment-update, comment-complete.",
    annotations: READ,
    inputSchema: z.strictObject({ id: commentId, fields }),
    subject: (args) => `comment ${args.id}`,
    listTool: "comments-list",
    run: (args, core) => core.Comments.use((c) => c.get(args.id)).pipe(Effect.map((v) => one(v, args.fields)))
  }),
  define({
    name: "comment-thread",
    toolset: "comments",
    title: "Get comment thread",
    description: `List the replies to a comment (\`id\` is the thread's first comment; it is not repeated in the answer — use comment-get for it), newest first, ${DEFAULT_LIMIT} at a time. Page with \`cursor\` = the \`next\` you got. To reply, call comment-create with \`source_comment\` = this id.`,
    annotations: READ,
    inputSchema: S.CommentThreadParams.extend({ id: commentId, cursor, limit: pageLimit, fields }),
    subject: (args) => `comment ${args.id}`,
    listTool: "comments-list",
    run: (args, core) => {
      const state = decodeCursor(args.cursor)
      if (state === undefined) return Effect.fail(badCursor("comment-thread"))
      const params = split(args, "id", "cursor", "limit", "fields")
      return core.Comments.use((c) => c.thread(args.id, Paging.paramsAt(params, state))).pipe(
        Effect.map((page) =>
          cursorPage(page, state, args.limit ?? DEFAULT_LIMIT, commentShaping, args.fields)
        )
      )
    }
  }),
  define({
    name: "comment-count",
    toolset: "comments",
    title: "Count comments",
    description:
      "Count comments matching the same filters as comments-list (`scope`, `item_id`, `kind`, `completed`, `search` …) without fetching them, e.g. open tasks on a dashboard.",
    annotations: READ,
    inputSchema: S.CommentFilters,
    run: (args, core) =>
      core.Comments.use((c) => c.count(args)).pipe(
        Effect.map((count) => ({ value: { count }, truncated: [] }))
      )
  }),
  define({
    name: "comment-create",
    toolset: "comments",
    title: "Create comment",
    description:
      'Post a comment. Attach it with `scope` (e.g. "Dashboard", "Insight", "Notebook") and `item_id`, or reply with `source_comment` = the first comment\'s id. Set `is_task: true` for a task (replies cannot be tasks), `mentions` to notify users by id. `content` must not be empty. Returns the comment with its id.',
    annotations: CREATE,
    inputSchema: S.CommentCreate,
    run: (args, core) => core.Comments.use((c) => c.create(args)).pipe(Effect.map((v) => one(v)))
  }),
  define({
    name: "comment-update",
    toolset: "comments",
    title: "Update comment",
    description:
      "Edit a comment: PostHog needs the full new `content` on every edit. Only the author can edit. To delete use comment-delete; to complete a task use comment-complete.",
    annotations: UPDATE,
    inputSchema: S.CommentUpdate.safeExtend({ id: commentId }),
    subject: (args) => `comment ${args.id}`,
    listTool: "comments-list",
    run: (args, core) =>
      core.Comments.use((c) => c.update(args.id, split(args, "id"))).pipe(Effect.map((v) => one(v)))
  }),
  define({
    name: "comment-delete",
    toolset: "comments",
    title: "Delete comment",
    description:
      "Delete a comment (a soft delete: it is hidden from lists and counts but kept by PostHog). Confirm with the user first.",
    annotations: DESTROY,
    inputSchema: z.strictObject({ id: commentId }),
    subject: (args) => `comment ${args.id}`,
    listTool: "comments-list",
    run: (args, core) =>
      core.Comments.use((c) => c.delete(args.id)).pipe(
        Effect.as(done(`Comment ${args.id} was deleted.`, { id: args.id }))
      )
  }),
  define({
    name: "comment-complete",
    toolset: "comments",
    title: "Complete task",
    description:
      "Mark a task (a comment created with is_task: true) as done. Fails if it is not a task or is already complete. Undo with comment-reopen.",
    annotations: UPDATE,
    inputSchema: z.strictObject({ id: commentId }),
    subject: (args) => `task ${args.id}`,
    listTool: "comments-list",
    run: (args, core) => core.Comments.use((c) => c.complete(args.id)).pipe(Effect.map((v) => one(v)))
  }),
  define({
    name: "comment-reopen",
    toolset: "comments",
    title: "Reopen task",
    description: "Mark a completed task as open again. Fails if it is not a task or is already open.",
    annotations: UPDATE,
    inputSchema: z.strictObject({ id: commentId }),
    subject: (args) => `task ${args.id}`,
    listTool: "comments-list",
    run: (args, core) => core.Comments.use((c) => c.reopen(args.id)).pipe(Effect.map((v) => one(v)))
  }),

  // ---------------------------------------------------------------- sharing
  define({
    name: "dashboard-sharing-get",
    toolset: "sharing",
    title: "Get dashboard sharing",
    description:
      "See whether a dashboard is shared publicly: `enabled`, the `access_token` of its public link (https://<host>/shared/<access_token>), `settings`, whether a password is required and which passwords exist. Next: dashboard-sharing-update to turn sharing on or off.",
    annotations: READ,
    inputSchema: z.strictObject({ dashboard_id: dashboardId }),
    subject: (args) => `dashboard ${args.dashboard_id}`,
    listTool: "dashboards-get-all",
    run: (args, core) => core.Sharing.use((s) => s.get(args.dashboard_id)).pipe(Effect.map((v) => one(v)))
  }),
  define({
    name: "dashboard-sharing-update",
    toolset: "sharing",
    title: "Update dashboard sharing",
    description:
      "Turn a dashboard's public link on (`enabled: true`) or off, change its display `settings` (whitelabel, noHeader, legend, detailed, theme …), or require a password (`password_required: true`, then dashboard-sharing-password-create). Making a dashboard public is visible to anyone with the link: confirm with the user.",
    annotations: UPDATE,
    inputSchema: S.SharingUpdate.extend({ dashboard_id: dashboardId }),
    subject: (args) => `dashboard ${args.dashboard_id}`,
    listTool: "dashboards-get-all",
    run: (args, core) =>
      core.Sharing.use((s) => s.update(args.dashboard_id, split(args, "dashboard_id"))).pipe(
        Effect.map((v) => one(v))
      )
  }),
  define({
    name: "dashboard-sharing-refresh",
    toolset: "sharing",
    title: "Refresh dashboard share link",
    description:
      "Replace a dashboard's public link with a new `access_token`. The old link stops working after a few minutes, so anyone holding it loses access: confirm with the user. Returns the new sharing configuration.",
    annotations: ROTATE,
    inputSchema: z.strictObject({ dashboard_id: dashboardId }),
    subject: (args) => `dashboard ${args.dashboard_id}`,
    listTool: "dashboards-get-all",
    run: (args, core) => core.Sharing.use((s) => s.refresh(args.dashboard_id)).pipe(Effect.map((v) => one(v)))
  }),
  define({
    name: "dashboard-sharing-password-create",
    toolset: "sharing",
    title: "Create share password",
    description:
      "Add a password that unlocks a dashboard's shared link (needs `password_required: true` via dashboard-sharing-update first). Give `raw_password` (8+ characters) or let PostHog generate one, and an optional `note`. The password is shown only in this answer: pass it to the user.",
    annotations: CREATE,
    inputSchema: S.SharePasswordCreate.extend({ dashboard_id: dashboardId }),
    subject: (args) => `dashboard ${args.dashboard_id}`,
    listTool: "dashboards-get-all",
    run: (args, core) =>
      core.Sharing.use((s) => s.createPassword(args.dashboard_id, split(args, "dashboard_id"))).pipe(
        Effect.map((v) => one(v))
      )
  }),
  define({
    name: "dashboard-sharing-password-delete",
    toolset: "sharing",
    title: "Delete share password",
    description:
      "Revoke one password of a dashboard's shared link (`password_id` from dashboard-sharing-get's share_passwords). Whoever used it loses access.",
    annotations: DESTROY,
    inputSchema: z.strictObject({
      dashboard_id: dashboardId,
      password_id: S.SharePassword.shape.id.describe("The password's id.")
    }),
    subject: (args) => `password ${String(args.password_id)} of dashboard ${args.dashboard_id}`,
    listTool: "dashboard-sharing-get",
    run: (args, core) =>
      core.Sharing.use((s) => s.deletePassword(args.dashboard_id, String(args.password_id))).pipe(
        Effect.as(
          done(`Password ${String(args.password_id)} no longer unlocks dashboard ${args.dashboard_id}.`)
        )
      )
  })
]

/** A failure this adapter raises itself, rendered like core's validation errors. */
export class ArgumentError extends Error {
  readonly _tag = "ArgumentError"
}

const badCursor = (tool: string) =>
  new ArgumentError(
    `The argument \`cursor\` is not a \`next\` value returned by ${tool}. Omit it to start from the first page.`
  )
