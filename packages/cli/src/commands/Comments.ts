/**
 * `hogkit comments list|get|create|update|delete|restore|complete|reopen|thread|count`.
 */

import type { Schema } from "@hogkit/core"
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { confirm, yes } from "../internal/Confirm.js"
import { usage } from "../internal/Failure.js"
import { type CommentRef, parseCommentRef, resolveCommentRef } from "../internal/IdPrefix.js"
import { listMode, multiLine, singleLine } from "../internal/Input.js"
import { helpText, type OperationName, undoLine } from "../internal/Operations.js"
import type { Printer, View } from "../internal/Output.js"
import { printerFor, withPostHog } from "../internal/Run.js"
import { type LinkContext, open, uiUrl, web } from "../internal/Web.js"

export const view: View = {
  source: "Comments.get",
  columns: [
    { key: "id", shortId: true },
    { key: "scope" },
    { key: "item_id", header: "item" },
    { key: "content", wide: true },
    { key: "is_task", header: "task", kind: "bool" },
    { key: "created_by", header: "author", kind: "user" },
    { key: "created_at", kind: "time" }
  ],
  detail: [
    { key: "id" },
    { key: "scope" },
    { key: "item_id", header: "item" },
    { key: "content", kind: "text" },
    { key: "is_task", header: "task", kind: "bool" },
    { key: "completed_at", header: "completed", kind: "time" },
    { key: "source_comment", header: "reply to" },
    { key: "created_by", header: "author", kind: "user" },
    { key: "created_at", kind: "time" },
    { key: "version" },
    { key: "deleted", kind: "bool" }
  ]
}

const idArgument = Argument.String("ID").pipe(
  Argument.withDescription("Comment id: the UUID, or a unique start of it as the table shows (e.g. 3f2a9c1b)")
)

const filterFlags = {
  scope: Flag.String("scope").pipe(
    Flag.withDescription("Only comments on this kind of item (e.g. Dashboard)"),
    Flag.optional
  ),
  itemId: Flag.String("item-id").pipe(Flag.withDescription("Only comments on this item"), Flag.optional),
  kind: Flag.Literals("kind", ["comment", "task"]).pipe(
    Flag.withDescription("Comments or tasks"),
    Flag.optional
  ),
  completed: Flag.Literals("completed", ["open", "completed"]).pipe(
    Flag.withDescription("Open or completed tasks (with --kind task)"),
    Flag.optional
  ),
  search: Flag.String("search").pipe(Flag.withDescription("Full-text search in the content"), Flag.optional)
}

type FilterInput = {
  readonly scope: Option.Option<string>
  readonly itemId: Option.Option<string>
  readonly kind: Option.Option<"comment" | "task">
  readonly completed: Option.Option<"open" | "completed">
  readonly search: Option.Option<string>
}

const filters = (input: FilterInput) =>
  Effect.gen(function* () {
    const out: Schema.CommentFilters = {}
    if (Option.isSome(input.scope)) out.scope = yield* singleLine("--scope", input.scope.value)
    if (Option.isSome(input.itemId)) out.item_id = yield* singleLine("--item-id", input.itemId.value)
    if (Option.isSome(input.kind)) out.kind = input.kind.value
    if (Option.isSome(input.completed)) {
      if (Option.getOrUndefined(input.kind) !== "task") {
        return yield* usage("--completed only applies to tasks: add --kind task.")
      }
      out.completed = input.completed.value
    }
    if (Option.isSome(input.search)) out.search = yield* singleLine("--search", input.search.value)
    return out
  })

const limit = Flag.Int("limit").pipe(Flag.withDescription("Stop after N comments"), Flag.optional)
const all = Flag.Boolean("all").pipe(Flag.withDescription("Fetch every page"), Flag.withDefault(false))

const list = Command.make("list", { ...filterFlags, limit, all }, (input) =>
  Effect.gen(function* () {
    const mode = yield* listMode(input.limit, input.all)
    const params = yield* filters(input)
    const printer = yield* printerFor(view)
    yield* withPostHog(({ core }) =>
      Effect.gen(function* () {
        const comments = yield* core.Comments
        if (mode.all) {
          yield* printer.list(comments.stream(params), view, { progress: true })
        } else if (mode.limit !== undefined) {
          // Cursor pages are followed one at a time, so taking N stops before the page after the Nth item.
          yield* printer.list(comments.take(mode.limit, params), view)
        } else {
          const page = yield* comments.list(params)
          yield* printer.list(Stream.fromIterable(page.results), view)
          if (page.next)
            printer.note(`Showing the newest ${page.results.length}; use --all or --limit N for more.`)
        }
      })
    )
  })
).pipe(
  Command.withShortDescription("List comments, newest first (one page unless --limit or --all)"),
  Command.withDescription(helpText("Comments.list", "One page unless --limit N or --all."))
)

const get = Command.make("get", { id: idArgument, web }, (input) =>
  Effect.gen(function* () {
    const ref = yield* parseCommentRef(input.id)
    const printer = yield* printerFor(view)
    yield* withPostHog((connected) =>
      Effect.gen(function* () {
        const comments = yield* connected.core.Comments
        const id = yield* resolveCommentRef(ref, comments)
        const comment = yield* comments.get(id)
        if (input.web) return yield* open(uiUrl("comment", comment, connected), `comment ${id}`, printer)
        printer.object(comment, view)
      })
    )
  })
).pipe(Command.withShortDescription("Show one comment"), Command.withDescription(helpText("Comments.get")))

/** After create and update: `--web` opens the comment where it shows; a new one's page is named on a terminal. */
const shown = (
  comment: Schema.Comment,
  context: LinkContext,
  openIt: boolean,
  printer: Printer,
  created: boolean
) => {
  const url = uiUrl("comment", comment, context)
  if (openIt) return open(url, `comment ${comment.id}`, printer)
  if (created && url !== undefined) printer.note(`View it in PostHog: ${url}`)
  return Effect.void
}

const create = Command.make(
  "create",
  {
    content: Flag.String("content").pipe(Flag.withDescription("The comment text")),
    scope: Flag.String("scope").pipe(
      Flag.withDescription("Kind of item commented on (e.g. Dashboard)"),
      Flag.optional
    ),
    itemId: Flag.String("item-id").pipe(Flag.withDescription("Id of the item commented on"), Flag.optional),
    task: Flag.Boolean("task").pipe(
      Flag.withDescription("Create a task instead of a comment"),
      Flag.withDefault(false)
    ),
    replyTo: Flag.String("reply-to").pipe(Flag.withDescription("Reply to this comment id"), Flag.optional),
    mention: Flag.Int("mention").pipe(
      Flag.withDescription("Mention a user id (repeat for several)"),
      Flag.atLeast(0)
    ),
    web
  },
  (input) =>
    Effect.gen(function* () {
      const body: Schema.CommentCreate = { content: yield* multiLine("--content", input.content) }
      if (input.content.trim() === "") return yield* usage("--content must not be empty.")
      if (Option.isSome(input.scope)) body.scope = yield* singleLine("--scope", input.scope.value)
      if (Option.isSome(input.itemId)) body.item_id = yield* singleLine("--item-id", input.itemId.value)
      if (input.task) body.is_task = true
      const replyTo = Option.isSome(input.replyTo)
        ? yield* parseCommentRef(input.replyTo.value, "--reply-to comment id")
        : undefined
      if (replyTo !== undefined) body.source_comment = "full" in replyTo ? replyTo.full : replyTo.prefix
      if (body.scope === undefined && body.source_comment === undefined) {
        return yield* usage("A comment needs --scope (with --item-id), or --reply-to ID for a reply.")
      }
      if (input.task && body.source_comment !== undefined)
        return yield* usage("Replies cannot be tasks: drop --task or --reply-to.")
      if (input.mention.length > 0) {
        const bad = input.mention.find((m) => !Number.isInteger(m) || m <= 0)
        if (bad !== undefined)
          return yield* usage(`--mention takes a user id (a positive integer), got ${bad}.`)
        body.mentions = [...input.mention]
      }
      const printer = yield* printerFor(view)
      yield* withPostHog((connected) =>
        Effect.gen(function* () {
          const comments = yield* connected.core.Comments
          if (replyTo !== undefined) body.source_comment = yield* resolveCommentRef(replyTo, comments)
          const comment = yield* comments.create(body)
          printer.object(comment, view)
          yield* shown(comment, connected, input.web, printer, true)
        })
      )
    })
).pipe(
  Command.withShortDescription("Create a comment, a task, or a reply"),
  Command.withDescription(helpText("Comments.create"))
)

const update = Command.make(
  "update",
  {
    id: idArgument,
    content: Flag.String("content").pipe(Flag.withDescription("The new text"), Flag.optional),
    web,
    yes
  },
  (input) =>
    Effect.gen(function* () {
      const ref = yield* parseCommentRef(input.id)
      // PostHog refuses any comment PATCH without content, so --content is what update can change.
      if (Option.isNone(input.content))
        return yield* usage("Nothing to update: pass --content with the new text.")
      if (input.content.value.trim() === "") return yield* usage("--content must not be empty.")
      const content = yield* multiLine("--content", input.content.value)
      const ask = (id: string) =>
        confirm("Comments.update", {
          yes: input.yes,
          command: "comments update",
          target: `comment ${id}`,
          input: { content }
        })
      if ("full" in ref) yield* ask(ref.full)
      const printer = yield* printerFor(view)
      yield* withPostHog((connected) =>
        Effect.gen(function* () {
          const comments = yield* connected.core.Comments
          const id = yield* resolveCommentRef(ref, comments)
          // A prefix is asked about once it names one comment.
          if ("prefix" in ref) yield* ask(id)
          const comment = yield* comments.update(id, { content })
          printer.object(comment, view)
          yield* shown(comment, connected, input.web, printer, false)
        })
      )
    })
).pipe(
  Command.withShortDescription("Edit a comment's text"),
  Command.withDescription(helpText("Comments.update", "Asks first; --yes skips the question."))
)

const simple = (
  name: "delete" | "restore" | "complete" | "reopen",
  description: string,
  note?: (id: string) => string
) => {
  const operationName = `Comments.${name}` as const satisfies OperationName
  const destructive = name === "delete"
  // Only delete destroys; the others accept --yes (scripts may pass it everywhere) without listing it.
  return Command.make(name, { id: idArgument, yes: destructive ? yes : Flag.withHidden(yes) }, (input) =>
    Effect.gen(function* () {
      const ref: CommentRef = yield* parseCommentRef(input.id)
      const ask = (id: string) =>
        confirm(operationName, { yes: input.yes, command: `comments ${name}`, target: `comment ${id}` })
      if ("full" in ref) yield* ask(ref.full)
      const printer = yield* printerFor(view)
      yield* withPostHog(({ core }) =>
        Effect.gen(function* () {
          const comments = yield* core.Comments
          // Only restore looks among deleted comments: the others act on comments PostHog shows.
          const id = yield* resolveCommentRef(ref, comments, { deleted: name === "restore" })
          if ("prefix" in ref) yield* ask(id)
          const c = yield* comments[name](id)
          printer.object(c, view)
          if (note) printer.note(note(id))
        })
      )
    })
  ).pipe(
    Command.withShortDescription(description),
    Command.withDescription(
      helpText(operationName, destructive ? "Asks first; --yes skips the question." : undefined)
    )
  )
}

const thread = Command.make(
  "thread",
  {
    id: idArgument,
    limit,
    all
  },
  (input) =>
    Effect.gen(function* () {
      const ref = yield* parseCommentRef(input.id)
      const mode = yield* listMode(input.limit, input.all)
      const printer = yield* printerFor(view)
      yield* withPostHog(({ core }) =>
        Effect.gen(function* () {
          const comments = yield* core.Comments
          const id = yield* resolveCommentRef(ref, comments)
          if (mode.all) yield* printer.list(comments.streamThread(id), view, { progress: true })
          else if (mode.limit !== undefined)
            yield* printer.list(comments.streamThread(id).pipe(Stream.take(mode.limit)), view)
          else {
            const page = yield* comments.thread(id)
            yield* printer.list(Stream.fromIterable(page.results), view)
            if (page.next)
              printer.note(`Showing the newest ${page.results.length} replies; use --all for every one.`)
          }
        })
      )
    })
).pipe(
  Command.withShortDescription("List the replies to a comment"),
  Command.withDescription(helpText("Comments.thread"))
)

const count = Command.make("count", filterFlags, (input) =>
  Effect.gen(function* () {
    const params = yield* filters(input)
    const printer = yield* printerFor(countView)
    yield* withPostHog(({ core }) =>
      Effect.flatMap(core.Comments, (c) => c.count(params)).pipe(
        Effect.map((n) =>
          printer.isJson ? printer.object({ count: n }, countView) : printer.value(String(n))
        )
      )
    )
  })
).pipe(
  Command.withShortDescription("Count comments matching the filters"),
  Command.withDescription(helpText("Comments.count"))
)

const countView: View = {
  source: "Comments.count",
  columns: [{ key: "count" }],
  detail: [{ key: "count" }]
}

export const command = Command.make("comments").pipe(
  Command.withDescription("Comments and tasks on PostHog items"),
  Command.withSubcommands([
    list,
    get,
    create,
    update,
    simple("delete", "Delete a comment (PostHog's soft delete; restore undoes it)", (id) => {
      const undo = undoLine("Comments.delete", id)
      return `Deleted comment ${id}.${undo ? ` Undo with: ${undo}` : ""}`
    }),
    simple("restore", "Restore a deleted comment"),
    simple("complete", "Mark a task complete"),
    simple("reopen", "Reopen a completed task"),
    thread,
    count
  ])
)
