/**
 * Tool arguments. Bodies and filters come from the catalogue's schemas (PostHog's field names and
 * checks), less what PostHog manages itself and what the operation sets; this module adds what an agent
 * needs on top: a description for every argument, the ids in every form PostHog accepts, the paging
 * arguments, and `fields`.
 */
import { Catalogue } from "@hogkit/core"
import * as z from "zod"
import { DEFAULT_LIMIT } from "../internal/paging.js"

/** A description for each argument a tool offers, by PostHog's field name. */
export type Docs = Readonly<Record<string, string>>

type Shape = Record<string, z.ZodType>

const shapeOf = (schema: z.ZodType | undefined): Shape =>
  ((schema as z.ZodObject | undefined)?.shape ?? {}) as Shape

/** `x` without the `optional`/`nullable` wrappers: what a required argument takes. */
const bare = (schema: z.ZodType): z.ZodType => {
  let s = schema as z.ZodType & { def: { type: string; innerType?: z.ZodType } }
  while ((s.def.type === "optional" || s.def.type === "nullable") && s.def.innerType) {
    s = s.def.innerType as typeof s
  }
  return s
}

/**
 * Arguments from schema fields: each described, `required` ones without their optional/null wrappers,
 * the others optional but not nullable (an agent leaves an argument out; `nullable` lists the few where
 * null means something, such as resetting a colour theme).
 */
const argsFrom = (
  owner: string,
  shape: Shape,
  keys: ReadonlyArray<string>,
  docs: Docs,
  options: ArgOptions
): Shape => {
  const out: Shape = {}
  for (const key of keys) {
    const doc = docs[key]
    if (doc === undefined) throw new Error(`hogkit-mcp: ${owner} offers \`${key}\` without a description.`)
    const base = options.override?.[key] ?? bare(shape[key] as z.ZodType)
    const schema = options.required?.includes(key)
      ? base
      : options.nullable?.includes(key)
        ? base.nullable().optional()
        : base.optional()
    out[key] = schema.describe(doc)
  }
  return out
}

export interface ArgOptions {
  /** Arguments the tool requires (what PostHog requires to do anything useful). */
  readonly required?: ReadonlyArray<string>
  /** Arguments where null is a value (clear or reset), not just absence. */
  readonly nullable?: ReadonlyArray<string>
  /** Fields of the body this tool leaves out, beyond NOT_OFFERED. */
  readonly omit?: ReadonlyArray<string>
  /** Schemas replacing the catalogue's, for ids that PostHog also accepts in another form. */
  readonly override?: Readonly<Record<string, z.ZodType>>
}

/**
 * Body fields an agent has no use for, left out so every conversation does not pay for them in
 * tools/list (the goal is 20 KB for all tools): display settings PostHog's editor writes, and the
 * gallery fields only PostHog staff may set. The SDK and the CLI still offer them.
 */
export const NOT_OFFERED: Readonly<Record<string, ReadonlyArray<string>>> = {
  dashboard: ["breakdown_colors", "data_color_theme_id", "quick_filter_ids"],
  dashboard_template: ["image_url", "scope", "availability_contexts", "is_featured"],
  comment: ["rich_content", "item_context", "slug"]
}

/** The body arguments of an operation: `Catalogue.inputFields` (no server-managed or hidden field). */
export const bodyArgs = (operation: Catalogue.Operation, docs: Docs, options: ArgOptions = {}): Shape => {
  const left = [...(NOT_OFFERED[operation.resource.name] ?? []), ...(options.omit ?? [])]
  const keys = Catalogue.inputFields(operation).filter((key) => !left.includes(key))
  return argsFrom(operation.name, shapeOf(operation.body), keys, docs, options)
}

/**
 * Filters left out for the same reason: ones another tool answers better (`source_comment`: comment-thread)
 * or that narrow what an agent rarely needs narrowed.
 */
export const FILTERS_NOT_OFFERED: ReadonlyArray<string> = [
  "source_comment",
  "task_id",
  "exclude_emoji_reactions",
  "creation_mode",
  "exclude_generated"
]

/** The query arguments of an operation, less the paging ones this adapter manages (`limit`, `offset`, `cursor`). */
export const queryArgs = (operation: Catalogue.Operation, docs: Docs, options: ArgOptions = {}): Shape => {
  const shape = shapeOf(operation.query)
  const managed = ["limit", "offset", "cursor", ...FILTERS_NOT_OFFERED]
  const keys = Object.keys(shape).filter((k) => !managed.includes(k))
  return argsFrom(operation.name, shape, keys, docs, options)
}

// ---- ids, in the forms PostHog accepts

const numericString = z.string().regex(/^[1-9][0-9]*$/)

const dashboardIdError = "A dashboard id is a positive integer, e.g. 42 (dashboards-get-all lists them)."

/**
 * A dashboard id: PostHog takes `42` and `"42"` in a path, and so does the tool. The schema clients see
 * says integer (the natural form; a union would cost every listing bytes); a numeric string is accepted
 * all the same.
 */
export const dashboardIdArg = (doc: string) =>
  z
    .preprocess(
      (value) =>
        typeof value === "string" && numericString.safeParse(value).success ? Number(value) : value,
      z
        .number({ error: dashboardIdError })
        .int({ error: dashboardIdError })
        .positive({ error: dashboardIdError })
    )
    .describe(doc)

/** `item_id`: PostHog stores it as text, and a dashboard's or insight's id is a number: both are fine. */
export const itemIdArg = (doc: string) =>
  z
    .union(
      [
        z.number().int().nonnegative(),
        z.string().max(72, "Ensure this field has no more than 72 characters.")
      ],
      {
        error: "item_id is the id of the item commented on: a string or a number, e.g. 42."
      }
    )
    .transform(String)
    .describe(doc)

export const dashboardId = dashboardIdArg("Dashboard id (from dashboards-get-all).")
export const templateId = z
  .uuid({ error: "A template id is a UUID (dashboard-templates-list lists them)." })
  .describe("Template id (from dashboard-templates-list).")
export const commentId = z
  .uuid({ error: "A comment id is a UUID (comments-list lists them)." })
  .describe("Comment id (from comments-list).")

/** Another project of the organization, for the operations the catalogue marks `crossProject`. */
export const projectId = z
  .number()
  .int()
  .positive({ error: "project_id must be a positive integer." })
  .optional()
  .describe("Another project's id (from whoami); default: the configured one.")

// ---- paging and projection (explained once in the server's instructions)

export const fields = z.array(z.string()).optional().describe("Fields to return.")
export const limit = z
  .number()
  .int()
  .min(1, { error: "limit must be between 1 and 100." })
  .max(100, { error: "limit must be between 1 and 100." })
  .optional()
  .describe(`Page size, 1-100 (default ${DEFAULT_LIMIT}).`)
export const offset = z
  .number()
  .int()
  .nonnegative({ error: "offset must be zero or a positive integer." })
  .optional()
  .describe("The previous page's `next`.")
export const cursor = z.string().optional().describe("The previous page's `next`.")
