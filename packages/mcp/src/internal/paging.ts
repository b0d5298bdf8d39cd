/**
 * Pages sized for agents. Dashboards and templates page by `offset`; comments by an opaque `cursor`. What
 * comes next (the offset after what was shown; core's position token, which resumes inside PostHog's fixed
 * 100-item comment page since PostHog ignores `limit` there) is core's `Paging`; this module only fits
 * the items into an answer and says what was left out.
 */
import { Paging } from "@hogkit/core"
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
  const next = Paging.offsetAfter(page, offset, kept)
  const truncated = droppedNote(shaped.dropped, shaping)
  if (kept < shaped.items.length) {
    truncated.push(
      `Only ${kept} of the ${shaped.items.length} items requested fit in one answer; pass offset: ${end} for the rest, or ask for fewer fields.`
    )
  }
  return { value: { count: page.count, next, results: shaped.items.slice(0, kept) }, truncated }
}

/** Where a comments call starts: core's reading of the `cursor` the agent passed (undefined if not ours). */
export const decodeCursor = Paging.readCursorToken

/** One cursor page of at most `limit` items, continuing inside PostHog's page when it holds more. */
export const cursorPage = (
  page: { readonly next: string | null; readonly results: ReadonlyArray<unknown> },
  position: Paging.CursorPosition,
  limit: number,
  shaping: ItemShaping,
  fields: ReadonlyArray<string> | undefined
): Shaped => {
  const shaped = shapeItems(Paging.unreadAt(page, position, limit), shaping, fields)
  const kept = fitItems(shaped.items, MAX_RESULT_CHARS)
  const next = Paging.cursorToken(page, position, kept)
  const truncated = droppedNote(shaped.dropped, shaping)
  if (kept < shaped.items.length) {
    truncated.push(
      `Only ${kept} of the ${shaped.items.length} items requested fit in one answer; pass cursor: next for the rest.`
    )
  }
  return { value: { next, results: shaped.items.slice(0, kept) }, truncated }
}
