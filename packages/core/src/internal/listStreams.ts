/**
 * A list operation's streams (`stream`, `pages`, `take`), derived from its catalogue entry. The entry
 * already says everything they need: the operation's name and path, its query schema, how it pages and
 * what a page decodes to. So a service states only which entry lists, and every service streams the same
 * way: offset lists are read concurrently once the first page gives `count`, cursor lists follow `next`.
 *
 * Kept apart from `execute.ts` (one request each): only the services' `make` uses this module, so a
 * bundle built on their `requests` alone (the Promise facade, the widgets) drops it with Effect's `Stream`.
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { HogkitError } from "../Errors.js"
import type { CallOptions, Service as Client } from "../PostHogClient.js"
import { Limits } from "../schema/Common.js"
import { execute, fillPath } from "./execute.js"
import type { ItemOf, ListOperation, PageOf, ParamsOf } from "./listOperation.js"
import { toQuery } from "./ops.js"
import { cursorStream, offsetStream, pagesStream, takeStream } from "./pageStreams.js"
import type { CursorParams, OffsetPageLike, OffsetParams, PageLike } from "./paging.js"

/** The streams of one list, with the signatures the services declare. */
export interface ListStreams<Params, Page, Item> {
  /** Every item, in server order (offset pages fetched concurrently, cursor pages one after another). */
  readonly stream: (params?: Params, options?: CallOptions) => Stream.Stream<Item, HogkitError>
  /** Every page from `params` on, one request after another, each as the list returns it. */
  readonly pages: (params?: Params, options?: CallOptions) => Stream.Stream<Page, HogkitError>
  /** The first `n` items, one page after another, fetching no page more than needed. */
  readonly take: (n: number, params?: Params, options?: CallOptions) => Stream.Stream<Item, HogkitError>
}

/** The parameters as the paging rules read them (the list's own filters ride along untouched). */
type Paged = OffsetParams & CursorParams & Record<string, unknown>

/**
 * Every item of an offset list. The query is validated once, up front, under the stream's own name
 * (`Dashboards.stream`): `limit` and `offset` must be known before the first request, since they plan
 * the concurrent pages; each page request carries that name too.
 */
const offsetItems =
  (client: Client, op: ListOperation, name: string) =>
  (params: object | undefined, options: CallOptions | undefined): Stream.Stream<unknown, HogkitError> =>
    Stream.unwrap(
      Effect.gen(function* () {
        const path = yield* fillPath(op, undefined)
        const query = (yield* client.validate(name, op.method, path, op.query, params ?? {})) as Paged
        const { limit, offset, ...filters } = query
        return offsetStream({
          limit: limit ?? Limits.defaultPageSize,
          offset: offset ?? 0,
          concurrency: client.pageConcurrency,
          fetch: (o, l) =>
            client.requestWith(op.response, {
              operation: name,
              method: op.method,
              path,
              query: { ...toQuery(filters), limit: l, offset: o },
              options
            }) as Effect.Effect<OffsetPageLike & { readonly next: string | null }, HogkitError>
        })
      })
    ).pipe(Stream.withSpan(name))

/**
 * The streams of the list `op`, over a pipeline. `stream`'s span is `<Service>.stream`; an offset list's
 * stream also names its validation and requests so, while a cursor list's stream (like `pages` and
 * `take`) is the list operation itself, page after page, failing under the list's own name.
 */
export const listStreams = <Op extends ListOperation>(
  client: Client,
  op: Op
): ListStreams<ParamsOf<Op>, PageOf<Op>, ItemOf<Op>> => {
  const name = `${op.service}.stream`
  const list = (params: Paged, options: CallOptions | undefined) =>
    execute(client, op, { query: params, options }) as Effect.Effect<PageLike, HogkitError>
  const stream =
    op.page === "offset"
      ? offsetItems(client, op, name)
      : (params: object | undefined, options: CallOptions | undefined) =>
          cursorStream((params ?? {}) as Paged, (p) => list(p, options)).pipe(Stream.withSpan(name))
  return {
    stream,
    pages: (params, options) => pagesStream(op.page, (params ?? {}) as Paged, (p) => list(p, options)),
    take: (n, params, options) => takeStream(op.page, (params ?? {}) as Paged, n, (p) => list(p, options))
  } as ListStreams<ParamsOf<Op>, PageOf<Op>, ItemOf<Op>>
}
