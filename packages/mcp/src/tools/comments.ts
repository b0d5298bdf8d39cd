/** The comments toolset: discussions and tasks on any PostHog item. */
import * as Effect from "effect/Effect"
import * as z from "zod"
import { cursorPage, DEFAULT_LIMIT, decodeCursor } from "../internal/paging.js"
import { type ItemShaping, shapeOne } from "../internal/shape.js"
import { bodyArgs, commentId, cursor, type Docs, fields, itemIdArg, limit, queryArgs } from "./args.js"
import { define, op } from "./define.js"
import { done, split } from "./helpers.js"
import { ArgumentError } from "./model.js"
import { linked } from "./results.js"

const shaping: ItemShaping = { bulky: op("Comments.list").resource.bulky, fullTool: "comment-get" }

const ITEM_ID = "The item's id, e.g. 42."
const SCOPE = "Item kind: Dashboard, Insight, Notebook, FeatureFlag, Survey…"

const filters: Docs = {
  scope: SCOPE,
  item_id: ITEM_ID,
  search: "Text in the comment.",
  kind: "comment, task or any.",
  completed: "Tasks: open, completed or any.",
  source_comment: "Only replies to this comment id.",
  exclude_emoji_reactions: "true: no emoji reactions.",
  deleted: "true: soft-deleted ones (for comment-restore).",
  task_id: "Only comments of this task id."
}

const writable: Docs = {
  content: 'The text, e.g. "Numbers look off since Monday".',
  rich_content: "The text as TipTap JSON; prefer content.",
  item_id: ITEM_ID,
  item_context: "JSON kept with the comment.",
  scope: `${SCOPE} Required unless replying.`,
  source_comment: "To reply: the thread's first comment id.",
  mentions: "User ids to notify (whoami gives yours).",
  slug: "UI path it was written on.",
  is_task: "true: a task (not for replies).",
  deleted: "true: soft-delete."
}

const badCursor = (tool: string) =>
  new ArgumentError(
    `The argument \`cursor\` is not a \`next\` value returned by ${tool}. Omit it to start from the first page.`
  )

const idOnly = z.strictObject({ id: commentId })

export const commentTools = [
  define({
    operation: "Comments.list",
    toolset: "comments",
    title: "List comments",
    hint: "Replies included.",
    inputSchema: z.strictObject({
      ...queryArgs(op("Comments.list"), filters, { override: { item_id: itemIdArg(ITEM_ID) } }),
      cursor,
      limit,
      fields
    }),
    run: (args, core) => {
      const state = decodeCursor(args.cursor)
      if (state === undefined) return Effect.fail(badCursor("comments-list"))
      const query = split(args, "cursor", "limit", "fields")
      return core.Comments.use((c) => c.list(state.c === null ? query : { ...query, cursor: state.c })).pipe(
        Effect.flatMap(linked(core, "comment")),
        Effect.map((page) => cursorPage(page, state, args.limit ?? DEFAULT_LIMIT, shaping, args.fields))
      )
    }
  }),
  define({
    operation: "Comments.get",
    toolset: "comments",
    title: "Get comment",
    hint: "comment-thread gives its replies.",
    inputSchema: z.strictObject({ id: commentId, fields }),
    subject: (args) => `comment ${args.id}`,
    listTool: "comments-list",
    run: (args, core) =>
      core.Comments.use((c) => c.get(args.id)).pipe(
        Effect.flatMap(linked(core, "comment")),
        Effect.map((v) => shapeOne(v, args.fields))
      )
  }),
  define({
    operation: "Comments.thread",
    toolset: "comments",
    title: "Get comment thread",
    hint: "To reply: comment-create with source_comment = id.",
    inputSchema: z.strictObject({
      id: commentId,
      ...queryArgs(op("Comments.thread"), {
        search: filters.search as string,
        exclude_emoji_reactions: filters.exclude_emoji_reactions as string
      }),
      cursor,
      limit,
      fields
    }),
    subject: (args) => `comment ${args.id}`,
    listTool: "comments-list",
    run: (args, core) => {
      const state = decodeCursor(args.cursor)
      if (state === undefined) return Effect.fail(badCursor("comment-thread"))
      const query = split(args, "id", "cursor", "limit", "fields")
      return core.Comments.use((c) =>
        c.thread(args.id, state.c === null ? query : { ...query, cursor: state.c })
      ).pipe(
        Effect.flatMap(linked(core, "comment")),
        Effect.map((page) => cursorPage(page, state, args.limit ?? DEFAULT_LIMIT, shaping, args.fields))
      )
    }
  }),
  define({
    operation: "Comments.count",
    toolset: "comments",
    title: "Count comments",
    hint: "Open tasks on a dashboard: scope Dashboard, item_id, kind task, completed open.",
    inputSchema: z.strictObject(
      queryArgs(op("Comments.count"), filters, { override: { item_id: itemIdArg(ITEM_ID) } })
    ),
    run: (args, core) =>
      core.Comments.use((c) => c.count(args)).pipe(
        Effect.map((count) => ({ value: { count }, truncated: [] }))
      )
  }),
  define({
    operation: "Comments.create",
    toolset: "comments",
    title: "Create comment",
    inputSchema: z.strictObject(
      bodyArgs(op("Comments.create"), writable, {
        required: ["content"],
        override: {
          content: z.string().min(1, { error: "A comment must have content." }),
          item_id: itemIdArg(ITEM_ID)
        }
      })
    ),
    run: (args, core) =>
      core.Comments.use((c) => c.create(args)).pipe(
        Effect.flatMap(linked(core, "comment")),
        Effect.map((v) => shapeOne(v, undefined))
      )
  }),
  define({
    operation: "Comments.update",
    toolset: "comments",
    title: "Update comment",
    hint: "Only its author can edit it.",
    inputSchema: z.strictObject({
      id: commentId,
      ...bodyArgs(op("Comments.update"), writable, { override: { item_id: itemIdArg(ITEM_ID) } })
    }),
    subject: (args) => `comment ${args.id}`,
    listTool: "comments-list",
    run: (args, core) =>
      core.Comments.use((c) => c.update(args.id, split(args, "id"))).pipe(
        Effect.flatMap(linked(core, "comment")),
        Effect.map((v) => shapeOne(v, undefined))
      )
  }),
  define({
    operation: "Comments.delete",
    toolset: "comments",
    title: "Delete comment",
    inputSchema: idOnly,
    subject: (args) => `comment ${args.id}`,
    listTool: "comments-list",
    run: (args, core) =>
      core.Comments.use((c) => c.delete(args.id)).pipe(
        Effect.as(done(`Comment ${args.id} was deleted. comment-restore brings it back.`, { id: args.id }))
      )
  }),
  define({
    operation: "Comments.restore",
    toolset: "comments",
    title: "Restore comment",
    hint: "comments-list with deleted: true finds them.",
    inputSchema: idOnly,
    subject: (args) => `deleted comment ${args.id}`,
    listTool: "comments-list",
    run: (args, core) =>
      core.Comments.use((c) => c.restore(args.id)).pipe(
        Effect.flatMap(linked(core, "comment")),
        Effect.map((v) => shapeOne(v, undefined))
      )
  }),
  define({
    operation: "Comments.complete",
    toolset: "comments",
    title: "Complete task",
    hint: "comment-reopen undoes it.",
    inputSchema: idOnly,
    subject: (args) => `task ${args.id}`,
    listTool: "comments-list",
    run: (args, core) =>
      core.Comments.use((c) => c.complete(args.id)).pipe(
        Effect.flatMap(linked(core, "comment")),
        Effect.map((v) => shapeOne(v, undefined))
      )
  }),
  define({
    operation: "Comments.reopen",
    toolset: "comments",
    title: "Reopen task",
    inputSchema: idOnly,
    subject: (args) => `task ${args.id}`,
    listTool: "comments-list",
    run: (args, core) =>
      core.Comments.use((c) => c.reopen(args.id)).pipe(
        Effect.flatMap(linked(core, "comment")),
        Effect.map((v) => shapeOne(v, undefined))
      )
  })
]
