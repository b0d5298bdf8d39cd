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
import type { HogkitError } from "./Errors.js"
import { stringId, toQuery } from "./internal/ops.js"
import { cursorStream, pagesStream, takeStream } from "./internal/pageStreams.js"
import type { CallOptions } from "./PostHogClient.js"
import * as PostHogClient from "./PostHogClient.js"
import {
  Comment,
  CommentCount,
  CommentCreate,
  CommentFilters,
  CommentListParams,
  CommentPage,
  CommentThreadParams,
  CommentUpdate
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

/** A comment path, with the id checked and escaped. */
const byId = (operation: string, method: PostHogClient.HttpMethod, id: unknown, suffix = "") =>
  Effect.map(
    stringId(operation, method, "comments/", id, "comment id"),
    (safe) => `comments/${safe}/${suffix}`
  )

/**
 * Every operation that is one request (all but the streams), over a pipeline. The service is built from
 * it; browser code calls it directly, so a bundle that never streams never carries Effect's `Stream`.
 *
 * @category constructors
 */
export const requests = (client: PostHogClient.Service): Requests => {
  const list = Effect.fn("Comments.list")(function* (params?: CommentListParams, options?: CallOptions) {
    const query = yield* client.validate("Comments.list", "GET", "comments/", CommentListParams, params ?? {})
    return yield* client.requestWith(CommentPage, {
      operation: "Comments.list",
      method: "GET",
      path: "comments/",
      query: toQuery(query),
      options
    })
  })

  const get = Effect.fn("Comments.get")(function* (id: string, options?: CallOptions) {
    const path = yield* byId("Comments.get", "GET", id)
    return yield* client.requestWith(Comment, { operation: "Comments.get", method: "GET", path, options })
  })

  const create = Effect.fn("Comments.create")(function* (body: CommentCreate, options?: CallOptions) {
    const valid = yield* client.validate("Comments.create", "POST", "comments/", CommentCreate, body)
    return yield* client.requestWith(Comment, {
      operation: "Comments.create",
      method: "POST",
      path: "comments/",
      body: valid,
      options
    })
  })

  const update = Effect.fn("Comments.update")(function* (
    id: string,
    patch: CommentUpdate,
    options?: CallOptions
  ) {
    const path = yield* byId("Comments.update", "PATCH", id)
    const valid = yield* client.validate("Comments.update", "PATCH", path, CommentUpdate, patch)
    return yield* client.requestWith(Comment, {
      operation: "Comments.update",
      method: "PATCH",
      path,
      body: valid,
      options
    })
  })

  const del = Effect.fn("Comments.delete")(function* (id: string, options?: CallOptions) {
    const path = yield* byId("Comments.delete", "PATCH", id)
    return yield* client.requestWith(Comment, {
      operation: "Comments.delete",
      method: "PATCH",
      path,
      body: { deleted: true },
      options
    })
  })

  const complete = Effect.fn("Comments.complete")(function* (id: string, options?: CallOptions) {
    const path = yield* byId("Comments.complete", "POST", id, "complete/")
    return yield* client.requestWith(Comment, {
      operation: "Comments.complete",
      method: "POST",
      path,
      options
    })
  })

  const reopen = Effect.fn("Comments.reopen")(function* (id: string, options?: CallOptions) {
    const path = yield* byId("Comments.reopen", "POST", id, "reopen/")
    return yield* client.requestWith(Comment, { operation: "Comments.reopen", method: "POST", path, options })
  })

  const thread = Effect.fn("Comments.thread")(function* (
    id: string,
    params?: CommentThreadParams,
    options?: CallOptions
  ) {
    const path = yield* byId("Comments.thread", "GET", id, "thread/")
    const query = yield* client.validate("Comments.thread", "GET", path, CommentThreadParams, params ?? {})
    return yield* client.requestWith(CommentPage, {
      operation: "Comments.thread",
      method: "GET",
      path,
      query: toQuery(query),
      options
    })
  })

  const count = Effect.fn("Comments.count")(function* (params?: CommentFilters, options?: CallOptions) {
    const query = yield* client.validate(
      "Comments.count",
      "GET",
      "comments/count/",
      CommentFilters,
      params ?? {}
    )
    const result = yield* client.requestWith(CommentCount, {
      operation: "Comments.count",
      method: "GET",
      path: "comments/count/",
      query: toQuery(query),
      options
    })
    return result.count
  })

  return {
    list,
    get,
    create,
    update,
    delete: del,
    complete,
    reopen,
    thread,
    count
  }
}

/** The streams, over a pipeline: the one-request operations followed page after page. */
const streams = (
  client: PostHogClient.Service
): Pick<Service, "stream" | "streamThread" | "pages" | "take"> => {
  const { list, thread } = requests(client)

  const stream = (params?: CommentListParams, options?: CallOptions): Stream.Stream<Comment, HogkitError> =>
    cursorStream(params ?? {}, (p) => list(p, options)).pipe(Stream.withSpan("Comments.stream"))

  const streamThread = (
    id: string,
    params?: CommentThreadParams,
    options?: CallOptions
  ): Stream.Stream<Comment, HogkitError> =>
    cursorStream(params ?? {}, (p) => thread(id, p, options)).pipe(Stream.withSpan("Comments.streamThread"))

  const pages = (params?: CommentListParams, options?: CallOptions) =>
    pagesStream("cursor", params ?? {}, (p) => list(p, options))

  const take = (n: number, params?: CommentListParams, options?: CallOptions) =>
    takeStream("cursor", params ?? {}, n, (p) => list(p, options))

  return { stream, streamThread, pages, take }
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
