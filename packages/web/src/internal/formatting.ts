/**
 * The composer's formatting: toolbar buttons and keyboard shortcuts write the markdown-style markers that
 * `tiptap.ts` reads back as PostHog's TipTap marks, so what the toolbar does can also be typed, and undone
 * with the textarea's own undo (the text goes in through the browser's editing commands where it can).
 */

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
  // `insertText` keeps the browser's undo history and fires `input` (the mention list listens to it).
  if (!document.execCommand("insertText", false, text)) {
    area.setRangeText(text, from, to)
    area.dispatchEvent(new Event("input", { bubbles: true }))
  }
  area.setSelectionRange(from + select[0], from + select[1])
}

/** Applies a format to the textarea's selection: wraps it (or unwraps it), links it, lists its lines. */
export const applyFormat = (area: HTMLTextAreaElement, format: Format): void => {
  const { value, selectionStart: start, selectionEnd: end } = area
  const picked = value.slice(start, end)
  const marker = MARKER[format]
  if (marker) {
    const k = marker.length
    if (value.slice(start - k, start) === marker && value.slice(end, end + k) === marker) {
      // Already wrapped: the same button takes the markers off again.
      replace(area, start - k, end + k, picked, [0, picked.length])
    } else replace(area, start, end, `${marker}${picked}${marker}`, [k, k + picked.length])
  } else if (format === "link") {
    const text = picked || "link"
    // The address is selected, ready to be typed over.
    replace(area, start, end, `[${text}](https://)`, [text.length + 3, text.length + 11])
  } else if (format === "list") {
    const from = value.lastIndexOf("\n", start - 1) + 1
    const nl = value.indexOf("\n", end)
    const to = nl === -1 ? value.length : nl
    const lines = value.slice(from, to).split("\n")
    const listed = lines.every((l) => l.startsWith("- "))
    const text = lines.map((l) => (listed ? l.slice(2) : `- ${l}`)).join("\n")
    replace(area, from, to, text, [text.length, text.length])
  } else {
    // A mention starts with `@` at a word start: typing it opens the list of people.
    const at = start > 0 && !/\s/.test(value[start - 1] ?? "") ? " @" : "@"
    replace(area, start, end, at, [at.length, at.length])
  }
}
