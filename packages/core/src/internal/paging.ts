/**
 * What "the next page" means for PostHog's two page shapes, as plain functions (no Effect, no Stream) so
 * that the services' streams, the Promise facade's pages and the adapters all read it from one place.
 *
 * - Offset pages (dashboards, templates: `count`/`next`/`previous`/`results`) continue at the `offset` of
 *   their `next` URL, with the same `limit`.
 * - Cursor pages (comments: `next`/`previous`/`results`, no `count`, always PostHog's own page size) continue
 *   with the `cursor` of their `next` URL. This module is the only place that reads a cursor out of a URL.
 */

/** The paging parameters of an offset list. */
export interface OffsetParams {
  readonly limit?: number | undefined
  readonly offset?: number | undefined
}

/** The paging parameter of a cursor list. */
export interface CursorParams {
  readonly cursor?: string | undefined
}

/** What every PostHog page has. */
export interface PageLike<Item = unknown> {
  readonly next?: string | null | undefined
  readonly results: ReadonlyArray<Item>
}

/** An offset page: it also says how many items the list holds. */
export interface OffsetPageLike<Item = unknown> extends PageLike<Item> {
  readonly count: number
}

/** Which of PostHog's two page shapes a list uses. */
export type PageShape = "offset" | "cursor"

/** PostHog's page size when a list is asked for none (and the only page size of cursor lists). */
export const DEFAULT_PAGE_SIZE = 100

/** True when PostHog says there is a page after this one. */
export const hasNextPage = (page: { readonly next?: string | null | undefined }): boolean =>
  typeof page.next === "string" && page.next !== ""

/** One query parameter of a `next` URL (absolute, as PostHog sends it, or relative), or null. */
const nextUrlParam = (next: string | null | undefined, name: string): string | null => {
  if (typeof next !== "string" || next === "") return null
  try {
    return new URL(next, "http://relative.invalid").searchParams.get(name)
  } catch {
    return null
  }
}

/** PostHog's cursor inside a cursor page's `next` URL, or null on the last page. */
export const cursorOf = (next: string | null | undefined): string | null => {
  const cursor = nextUrlParam(next, "cursor")
  return cursor === null || cursor === "" ? null : cursor
}

/** The offset a `next` URL points at, or null when it names none. */
const offsetOf = (next: string | null | undefined): number | null => {
  const raw = nextUrlParam(next, "offset")
  const n = raw === null ? Number.NaN : Number(raw)
  return Number.isInteger(n) && n >= 0 ? n : null
}

/**
 * The parameters of the request for the offset page after `page` (same filters and `limit`, the offset
 * PostHog's `next` names), or undefined on the last page.
 */
export const nextOffsetParams = <P extends object>(
  params: P,
  page: PageLike
): (P & { readonly offset: number }) | undefined => {
  if (!hasNextPage(page)) return undefined
  const offset = offsetOf(page.next) ?? ((params as OffsetParams).offset ?? 0) + page.results.length
  return { ...params, offset }
}

/**
 * The parameters of the request for the cursor page after `page` (same filters, PostHog's cursor), or
 * undefined on the last page.
 */
export const nextCursorParams = <P extends object>(
  params: P,
  page: PageLike
): (P & { readonly cursor: string }) | undefined => {
  const cursor = cursorOf(page.next)
  return cursor === null ? undefined : { ...params, cursor }
}

/** The parameters of the next page's request for either shape, or undefined on the last page. */
export const nextParams = <P extends OffsetParams & CursorParams>(
  shape: PageShape,
  params: P,
  page: PageLike
): P | undefined => (shape === "offset" ? nextOffsetParams(params, page) : nextCursorParams(params, page))

/**
 * How `take(n)` walks a list one page at a time, asking for no page it does not need: offset lists ask
 * for at most the items still wanted (pages of `limit`, else of `min(n, 100)`); cursor lists (fixed page
 * size) follow `next` until `n` items have arrived. `after` gives the request after a page, given how
 * many items have been taken so far, or undefined when the walk is over.
 */
export interface TakePlan<P> {
  readonly first: P | undefined
  readonly after: (params: P, page: PageLike, taken: number) => P | undefined
}

export const takePlan = <P extends OffsetParams & CursorParams>(
  shape: PageShape,
  params: P,
  n: number
): TakePlan<P> => {
  const wanted = Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0
  const pageSize = Math.max(
    1,
    Math.min(params.limit ?? Math.min(wanted, DEFAULT_PAGE_SIZE), DEFAULT_PAGE_SIZE)
  )
  const sized = (p: P, taken: number): P =>
    shape === "offset" ? { ...p, limit: Math.min(pageSize, wanted - taken) } : p
  return {
    first: wanted === 0 ? undefined : sized(params, 0),
    after: (p, page, taken) => {
      if (taken >= wanted || page.results.length === 0) return undefined
      const next = nextParams(shape, p, page)
      return next === undefined ? undefined : sized(next, taken)
    }
  }
}

const idOf = (item: unknown): unknown =>
  typeof item === "object" && item !== null ? (item as { id?: unknown }).id : undefined

/**
 * Drops the items already emitted on the previous page: when rows shift between two offset pages read at
 * different moments (an insert pushes the last row of page k onto page k+1), each is emitted once. Returns
 * the items to emit and the ids to compare the next page with.
 */
export const dropRepeats = <Item>(
  previousIds: ReadonlySet<unknown>,
  results: ReadonlyArray<Item>
): readonly [ReadonlyArray<Item>, ReadonlySet<unknown>] => {
  const ids = new Set<unknown>()
  const kept: Array<Item> = []
  for (const item of results) {
    const id = idOf(item)
    if (id !== undefined && (previousIds.has(id) || ids.has(id))) continue
    if (id !== undefined) ids.add(id)
    kept.push(item)
  }
  return [kept, ids]
}

/**
 * The offsets of the pages after the first one of an offset list (read at `offset`), as its `count`
 * announces them: none when the first page names no next page, whatever its `count` says.
 */
export const plannedOffsets = (offset: number, limit: number, first: OffsetPageLike): Array<number> => {
  const end = hasNextPage(first) ? first.count : 0
  const offsets: Array<number> = []
  for (let o = offset + limit; o < end; o += limit) offsets.push(o)
  return offsets
}

// ---------------------------------------------------------------------------------------------- positions

/**
 * Where a reader stopped inside a cursor list: PostHog's cursor of the page (null for the first) and how
 * many of that page's items were already read. PostHog ignores `limit` on cursor lists, so a reader that
 * wants fewer items than a page (an agent with a small context) resumes in the middle of one.
 */
export interface CursorPosition {
  readonly cursor: string | null
  readonly skip: number
}

const START: CursorPosition = { cursor: null, skip: 0 }

const toBase64Url = (text: string): string => {
  let binary = ""
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

const fromBase64Url = (token: string): string => {
  const binary = atob(token.replace(/-/g, "+").replace(/_/g, "/"))
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
}

/** A position as an opaque token a caller passes back unchanged. */
export const encodePosition = (position: CursorPosition): string =>
  toBase64Url(JSON.stringify({ c: position.cursor, s: position.skip }))

/**
 * The position a token names: the start for no token (undefined or ""), undefined for a token this
 * module did not write.
 */
export const decodePosition = (token: string | undefined): CursorPosition | undefined => {
  if (token === undefined || token === "") return START
  try {
    const state = JSON.parse(fromBase64Url(token)) as { c?: unknown; s?: unknown } | null
    if (
      state !== null &&
      (typeof state.c === "string" || state.c === null) &&
      typeof state.s === "number" &&
      Number.isInteger(state.s) &&
      state.s >= 0
    ) {
      return { cursor: state.c, skip: state.s }
    }
  } catch {
    // not one of ours
  }
  return undefined
}

/** The request parameters that fetch the page a position is in. */
export const paramsAt = <P extends object>(params: P, position: CursorPosition): P & CursorParams =>
  position.cursor === null ? params : { ...params, cursor: position.cursor }

/** The items of the page fetched at `position` that the reader has not read yet (at most `limit`). */
export const unreadAt = <Item>(
  page: PageLike<Item>,
  position: CursorPosition,
  limit: number
): ReadonlyArray<Item> => page.results.slice(position.skip, position.skip + Math.max(0, limit))

/**
 * The token of the position after reading `read` more items of the page fetched at `position`: later in
 * the same page while it has unread items, else the start of PostHog's next page, else null (the end).
 */
export const cursorTokenAfter = (page: PageLike, position: CursorPosition, read: number): string | null => {
  const consumed = position.skip + read
  if (consumed < page.results.length) return encodePosition({ cursor: position.cursor, skip: consumed })
  const cursor = cursorOf(page.next)
  return cursor === null ? null : encodePosition({ cursor, skip: 0 })
}

/**
 * The offset to pass after reading the first `read` items of the offset page fetched at `offset`, or null
 * when the list has nothing after them.
 */
export const offsetAfter = (page: OffsetPageLike, offset: number, read: number): number | null => {
  const end = offset + read
  return end < page.count ? end : null
}
