/**
 * Streams over PostHog's two page shapes. Offset pages (with `count`) are fetched concurrently once the
 * first page says how many there are; cursor pages (no `count`) can only be followed one `next` at a time.
 * Memory stays bounded: at most `concurrency` pages are in flight or buffered, and duplicate detection
 * only remembers the ids of the previous page.
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import type { HogkitError } from "../Errors.js"
import type { PostHogRequest } from "../PostHogClient.js"

interface AnyPage {
  readonly next?: string | null | undefined
  readonly results?: ReadonlyArray<unknown> | undefined
  readonly count?: number | undefined
}

const resultsOf = (page: unknown): ReadonlyArray<unknown> => {
  const results = (page as AnyPage | null | undefined)?.results
  return Array.isArray(results) ? results : []
}

const nextOf = (page: unknown): string | null => {
  const next = (page as AnyPage | null | undefined)?.next
  return typeof next === "string" && next !== "" ? next : null
}

/** Every item of any paginated endpoint, following `next` (the escape hatch's `--paginate`). */
export const followNext = (
  send: (req: PostHogRequest) => Effect.Effect<unknown, HogkitError>,
  first: PostHogRequest
): Stream.Stream<unknown, HogkitError> =>
  Stream.paginate(first, (req) =>
    Effect.map(send(req), (page) => {
      const next = nextOf(page)
      const items = Array.isArray(page) ? page : resultsOf(page)
      return [
        items,
        next === null ? Option.none() : Option.some<PostHogRequest>({ ...req, path: next, query: undefined })
      ] as const
    })
  )

/** Every item of a cursor-paginated list: follows `next` until PostHog returns none. */
export const cursorStream = <Item>(
  fetch: (
    nextUrl: string | undefined
  ) => Effect.Effect<{ readonly next: string | null; readonly results: ReadonlyArray<Item> }, HogkitError>
): Stream.Stream<Item, HogkitError> =>
  Stream.paginate(undefined as string | undefined, (nextUrl) =>
    Effect.map(
      fetch(nextUrl),
      (page) => [page.results, page.next ? Option.some(page.next) : Option.none()] as const
    )
  )

const idOf = (item: unknown): unknown =>
  typeof item === "object" && item !== null ? (item as { id?: unknown }).id : undefined

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
        Ref.modify(previousIds, (seen): readonly [ReadonlyArray<Item>, ReadonlySet<unknown>] => {
          const ids = new Set<unknown>()
          const kept: Array<Item> = []
          for (const item of results) {
            const id = idOf(item)
            if (id !== undefined && (seen.has(id) || ids.has(id))) continue
            if (id !== undefined) ids.add(id)
            kept.push(item)
          }
          return [kept, ids]
        })

      const offsets = function* () {
        for (let o = offset + limit; o < first.count; o += limit) yield o
      }

      const planned = Stream.fromIterable({ [Symbol.iterator]: offsets }).pipe(
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
          if ((yield* Ref.get(lastNext)) === null) return Stream.empty
          const start = (yield* Ref.get(lastOffset)) + limit
          return Stream.paginate(start, (o: number) =>
            Effect.flatMap(fetch(o, limit), (page) =>
              Effect.map(
                dedupe(page.results),
                (kept) => [kept, page.next ? Option.some(o + limit) : Option.none()] as const
              )
            )
          )
        })
      )

      const head = Stream.fromIterable(yield* dedupe(first.results))
      return first.next === null ? head : head.pipe(Stream.concat(planned), Stream.concat(overflow))
    })
  )
