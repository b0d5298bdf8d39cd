/**
 * Comments: discussions and tasks attached to any PostHog item (`scope` + `item_id`). Replies point at
 * their thread's root through `source_comment`; soft-deleted comments keep their content.
 */
import * as z from "zod"
import {
  boundedString,
  CursorPage,
  JsonObject,
  Limits,
  responseObject,
  SearchParam,
  Timestamp,
  UserBasic
} from "./Common.js"

/** A comment as PostHog returns it. @category resources */
export const Comment = responseObject({
  id: z.string(),
  created_by: z.nullish(UserBasic),
  content: z.nullish(z.string()),
  rich_content: z.optional(z.unknown()),
  deleted: z.nullish(z.boolean()),
  version: z.optional(z.number()),
  created_at: z.optional(Timestamp),
  item_id: z.nullish(z.string()),
  item_context: z.nullish(JsonObject),
  scope: z.string(),
  source_comment: z.nullish(z.string()),
  is_task: z.nullish(z.boolean()),
  completed_at: z.nullish(Timestamp),
  completed_by: z.nullish(UserBasic),
  slack_thread: z.optional(z.unknown())
})
export interface Comment extends z.infer<typeof Comment> {}

/** A page of comments (cursor pagination, newest first, no `count`). @category pages */
export const CommentPage = CursorPage(Comment)
export interface CommentPage extends z.infer<typeof CommentPage> {}

const itemContext = z.nullable(z.record(z.string(), z.unknown(), { error: "Must be an object." }))
const mentions = z.array(
  z.number({ error: "A valid integer is required." }).check(z.int({ error: "A valid integer is required." }))
)

/** Fields a client may write on a comment. */
const writable = {
  content: z.nullish(z.string()),
  rich_content: z.optional(z.unknown()),
  deleted: z.nullish(z.boolean()),
  item_id: z.nullish(boundedString(Limits.commentItemId)),
  item_context: z.optional(itemContext),
  scope: z.optional(boundedString(Limits.commentScope)),
  source_comment: z.nullish(z.uuid({ error: "Must be a valid UUID." })),
  mentions: z.optional(mentions),
  slug: z.optional(z.string())
}

const hasContent = (b: {
  content?: string | null | undefined
  rich_content?: unknown
  deleted?: boolean | null | undefined
}) =>
  b.deleted === true ||
  (typeof b.content === "string" && b.content.trim() !== "") ||
  richContentHasText(b.rich_content)

/** True when a TipTap document holds anything besides empty paragraphs. */
export const richContentHasText = (doc: unknown): boolean => {
  if (doc === null || typeof doc !== "object") return false
  const content = (doc as { content?: unknown }).content
  if (!Array.isArray(content) || content.length === 0) return false
  return content.some((node) => {
    if (node === null || typeof node !== "object") return false
    const n = node as { type?: unknown; content?: unknown }
    return !(n.type === "paragraph" && (!Array.isArray(n.content) || n.content.length === 0))
  })
}

/** The body of `POST /comments`. PostHog's rule: a scope unless replying, and some content. @category requests */
export const CommentCreate = z
  .strictObject({ ...writable, is_task: z.optional(z.boolean({ error: "Must be a valid boolean." })) })
  .check(
    z.refine((b) => b.scope !== undefined || (b.source_comment !== undefined && b.source_comment !== null), {
      error: "This field is required.",
      path: ["scope"]
    }),
    z.refine(hasContent, { error: "A comment must have content" }),
    z.refine((b) => !(b.is_task === true && b.source_comment), {
      error: "Replies cannot be tasks.",
      path: ["is_task"]
    })
  )
export type CommentCreate = z.input<typeof CommentCreate>

/** The body of `PATCH /comments/:id`. PostHog requires content on every PATCH except a soft delete. @category requests */
export const CommentUpdate = z
  .strictObject({ ...writable, is_task: z.optional(z.boolean({ error: "This field may not be null." })) })
  .check(z.refine(hasContent, { error: "A comment must have content" }))
export type CommentUpdate = z.input<typeof CommentUpdate>

/** Filters shared by list, thread and count. @category parameters */
export const CommentFilters = z.strictObject({
  scope: z.optional(boundedString(Limits.commentScope)),
  item_id: z.optional(boundedString(Limits.commentItemId)),
  search: z.optional(SearchParam),
  kind: z.optional(z.enum(["any", "comment", "task"])),
  completed: z.optional(z.enum(["any", "open", "completed"])),
  source_comment: z.optional(z.uuid({ error: "Must be a valid UUID." })),
  exclude_emoji_reactions: z.optional(z.boolean()),
  deleted: z.optional(z.boolean()),
  task_id: z.optional(z.uuid())
})
export type CommentFilters = z.input<typeof CommentFilters>

/** Parameters of `GET /comments`: the filters plus an opaque `cursor`. @category parameters */
// A new strict object over the same shape: what classic's `.extend` builds, without needing its method.
export const CommentListParams = z.strictObject({ ...CommentFilters.shape, cursor: z.optional(z.string()) })
export type CommentListParams = z.input<typeof CommentListParams>

/** Parameters of `GET /comments/:id/thread`. @category parameters */
export const CommentThreadParams = z.strictObject({
  cursor: z.optional(z.string()),
  search: z.optional(SearchParam),
  exclude_emoji_reactions: z.optional(z.boolean())
})
export type CommentThreadParams = z.input<typeof CommentThreadParams>

/** The body of `GET /comments/count`. @category resources */
export const CommentCount = responseObject({ count: z.number() })
export interface CommentCount extends z.infer<typeof CommentCount> {}
