/**
 * Comments and tasks on any PostHog item (`scope` + `item_id`): list a page or stream them all, read a
 * thread, count, create, edit, soft-delete, and complete or reopen tasks.
 *
 * Comments use cursor pages (newest first, no `count`). `delete` is PostHog's soft delete
 * (`PATCH {"deleted": true}`): PostHog answers 405 to a real DELETE.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Comments } from "@hogkit/core"
 *
 * const program = Effect.gen(function* () {
 *   const comments = yield* Comments
 *   const created = yield* comments.create({ scope: "Dashboard", item_id: "42", content: "Looks off" })
 *   const all = yield* Stream.runCollect(comments.stream({ scope: "Dashboard", item_id: "42" }))
 *   return { created, all }
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { comments as ops } from "./catalogue/Comments.js"
import type { HogkitError } from "./Errors.js"
import { execute, fillPath } from "./internal/execute.js"
import { listStreams } from "./internal/listStreams.js"
import { cursorStream } from "./internal/pageStreams.js"
import type { CallOptions } from "./PostHogClient.js"
import * as PostHogClient from "./PostHogClient.js"
import {
  Comment,
  type CommentCreate,
  type CommentFilters,
  type CommentListParams,
  type CommentPage,
  type CommentThreadParams,
  type CommentUpdate
} from "./schema/Comments.js"

/** The comments operations. @category models */
export interface Service {
  /** One page of comments, as PostHog returns it (`next`/`previous`/`results`). */
  readonly list: (
    params?: CommentListParams,
    options?: CallOptions
  ) => Effect.Effect<CommentPage, HogkitError>
  /** Every comment matching the filters, following `next`. */
  readonly stream: (params?: CommentListParams, options?: CallOptions) => Stream.Stream<Comment, HogkitError>
  /** Every page from `params` on, following `next`, each as `list` returns it. */
  readonly pages: (
    params?: CommentListParams,
    options?: CallOptions
  ) => Stream.Stream<CommentPage, HogkitError>
  /** The first `n` comments, following `next` only while more are needed. */
  readonly take: (
    n: number,
    params?: CommentListParams,
    options?: CallOptions
  ) => Stream.Stream<Comment, HogkitError>
  /** One comment by id (404 `NotFound` when it does not exist or is soft-deleted). */
  readonly get: (id: string, options?: CallOptions) => Effect.Effect<Comment, HogkitError>
  /** Creates a comment, a task (`is_task: true`) or a reply (`source_comment`). */
  readonly create: (body: CommentCreate, options?: CallOptions) => Effect.Effect<Comment, HogkitError>
  /** Edits your own comment (PostHog needs `content` or `rich_content` in every edit). */
  readonly update: (
    id: string,
    patch: CommentUpdate,
    options?: CallOptions
  ) => Effect.Effect<Comment, HogkitError>
  /** Soft-deletes a comment (`PATCH {"deleted": true}`); the content is kept. */
  readonly delete: (id: string, options?: CallOptions) => Effect.Effect<Comment, HogkitError>
  /** Brings back a soft-deleted comment with its content (two requests: PostHog needs the content in the edit). */
  readonly restore: (id: string, options?: CallOptions) => Effect.Effect<Comment, HogkitError>
  /** Marks a task complete. */
  readonly complete: (id: string, options?: CallOptions) => Effect.Effect<Comment, HogkitError>
  /** Reopens a completed task. */
  readonly reopen: (id: string, options?: CallOptions) => Effect.Effect<Comment, HogkitError>
  /** One page of the replies to a comment (the root itself is not included). */
  readonly thread: (
    id: string,
    params?: CommentThreadParams,
    options?: CallOptions
  ) => Effect.Effect<CommentPage, HogkitError>
  /** Every reply to a comment. */
  readonly streamThread: (
    id: string,
    params?: CommentThreadParams,
    options?: CallOptions
  ) => Stream.Stream<Comment, HogkitError>
  /** How many comments match the filters. */
  readonly count: (params?: CommentFilters, options?: CallOptions) => Effect.Effect<number, HogkitError>
}

/** The operations that are one request each: the service without its streams. @category models */
export type Requests = Omit<Service, "stream" | "streamThread" | "pages" | "take">

/** The comments service. @category services */
export class Comments extends Context.Service<Comments, Service>()("@hogkit/core/Comments") {}

/**
 * Every operation that is one request (all but the streams), over a pipeline. The service is built from
 * it; browser code calls it directly, so a bundle that never streams never carries Effect's `Stream`.
 *
 * @category constructors
 */
export const requests = (client: PostHogClient.Service): Requests => ({
  list: (params, options) => execute(client, ops.list, { query: params, options }),
  get: (id, options) => execute(client, ops.get, { params: { id }, options }),
  create: (body, options) => execute(client, ops.create, { body, options }),
  update: (id, patch, options) => execute(client, ops.update, { params: { id }, body: patch, options }),
  delete: (id, options) => execute(client, ops.delete, { params: { id }, options }),
  restore: (id, options) =>
    // PostHog refuses an edit without content, even an undelete: read the deleted comment (`?deleted=true`
    // lifts the filter that hides it) and send its own content back with `deleted: false`.
    Effect.gen(function* () {
      const path = yield* fillPath(ops.restore, { id })
      const deleted = yield* client.requestWith(Comment, {
        operation: ops.restore.name,
        method: "GET",
        path,
        query: { deleted: true },
        options
      })
      const content =
        deleted.rich_content !== undefined && deleted.rich_content !== null
          ? { content: deleted.content ?? "", rich_content: deleted.rich_content }
          : { content: deleted.content ?? "" }
      return yield* client.requestWith(Comment, {
        operation: ops.restore.name,
        method: ops.restore.method,
        path,
        body: { ...content, ...ops.restore.fixedBody },
        options
      })
    }).pipe(Effect.withSpan(ops.restore.name)),
  complete: (id, options) => execute(client, ops.complete, { params: { id }, options }),
  reopen: (id, options) => execute(client, ops.reopen, { params: { id }, options }),
  thread: (id, params, options) => execute(client, ops.thread, { params: { id }, query: params, options }),
  count: (params, options) =>
    Effect.map(execute(client, ops.count, { query: params, options }), (result) => result.count)
})

/** The streams, over a pipeline: the catalogue's list entry says how it pages; a thread is one more cursor list. */
const streams = (
  client: PostHogClient.Service
): Pick<Service, "stream" | "streamThread" | "pages" | "take"> => {
  const { thread } = requests(client)
  const streamThread = (
    id: string,
    params?: CommentThreadParams,
    options?: CallOptions
  ): Stream.Stream<Comment, HogkitError> =>
    cursorStream(params ?? {}, (p) => thread(id, p, options)).pipe(Stream.withSpan("Comments.streamThread"))
  return { ...listStreams(client, ops.list), streamThread }
}

/** Builds the service on the `PostHogClient` in context. @category constructors */
export const make: Effect.Effect<Service, never, PostHogClient.PostHogClient> = /* @__PURE__ */ Effect.map(
  PostHogClient.PostHogClient,
  (client): Service => ({ ...requests(client), ...streams(client) })
)

/** The service as a layer over `PostHogClient`. @category layers */
export const layerFromClient: Layer.Layer<Comments, never, PostHogClient.PostHogClient> =
  /* @__PURE__ */ Layer.effect(Comments, make)

/** The service with its own pipeline (sending with `fetch`). @category layers */
export const layer = (options: PostHogClient.PostHogOptions): Layer.Layer<Comments> =>
  Layer.provide(layerFromClient, PostHogClient.layer(options))
