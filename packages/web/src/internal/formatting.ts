/**
 * The composer's formatting: toolbar buttons and keyboard shortcuts write the markdown-style markers that
 * `tiptap.ts` reads back as PostHog's TipTap marks, so what the toolbar does can also be typed, and undone
 * with the textarea's own undo (the text goes in through the browser's editing commands where it can).
 * The toolbar shows which formats are in force at the caret, read from the text by that same parser.
 */
import { type MarkSpan, markSpans } from "./tiptap.js"

export type Format = "bold" | "italic" | "code" | "link" | "list" | "mention"

/** The toolbar's buttons in order, with what each shows (link's icon is drawn) and its shortcut. */
export const FORMATS: ReadonlyArray<readonly [Format, string, string | undefined]> = [
  ["bold", "B", "Control+B"],
  ["italic", "I", "Control+I"],
  ["code", "</>", "Control+E"],
  ["link", "", "Control+K"],
  ["list", "•", undefined],
  ["mention", "@", undefined]
]

/** The format a key press asks for (Ctrl or ⌘ with B, I, E or K), if any. */
export const formatForKey = (e: KeyboardEvent): Format | undefined => {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return undefined
  return ({ b: "bold", i: "italic", e: "code", k: "link" } as Record<string, Format>)[e.key.toLowerCase()]
}

const MARKER: Partial<Record<Format, string>> = { bold: "**", italic: "*", code: "`" }
/** A bulleted list's line, as `tiptap.ts` reads one. */
const BULLET = /^[-*] /

/**
 * The formats in force at a textarea's caret or over its selection, which the toolbar shows pressed. They
 * are read off the text by the parser that turns it into the document sent (`markSpans`), so the toolbar
 * says what will be sent rather than guessing from the markers near the caret:
 * - at a caret, the marks a letter typed there would get: the line is parsed with a letter inserted at the
 *   caret, so `**|**` (just after Ctrl+B) is bold and `**bold**|` is not;
 * - over a selection, the marks every selected character has, markers and spaces aside;
 * - list, when every line the caret or selection is on is a `- ` line.
 */
export const activeFormats = (value: string, start: number, end: number): Set<Format> => {
  const on = new Set<Format>()
  const add = (type: string) => {
    if (type in MARKER || type === "link") on.add(type as Format)
  }
  const first = value.lastIndexOf("\n", start - 1) + 1
  const nl = value.indexOf("\n", end)
  if (
    value
      .slice(first, nl === -1 ? value.length : nl)
      .split("\n")
      .every((l) => BULLET.test(l))
  )
    on.add("list")
  if (start === end) {
    for (const s of caretSpans(value, start)) add(s.type)
    return on
  }
  const spans = markSpans(value, start, end)
  const counts = new Map<string, number>()
  let chars = 0
  for (let i = start; i < end; i++) {
    if (/\s/.test(value[i]!) || spans.some((s) => (i >= s.open && i < s.from) || (i >= s.to && i < s.close)))
      continue
    chars++
    for (const type of new Set(spans.filter((s) => s.from <= i && i < s.to).map((s) => s.type)))
      counts.set(type, (counts.get(type) ?? 0) + 1)
  }
  for (const [type, n] of counts) if (n === chars) add(type)
  return on
}

/** The marks a letter typed at `at` would be inside, as offsets of `value` itself (without the letter). */
const caretSpans = (value: string, at: number): Array<MarkSpan> =>
  markSpans(`${value.slice(0, at)}x${value.slice(at)}`, at, at)
    .filter((s) => s.from <= at && at < s.to)
    .map((s) => ({ ...s, to: s.to - 1, close: s.close - 1 }))

/** `text` between markers that hug it (`**a** `, not `**a **`, which would not read back as bold). */
const hug = (open: string, text: string, close: string): string => {
  const [, lead = "", core = "", trail = ""] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text) ?? []
  return core ? lead + open + core + close + trail : text
}

/**
 * Takes a format off where it is in force, as a rich editor's pressed button does: the selection (or the
 * caret) leaves its mark, which closes before it and opens again after it; a link becomes its text.
 */
const unmark = (area: HTMLTextAreaElement, format: Format): void => {
  const { value, selectionStart: start, selectionEnd: end } = area
  const spans = (start === end ? caretSpans(value, start) : markSpans(value, start, end)).filter(
    (s) => s.type === format
  )
  const inside = spans.filter((s) => s.from <= start && end <= s.to).pop()
  if (inside && format !== "link") {
    const open = value.slice(inside.open, inside.from)
    const close = value.slice(inside.to, inside.close)
    const left = start === inside.from ? "" : hug(open, value.slice(inside.from, start), close)
    const mid = value.slice(start, end)
    const right = end === inside.to ? "" : hug(open, value.slice(end, inside.to), close)
    replace(area, inside.open, inside.close, left + mid + right, [left.length, left.length + mid.length])
    return
  }
  // A link, or a selection across several marks: their markers go.
  const cuts = spans
    .filter((s) => s.open < Math.max(end, start + 1) && start < s.close)
    .flatMap((s) => [
      [s.open, s.from],
      [s.to, s.close]
    ])
    .sort((a, b) => a[0]! - b[0]!)
  if (cuts.length === 0) return
  const from = cuts[0]![0]!
  const to = Math.max(...cuts.map((c) => c[1]!))
  const after = (i: number) => i - cuts.reduce((n, [a, b]) => n + Math.max(0, Math.min(b!, i) - a!), 0)
  let text = ""
  let at = from
  for (const [a, b] of cuts) {
    text += value.slice(at, Math.max(at, a!))
    at = Math.max(at, b!)
  }
  text += value.slice(at, to)
  replace(area, from, to, text, [after(start) - from, after(end) - from])
}

/** Replaces `from`–`to` with `text` as typing would (so Ctrl+Z takes it back), then selects `select`. */
const replace = (
  area: HTMLTextAreaElement,
  from: number,
  to: number,
  text: string,
  select: readonly [number, number]
): void => {
  area.focus()
  area.setSelectionRange(from, to)
  // Stepping out of a mark moves the caret past its marker: nothing to type, nothing to undo.
  // `insertText` keeps the browser's undo history and fires `input` (the mention list listens to it).
  if (area.value.slice(from, to) !== text && !document.execCommand("insertText", false, text)) {
    area.setRangeText(text, from, to)
    area.dispatchEvent(new Event("input", { bubbles: true }))
  }
  area.setSelectionRange(from + select[0], from + select[1])
}

/**
 * Applies a format to the textarea's selection: wraps it, links it, lists its lines; where the format is
 * already in force (the toolbar shows it pressed), takes it off instead.
 */
export const applyFormat = (area: HTMLTextAreaElement, format: Format): void => {
  const { value, selectionStart: start, selectionEnd: end } = area
  const picked = value.slice(start, end)
  const marker = MARKER[format]
  if ((marker || format === "link") && activeFormats(value, start, end).has(format)) unmark(area, format)
  else if (marker)
    replace(area, start, end, `${marker}${picked}${marker}`, [marker.length, marker.length + picked.length])
  else if (format === "link") {
    const text = picked || "link"
    // The address is selected, ready to be typed over.
    replace(area, start, end, `[${text}](https://)`, [text.length + 3, text.length + 11])
  } else if (format === "list") {
    const from = value.lastIndexOf("\n", start - 1) + 1
    const nl = value.indexOf("\n", end)
    const to = nl === -1 ? value.length : nl
    const lines = value.slice(from, to).split("\n")
    const listed = lines.every((l) => BULLET.test(l))
    const text = lines.map((l) => (listed ? l.slice(2) : `- ${l}`)).join("\n")
    replace(area, from, to, text, [text.length, text.length])
  } else {
    // A mention starts with `@` at a word start: typing it opens the list of people.
    const at = start > 0 && !/\s/.test(value[start - 1] ?? "") ? " @" : "@"
    replace(area, start, end, at, [at.length, at.length])
  }
}
