/**
 * Streams over PostHog's two page shapes, for the Effect services. What "next page" means comes from
 * `paging.ts`; this module only decides how pages are fetched. Offset pages (with `count`) are fetched
 * concurrently once the first page says how many there are; cursor pages (no `count`) can only be
 * followed one `next` at a time. Memory stays bounded: at most `concurrency` pages are in flight or
 * buffered, and duplicate detection only remembers the ids of the previous page.
 *
 * Kept apart from `paging.ts` so code that never streams (the Promise facade, the widgets) never carries
 * Effect's `Stream`.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import type { HogkitError } from "../Errors.js"
import type { PostHogRequest } from "../PostHogClient.js"
import {
  type CursorParams,
  dropRepeats,
  hasNextPage,
  nextParams,
  type OffsetParams,
  type PageLike,
  type PageShape,
  plannedOffsets,
  takePlan
} from "./paging.js"

const resultsOf = (page: unknown): ReadonlyArray<unknown> => {
  const results = (page as PageLike | null | undefined)?.results
  return Array.isArray(results) ? results : []
}

/** Every item of any paginated endpoint, following `next` (the escape hatch's `--paginate`). */
export const followNext = (
  send: (req: PostHogRequest) => Effect.Effect<unknown, HogkitError>,
  first: PostHogRequest
): Stream.Stream<unknown, HogkitError> =>
  Stream.paginate(first, (req) =>
    Effect.map(send(req), (page) => {
      const next = (page as PageLike | null | undefined)?.next
      const items = Array.isArray(page) ? page : resultsOf(page)
      return [
        items,
        typeof next === "string" && next !== ""
          ? Option.some<PostHogRequest>({ ...req, path: next, query: undefined })
          : Option.none()
      ] as const
    })
  )

/** Every page of a list from `params` on, one request after another, each as PostHog sent it. */
export const pagesStream = <P extends OffsetParams & CursorParams, Page extends PageLike>(
  shape: PageShape,
  params: P,
  fetch: (params: P) => Effect.Effect<Page, HogkitError>
): Stream.Stream<Page, HogkitError> =>
  Stream.paginate(params, (p: P) =>
    Effect.map(fetch(p), (page) => {
      const next = nextParams(shape, p, page)
      return [[page], next === undefined ? Option.none() : Option.some(next)] as const
    })
  )

/** The first `n` items of a list, one page after another, fetching no page it does not need. */
export const takeStream = <P extends OffsetParams & CursorParams, Item>(
  shape: PageShape,
  params: P,
  n: number,
  fetch: (params: P) => Effect.Effect<PageLike<Item>, HogkitError>
): Stream.Stream<Item, HogkitError> => {
  const plan = takePlan(shape, params, n)
  if (plan.first === undefined) return Stream.empty
  return Stream.paginate({ params: plan.first, taken: 0 }, ({ params: p, taken }) =>
    Effect.map(fetch(p), (page) => {
      const items = page.results.slice(0, Math.max(0, n - taken))
      const next = plan.after(p, page, taken + items.length)
      return [
        items,
        next === undefined ? Option.none() : Option.some({ params: next, taken: taken + items.length })
      ] as const
    })
  )
}

/** Every item of a cursor-paginated list: follows `next` until PostHog returns none. */
export const cursorStream = <P extends CursorParams, Item>(
  params: P,
  fetch: (params: P) => Effect.Effect<PageLike<Item>, HogkitError>
): Stream.Stream<Item, HogkitError> =>
  pagesStream("cursor", params, fetch).pipe(Stream.flatMap((page) => Stream.fromIterable(page.results)))

/**
 * Every item of an offset-paginated list, in server order. The first page gives `count`; the other pages
 * are fetched `concurrency` at a time and emitted in order. Rows that shift between pages while we read
 * (an insert pushes the last row of page k onto page k+1) are emitted once. If more rows appear than
 * `count` announced, the stream keeps following `next` from the last page.
 */
export const offsetStream = <Item>(options: {
  readonly limit: number
  readonly offset: number
  readonly concurrency: number
  readonly fetch: (
    offset: number,
    limit: number
  ) => Effect.Effect<
    { readonly count: number; readonly next: string | null; readonly results: ReadonlyArray<Item> },
    HogkitError
  >
}): Stream.Stream<Item, HogkitError> =>
  Stream.unwrap(
    Effect.gen(function* () {
      const { limit, offset, concurrency, fetch } = options
      const first = yield* fetch(offset, limit)
      // Ids of the page emitted last: enough to drop rows that slid across one boundary.
      const previousIds = yield* Ref.make<ReadonlySet<unknown>>(new Set())
      const lastOffset = yield* Ref.make(offset)
      const lastNext = yield* Ref.make<string | null>(first.next)

      const dedupe = (results: ReadonlyArray<Item>) =>
        Ref.modify(previousIds, (seen) => dropRepeats(seen, results))

      const planned = Stream.fromIterable(plannedOffsets(offset, limit, first)).pipe(
        Stream.mapEffect((o) => Effect.map(fetch(o, limit), (page) => ({ offset: o, page })), {
          concurrency
        }),
        Stream.mapEffect(({ offset: o, page }) =>
          Effect.andThen(
            Ref.set(lastOffset, o),
            Effect.andThen(Ref.set(lastNext, page.next), dedupe(page.results))
          )
        ),
        Stream.flattenIterable
      )

      // Rows added while streaming push items past the announced count: keep reading until `next` is null.
      const overflow = Stream.unwrap(
        Effect.gen(function* () {
          if (!hasNextPage({ next: yield* Ref.get(lastNext) })) return Stream.empty
          const start = (yield* Ref.get(lastOffset)) + limit
          return Stream.paginate(start, (o: number) =>
            Effect.flatMap(fetch(o, limit), (page) =>
              Effect.map(
                dedupe(page.results),
                (kept) => [kept, hasNextPage(page) ? Option.some(o + limit) : Option.none()] as const
              )
            )
          )
        })
      )

      // A first page with no next page plans nothing and leaves nothing to follow: the head is all.
      return Stream.fromIterable(yield* dedupe(first.results)).pipe(
        Stream.concat(planned),
        Stream.concat(overflow)
      )
    })
  )
