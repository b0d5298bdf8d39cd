/**
 * Pages sized for agents. Dashboards and templates page by `offset`; comments by an opaque `cursor` that
 * wraps PostHog's own cursor plus how many items of that (fixed 100-item) PostHog page were already shown,
 * because PostHog ignores `limit` on comments.
 */
import { fitItems, type ItemShaping, MAX_RESULT_CHARS, shapeItems } from "./shape.js"

export const DEFAULT_LIMIT = 20

export interface Shaped {
  readonly value: unknown
  readonly truncated: ReadonlyArray<string>
}

const droppedNote = (dropped: ReadonlyArray<string>, shaping: ItemShaping): Array<string> =>
  dropped.length === 0
    ? []
    : [
        `Left out of each item to save context: ${dropped.join(", ")} (and every field whose value was null).`,
        `To read them, call ${shaping.fullTool} with an item's id, or call this tool again with fields: [${dropped.map((d) => JSON.stringify(d)).join(", ")}] plus the fields you need.`
      ]

/** One offset page: `count`, `next` (the offset to pass next, or null) and the shaped `results`. */
export const offsetPage = (
  page: { readonly count: number; readonly results: ReadonlyArray<unknown> },
  offset: number,
  shaping: ItemShaping,
  fields: ReadonlyArray<string> | undefined
): Shaped => {
  const shaped = shapeItems(page.results, shaping, fields)
  const kept = fitItems(shaped.items, MAX_RESULT_CHARS)
  const end = offset + kept
  const next = end < page.count ? end : null
  const truncated = droppedNote(shaped.dropped, shaping)
  if (kept < shaped.items.length) {
    truncated.push(
      `Only ${kept} of the ${shaped.items.length} items requested fit in one answer; pass offset: ${end} for the rest, or ask for fewer fields.`
    )
  }
  return { value: { count: page.count, next, results: shaped.items.slice(0, kept) }, truncated }
}

interface CursorState {
  /** PostHog's cursor, null for the first page. */
  readonly c: string | null
  /** Items of that PostHog page already returned. */
  readonly s: number
}

export const encodeCursor = (state: CursorState): string =>
  Buffer.from(JSON.stringify(state)).toString("base64url")

export const decodeCursor = (cursor: string | undefined): CursorState | undefined => {
  if (cursor === undefined || cursor === "") return { c: null, s: 0 }
  try {
    const state = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<CursorState>
    if ((typeof state.c === "string" || state.c === null) && typeof state.s === "number" && state.s >= 0) {
      return { c: state.c, s: state.s }
    }
  } catch {
    // fall through: not one of ours
  }
  return undefined
}

/** PostHog's cursor inside its `next` URL. */
export const cursorOf = (next: string | null | undefined): string | null => {
  if (!next) return null
  try {
    return new URL(next).searchParams.get("cursor")
  } catch {
    return null
  }
}

/** One cursor page of at most `limit` items, continuing inside PostHog's page when it holds more. */
export const cursorPage = (
  page: { readonly next: string | null; readonly results: ReadonlyArray<unknown> },
  state: CursorState,
  limit: number,
  shaping: ItemShaping,
  fields: ReadonlyArray<string> | undefined
): Shaped => {
  const rest = page.results.slice(state.s, state.s + limit)
  const shaped = shapeItems(rest, shaping, fields)
  const kept = fitItems(shaped.items, MAX_RESULT_CHARS)
  const consumed = state.s + kept
  const upstream = cursorOf(page.next)
  const next =
    consumed < page.results.length
      ? encodeCursor({ c: state.c, s: consumed })
      : upstream !== null
        ? encodeCursor({ c: upstream, s: 0 })
        : null
  const truncated = droppedNote(shaped.dropped, shaping)
  if (kept < shaped.items.length) {
    truncated.push(
      `Only ${kept} of the ${shaped.items.length} items requested fit in one answer; pass cursor: next for the rest.`
    )
  }
  return { value: { next, results: shaped.items.slice(0, kept) }, truncated }
}
