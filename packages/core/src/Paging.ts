/**
 * Pages that know their next request. PostHog lists come in two shapes: offset pages (dashboards,
 * templates: `count`/`next`/`previous`/`results`) and cursor pages (comments: `next`/`previous`/`results`).
 * The services' `list` returns PostHog's page as it is; these functions say what comes after it, so no
 * caller reads a cursor or an offset out of a `next` URL. The services also offer `pages(params)` (every
 * page, one after another) and `take(n, params)` (the first `n` items, fetching only the pages needed).
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { Dashboards, Paging } from "@hogkit/core"
 *
 * const secondPage = Dashboards.use((d) =>
 *   Effect.gen(function* () {
 *     const params = { limit: 10 }
 *     const first = yield* d.list(params)
 *     const next = Paging.nextOffsetParams(params, first) // Option: none on the last page
 *     return Option.isSome(next) ? yield* d.list(next.value) : undefined
 *   })
 * )
 * ```
 *
 * For readers that stop in the middle of a page and resume later (an agent with a small context, a
 * "load more" button), positions in a cursor list are opaque tokens: `cursorToken` / `readCursorToken`.
 *
 * @since 0.2.0
 */
import * as Option from "effect/Option"
import * as paging from "./internal/paging.js"

export type {
  CursorParams,
  CursorPosition,
  OffsetPageLike,
  OffsetParams,
  PageLike,
  PageShape
} from "./internal/paging.js"

/** True when PostHog says there is a page after this one. @category pages */
export const hasNextPage: (page: { readonly next?: string | null | undefined }) => boolean =
  paging.hasNextPage

/** The request parameters of the offset page after `page` (made with `params`), none on the last page. @category pages */
export const nextOffsetParams = <P extends object>(
  params: P,
  page: paging.PageLike
): Option.Option<P & { readonly offset: number }> =>
  Option.fromUndefinedOr(paging.nextOffsetParams(params, page))

/** The request parameters of the cursor page after `page` (made with `params`), none on the last page. @category pages */
export const nextCursorParams = <P extends object>(
  params: P,
  page: paging.PageLike
): Option.Option<P & { readonly cursor: string }> =>
  Option.fromUndefinedOr(paging.nextCursorParams(params, page))

/**
 * The offset to pass to read on after the first `read` items of the offset page fetched at `offset`, or
 * null when nothing follows them.
 *
 * @category positions
 */
export const offsetAfter: (page: paging.OffsetPageLike, offset: number, read: number) => number | null =
  paging.offsetAfter

/**
 * Reads a position token of a cursor list: the start for none (undefined or ""), undefined for a token
 * that hogkit did not write (tell the caller to pass back the `next` they were given).
 *
 * @category positions
 */
export const readCursorToken: (token: string | undefined) => paging.CursorPosition | undefined =
  paging.decodePosition

/** The list parameters that fetch the page a position is in. @category positions */
export const paramsAt: <P extends object>(
  params: P,
  position: paging.CursorPosition
) => P & paging.CursorParams = paging.paramsAt

/** The items of the page fetched at `position` not read yet, at most `limit`. @category positions */
export const unreadAt: <Item>(
  page: paging.PageLike<Item>,
  position: paging.CursorPosition,
  limit: number
) => ReadonlyArray<Item> = paging.unreadAt

/**
 * The token to read on after `read` more items of the page fetched at `position`: later in that page,
 * else the start of the next page, else null (nothing follows).
 *
 * @category positions
 */
export const cursorToken: (
  page: paging.PageLike,
  position: paging.CursorPosition,
  read: number
) => string | null = paging.cursorTokenAfter
