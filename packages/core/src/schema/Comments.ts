/**
 * Comments: discussions and tasks attached to any PostHog item (`scope` + `item_id`). Replies point at
 * their thread's root through `source_comment`; soft-deleted comments keep their content.
 */
import * as z from "zod"
import { boundedString, CursorPage, JsonObject, Limits, SearchParam, Timestamp, UserBasic } from "./Common.js"

/** A comment as PostHog returns it. @category resources */
export const Comment = z.looseObject({
  id: z.string(),
  created_by: UserBasic.nullable().optional(),
  content: z.string().nullable().optional(),
  rich_content: z.unknown().optional(),
  deleted: z.boolean().nullable().optional(),
  version: z.number().optional(),
  created_at: Timestamp.optional(),
  item_id: z.string().nullable().optional(),
  item_context: JsonObject.nullable().optional(),
  scope: z.string(),
  source_comment: z.string().nullable().optional(),
  is_task: z.boolean().nullable().optional(),
  completed_at: Timestamp.nullable().optional(),
  completed_by: UserBasic.nullable().optional(),
  slack_thread: z.unknown().optional()
})
export type Comment = z.infer<typeof Comment>

/** A page of comments (cursor pagination, newest first, no `count`). @category pages */
export const CommentPage = CursorPage(Comment)
export type CommentPage = z.infer<typeof CommentPage>

const itemContext = z.record(z.string(), z.unknown(), { error: "Must be an object." }).nullable()
const mentions = z.array(
  z.number({ error: "A valid integer is required." }).int({ error: "A valid integer is required." })
)

/** Fields a client may write on a comment. */
const writable = {
  content: z.string().nullable().optional(),
  rich_content: z.unknown().optional(),
  deleted: z.boolean().nullable().optional(),
  item_id: boundedString(Limits.commentItemId).nullable().optional(),
  item_context: itemContext.optional(),
  scope: boundedString(Limits.commentScope).optional(),
  source_comment: z.uuid({ error: "Must be a valid UUID." }).nullable().optional(),
  mentions: mentions.optional(),
  slug: z.string().optional()
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
  .strictObject({ ...writable, is_task: z.boolean({ error: "Must be a valid boolean." }).optional() })
  .refine((b) => b.scope !== undefined || (b.source_comment !== undefined && b.source_comment !== null), {
    error: "This field is required.",
    path: ["scope"]
  })
  .refine(hasContent, { error: "A comment must have content" })
  .refine((b) => !(b.is_task === true && b.source_comment), {
    error: "Replies cannot be tasks.",
    path: ["is_task"]
  })
export type CommentCreate = z.input<typeof CommentCreate>

/** The body of `PATCH /comments/:id`. PostHog requires content on every PATCH except a soft delete. @category requests */
export const CommentUpdate = z
  .strictObject({ ...writable, is_task: z.boolean({ error: "This field may not be null." }).optional() })
  .refine(hasContent, { error: "A comment must have content" })
export type CommentUpdate = z.input<typeof CommentUpdate>

/** Filters shared by list, thread and count. @category parameters */
export const CommentFilters = z.strictObject({
  scope: boundedString(Limits.commentScope).optional(),
  item_id: boundedString(Limits.commentItemId).optional(),
  search: SearchParam.optional(),
  kind: z.enum(["any", "comment", "task"]).optional(),
  completed: z.enum(["any", "open", "completed"]).optional(),
  source_comment: z.uuid({ error: "Must be a valid UUID." }).optional(),
  exclude_emoji_reactions: z.boolean().optional(),
  deleted: z.boolean().optional(),
  task_id: z.uuid().optional()
})
export type CommentFilters = z.input<typeof CommentFilters>

/** Parameters of `GET /comments`: the filters plus an opaque `cursor`. @category parameters */
export const CommentListParams = CommentFilters.extend({ cursor: z.string().optional() })
export type CommentListParams = z.input<typeof CommentListParams>

/** Parameters of `GET /comments/:id/thread`. @category parameters */
export const CommentThreadParams = z.strictObject({
  cursor: z.string().optional(),
  search: SearchParam.optional(),
  exclude_emoji_reactions: z.boolean().optional()
})
export type CommentThreadParams = z.input<typeof CommentThreadParams>

/** The body of `GET /comments/count`. @category resources */
export const CommentCount = z.looseObject({ count: z.number() })
export type CommentCount = z.infer<typeof CommentCount>
