/** The comment operations: discussions and tasks on any PostHog item. */
import {
  Comment,
  CommentCount,
  CommentCreate,
  CommentFilters,
  CommentListParams,
  CommentPage,
  CommentThreadParams,
  CommentUpdate
} from "../schema/Comments.js"
import type { Operation, PathParam } from "./model.js"
import { resources } from "./resources.js"

const comment = resources.comment
const id: PathParam = { name: "id", kind: "uuid", label: "comment id", resource: "comment" }
const read = { resource: comment, root: "project", apiKeyAccess: "allowed", idempotent: true } as const
const write = { ...read, requiredScope: "comment:write", page: "none" } as const

export const comments = {
  list: {
    ...read,
    name: "Comments.list",
    service: "Comments",
    verb: "list",
    summary: "list comments",
    description:
      "Comments and tasks, newest first, filtered by the item they are on (`scope` + `item_id`), kind, completion or text. Pages follow `next` (cursor); there is no total count (use Comments.count).",
    method: "GET",
    path: "comments/",
    params: [],
    requiredScope: "comment:read",
    kind: "read",
    page: "cursor",
    query: CommentListParams,
    response: CommentPage
  },
  get: {
    ...read,
    name: "Comments.get",
    service: "Comments",
    verb: "get",
    summary: "read a comment",
    description: "One comment or task by its UUID. A soft-deleted comment is not found.",
    method: "GET",
    path: "comments/{id}/",
    params: [id],
    requiredScope: "comment:read",
    kind: "read",
    page: "none",
    response: Comment
  },
  create: {
    ...write,
    name: "Comments.create",
    service: "Comments",
    verb: "create",
    summary: "create a comment",
    description:
      "Posts a comment on an item (`scope`, e.g. `Dashboard`, and `item_id`), a task (`is_task`), or a reply (`source_comment`: the reply joins the root's thread and takes its scope and item).",
    method: "POST",
    path: "comments/",
    params: [],
    kind: "write",
    idempotent: false,
    body: CommentCreate,
    hiddenInputs: ["deleted"],
    response: Comment
  },
  update: {
    ...write,
    name: "Comments.update",
    service: "Comments",
    verb: "update",
    summary: "edit a comment",
    description:
      "Edits a comment. PostHog needs `content` or `rich_content` in every edit; the new text replaces the old one (PostHog keeps no history).",
    method: "PATCH",
    path: "comments/{id}/",
    params: [id],
    kind: "destructive",
    body: CommentUpdate,
    // An edit overwrites the text (so the kind is destructive for agents), but only a soft delete loses
    // the comment for the people reading it: that is what a person is asked to confirm.
    destroys: (input) => (input.deleted === true ? "soft-deletes the comment" : undefined),
    response: Comment
  },
  delete: {
    ...write,
    name: "Comments.delete",
    service: "Comments",
    verb: "delete",
    summary: "delete a comment",
    description:
      "Soft-deletes a comment: it disappears from lists and threads, its content is kept, and Comments.restore brings it back.",
    method: "PATCH",
    path: "comments/{id}/",
    params: [id],
    kind: "destructive",
    fixedBody: { deleted: true },
    destroysAlways: "soft-deletes the comment",
    undo: "Comments.restore",
    response: Comment
  },
  restore: {
    ...write,
    name: "Comments.restore",
    service: "Comments",
    verb: "restore",
    summary: "restore a comment",
    description:
      "Brings back a soft-deleted comment with its content. PostHog needs the content in the same edit, so hogkit reads the deleted comment (`?deleted=true`) and sends its content back with `deleted: false`.",
    method: "PATCH",
    path: "comments/{id}/",
    params: [id],
    kind: "write",
    fixedBody: { deleted: false },
    response: Comment
  },
  complete: {
    ...write,
    name: "Comments.complete",
    service: "Comments",
    verb: "complete",
    summary: "complete a task",
    description: "Marks a task complete (PostHog answers 400 when it already is).",
    method: "POST",
    path: "comments/{id}/complete/",
    params: [id],
    apiKeyAccess: "sessionOnly",
    kind: "write",
    // A second complete fails with 400, so one whose answer was lost must be checked, not resent.
    idempotent: false,
    response: Comment
  },
  reopen: {
    ...write,
    name: "Comments.reopen",
    service: "Comments",
    verb: "reopen",
    summary: "reopen a task",
    description: "Reopens a completed task (PostHog answers 400 when it is already open).",
    method: "POST",
    path: "comments/{id}/reopen/",
    params: [id],
    apiKeyAccess: "sessionOnly",
    kind: "write",
    // A second reopen fails with 400, so one whose answer was lost must be checked, not resent.
    idempotent: false,
    response: Comment
  },
  thread: {
    ...read,
    name: "Comments.thread",
    service: "Comments",
    verb: "thread",
    summary: "read a comment thread",
    description:
      "The replies to a comment, oldest first (the comment itself is not included). Pages follow `next`.",
    method: "GET",
    path: "comments/{id}/thread/",
    params: [id],
    requiredScope: "comment:read",
    kind: "read",
    page: "cursor",
    query: CommentThreadParams,
    response: CommentPage
  },
  count: {
    ...read,
    name: "Comments.count",
    service: "Comments",
    verb: "count",
    summary: "count comments",
    description: "How many comments match the same filters as Comments.list.",
    method: "GET",
    path: "comments/count/",
    params: [],
    requiredScope: "comment:read",
    kind: "read",
    page: "none",
    query: CommentFilters,
    response: CommentCount
  }
} satisfies Record<string, Operation>
