/**
 * DRF's two paginators as PostHog configures them: `LimitOffsetPagination` (page size 100, no maximum,
 * absolute `next`/`previous` built by `replace_query_param`, which re-sorts the query keys) and
 * `CursorPagination` (opaque cursor, newest first, no `count`, `limit` ignored).
 */
import { notFound } from "./Errors.js"

export const PAGE_SIZE = 100

/** Python's `urllib.parse.quote_plus`: only `A-Za-z0-9_.-~` stay literal, space becomes `+`. */
const quotePlus = (s: string) =>
  Array.from(new TextEncoder().encode(s))
    .map((b) => {
      const c = String.fromCharCode(b)
      if (/[A-Za-z0-9_.\-~]/.test(c)) return c
      if (c === " ") return "+"
      return `%${b.toString(16).toUpperCase().padStart(2, "0")}`
    })
    .join("")

/** `parse_qs(query, keep_blank_values=True)`: key → values, in first-seen key order. */
const parseQs = (query: string): Map<string, string[]> => {
  const out = new Map<string, string[]>()
  for (const part of query.split("&")) {
    if (part === "") continue
    const eq = part.indexOf("=")
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, " "))
      } catch {
        return s
      }
    }
    const key = decode(eq === -1 ? part : part.slice(0, eq))
    const value = eq === -1 ? "" : decode(part.slice(eq + 1))
    const list = out.get(key) ?? []
    list.push(value)
    out.set(key, list)
  }
  return out
}

const rebuild = (url: string, change: (q: Map<string, string[]>) => void) => {
  const hash = url.indexOf("#")
  const base = hash === -1 ? url : url.slice(0, hash)
  const qi = base.indexOf("?")
  const path = qi === -1 ? base : base.slice(0, qi)
  const q = parseQs(qi === -1 ? "" : base.slice(qi + 1))
  change(q)
  const keys = [...q.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const query = keys.flatMap((k) => (q.get(k) ?? []).map((v) => `${quotePlus(k)}=${quotePlus(v)}`)).join("&")
  return query === "" ? path : `${path}?${query}`
}

export const replaceQueryParam = (url: string, key: string, value: string | number) =>
  rebuild(url, (q) => q.set(key, [String(value)]))

export const removeQueryParam = (url: string, key: string) => rebuild(url, (q) => q.delete(key))

/** DRF `_positive_int`; invalid or (with `strict`) zero → the default. */
const positiveInt = (raw: string | null, strict: boolean, fallback: number) => {
  if (raw === null || !/^\s*[+-]?\d+\s*$/.test(raw)) return fallback
  const n = Number.parseInt(raw, 10)
  if (n < 0 || (strict && n === 0)) return fallback
  return n
}

export interface OffsetWindow {
  readonly limit: number
  readonly offset: number
}

export const offsetWindow = (query: URLSearchParams): OffsetWindow => ({
  limit: positiveInt(query.get("limit"), true, PAGE_SIZE),
  offset: positiveInt(query.get("offset"), false, 0)
})

export const offsetPage = <T>(absoluteUrl: string, w: OffsetWindow, count: number, results: T[]) => {
  let next: string | null = null
  if (w.offset + w.limit < count) {
    next = replaceQueryParam(replaceQueryParam(absoluteUrl, "limit", w.limit), "offset", w.offset + w.limit)
  }
  let previous: string | null = null
  if (w.offset > 0) {
    const withLimit = replaceQueryParam(absoluteUrl, "limit", w.limit)
    previous =
      w.offset - w.limit <= 0
        ? removeQueryParam(withLimit, "offset")
        : replaceQueryParam(withLimit, "offset", w.offset - w.limit)
  }
  return { count, next, previous, results }
}

/** A position in `-created_at` order: the row's timestamp and its insertion sequence as tie-break. */
export interface CursorPosition {
  readonly at: string
  readonly seq: string | number
}

export interface Cursor {
  /** `true` when walking back towards newer rows (a `previous` link). */
  readonly reverse: boolean
  readonly position: CursorPosition
}

export const encodeCursor = (c: Cursor) =>
  Buffer.from(JSON.stringify({ r: c.reverse ? 1 : 0, a: c.position.at, s: String(c.position.seq) })).toString(
    "base64url"
  )

export const decodeCursor = (raw: string | null): Cursor | undefined => {
  if (raw === null) return undefined
  try {
    const v = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as unknown
    if (v !== null && typeof v === "object") {
      const { r, a, s } = v as { r?: unknown; a?: unknown; s?: unknown }
      if ((r === 0 || r === 1) && typeof a === "string" && typeof s === "string" && /^\d+$/.test(s)) {
        // Postgres' own text form, e.g. "2026-01-02 03:04:05.123456+00".
        if (/^\d{4}-\d{2}-\d{2}[ T][\d:.]+(?:[+-]\d{2}(?::?\d{2})?|Z)?$/.test(a)) {
          return { reverse: r === 1, position: { at: a, seq: s } }
        }
      }
    }
  } catch {
    // fall through: DRF answers any undecodable cursor the same way
  }
  throw notFound("Invalid cursor")
}

/**
 * Builds the SQL fragment and page for a cursor query over rows with `created_at` and `seq`.
 * `fetch(where, order, limit)` runs the query; rows come back newest first.
 */
export const cursorPage = async <R extends { created_at: string; seq: string | number }, T>(
  absoluteUrl: string,
  query: URLSearchParams,
  params: unknown[],
  fetch: (extraWhere: string, order: "desc" | "asc", limit: number) => Promise<R[]>,
  render: (row: R) => T
) => {
  const cursor = decodeCursor(query.get("cursor"))
  const link = (c: Cursor) => replaceQueryParam(absoluteUrl, "cursor", encodeCursor(c))
  const pos = (r: R): CursorPosition => ({ at: r.created_at, seq: r.seq })
  if (cursor === undefined || !cursor.reverse) {
    let where = ""
    if (cursor !== undefined) {
      params.push(cursor.position.at, cursor.position.seq)
      where = `(created_at, seq) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`
    }
    const rows = await fetch(where, "desc", PAGE_SIZE + 1)
    const more = rows.length > PAGE_SIZE
    const page = rows.slice(0, PAGE_SIZE)
    const first = page[0]
    const last = page[page.length - 1]
    return {
      next: more && last !== undefined ? link({ reverse: false, position: pos(last) }) : null,
      previous:
        cursor !== undefined
          ? link({ reverse: true, position: first === undefined ? cursor.position : pos(first) })
          : null,
      results: page.map(render)
    }
  }
  params.push(cursor.position.at, cursor.position.seq)
  const where = `(created_at, seq) > ($${params.length - 1}::timestamptz, $${params.length}::bigint)`
  const rows = await fetch(where, "asc", PAGE_SIZE + 1)
  const more = rows.length > PAGE_SIZE
  const page = rows.slice(0, PAGE_SIZE).reverse()
  const first = page[0]
  const last = page[page.length - 1]
  return {
    next: link({ reverse: false, position: last === undefined ? cursor.position : pos(last) }),
    previous: more && first !== undefined ? link({ reverse: true, position: pos(first) }) : null,
    results: page.map(render)
  }
}
