/**
 * The composer edits text, PostHog stores TipTap documents (`rich_content`). This module turns one into
 * the other: a document into the text a person edits — markdown-style, so formatting can be typed and
 * seen (`**bold**`, `*italic*`, `` `code` ``, `[text](https://…)`, `- ` list lines, mentions as `@Name`) —
 * and that text back into a document with TipTap's marks, lists and `ph-mention` nodes, reusing the
 * original blocks that were not changed so whatever the text cannot say (headings, images) survives an
 * edit of another paragraph. It also gives the plain text PostHog keeps beside the document (`content`).
 */
import { safeHref } from "./richText.js"

/** A person mentioned in the text as `@label`. */
export interface Mention {
  readonly id: number
  readonly label: string
}

/** Names the person a mention node points at (its label, or someone the widget knows by id). */
export type NameOf = (id: unknown, label: unknown) => string

interface Node {
  type?: unknown
  text?: unknown
  attrs?: Record<string, unknown>
  marks?: unknown
  content?: unknown
}

interface Mark {
  type: string
  attrs?: { href: string }
}

type Doc = { type: "doc"; content: Array<unknown> }

const MAX_DEPTH = 24
const isMention = (n: Node) => n.type === "ph-mention" || n.type === "mention"
const inlineBlocks = new Set(["paragraph", "heading", "codeBlock"])
const kids = (n: Node): Array<Node> =>
  Array.isArray(n.content)
    ? (n.content.filter((c) => c !== null && typeof c === "object") as Array<Node>)
    : []

/** Markdown-style markers of a text node's marks, innermost first (code inside, link outside). */
const wrapMarks = (text: string, marks: unknown): string => {
  // Markers hug the text (`**Launch** `, not `**Launch **`, which markdown would not read as bold).
  const [, lead = "", core = "", trail = ""] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text) ?? []
  if (!core) return text
  return lead + wrapCore(core, marks) + trail
}

const wrapCore = (text: string, marks: unknown): string => {
  const list = Array.isArray(marks) ? (marks as Array<{ type?: unknown; attrs?: { href?: unknown } }>) : []
  const has = (t: string) => list.find((m) => m?.type === t)
  let out = has("code") ? `\`${text}\`` : text
  // `_` inside bold, so `**_x_**` reads back unambiguously (`***x***` does not).
  if (has("italic")) out = has("bold") ? `_${out}_` : `*${out}*`
  if (has("bold")) out = `**${out}**`
  if (has("strike")) out = `~~${out}~~`
  const href = safeHref(has("link")?.attrs?.href)
  return href ? `[${out}](${href})` : out
}

/**
 * The text of one node: block containers put their blocks on separate lines. `md` writes marks and list
 * items as markdown (the text a person edits); without it the text is plain (PostHog's `content`).
 */
const textOf = (n: Node, name: NameOf, md: boolean, depth = 0): string => {
  if (depth > MAX_DEPTH) return ""
  if (n.type === "text") {
    const text = typeof n.text === "string" ? n.text : ""
    return md && text ? wrapMarks(text, n.marks) : text
  }
  if (isMention(n)) return `@${name(n.attrs?.id, n.attrs?.label)}`
  if (n.type === "hardBreak") return "\n"
  const items = kids(n).map((c) => textOf(c, name, md, depth + 1))
  const inner =
    md && (n.type === "bulletList" || n.type === "orderedList")
      ? items.map((t, i) => `${n.type === "bulletList" ? "-" : `${i + 1}.`} ${t}`)
      : items
  return typeof n.type === "string" && inlineBlocks.has(n.type)
    ? inner.join("")
    : inner.join(kidsAreBlocks(n) ? "\n" : "")
}

const kidsAreBlocks = (n: Node): boolean =>
  ["doc", "bulletList", "orderedList", "listItem", "blockquote", "taskList", "taskItem"].includes(
    String(n.type)
  )

const blocksOf = (doc: unknown): Array<Node> =>
  doc !== null && typeof doc === "object" ? kids(doc as Node) : []

/** The text a person edits for a document: one line per paragraph, markdown marks, mentions as `@Name`. */
export const docToText = (doc: unknown, name: NameOf): string =>
  blocksOf(doc)
    .map((b) => textOf(b, name, true))
    .join("\n")

/** The plain text of a document, mentions as `@Name`: what PostHog keeps in `content` beside it. */
export const docToPlain = (doc: unknown, name: NameOf): string =>
  blocksOf(doc)
    .map((b) => textOf(b, name, false))
    .join("\n")

/** The mentions a document holds, each person once, named as the text shows them. */
export const mentionsIn = (doc: unknown, name: NameOf): Array<Mention> => {
  const out = new Map<number, Mention>()
  const walk = (n: Node, depth: number) => {
    if (depth > MAX_DEPTH) return
    if (isMention(n)) {
      const id = Number(n.attrs?.id)
      if (Number.isInteger(id) && !out.has(id)) out.set(id, { id, label: name(n.attrs?.id, n.attrs?.label) })
    }
    for (const c of kids(n)) walk(c, depth + 1)
  }
  for (const b of blocksOf(doc)) walk(b, 0)
  return [...out.values()]
}

/** Inline markers, longest first so `**` is bold before `*` is italic. */
const MARKERS: ReadonlyArray<readonly [string, string]> = [
  ["`", "code"],
  ["**", "bold"],
  ["~~", "strike"],
  ["*", "italic"],
  ["_", "italic"]
]
const LINK = /^\[([^\]\n]+)\]\(([^()\s]+)\)/
const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch)

/**
 * Where the marker `m` opened at `i` closes, or -1. Text must hug both markers (`* 3 *` is not italic) and
 * `_` only counts between words (`snake_case_name` stays as typed).
 */
const closing = (line: string, i: number, m: string): number => {
  const from = i + m.length
  if (line[from] === undefined || /\s/.test(line[from]!)) return -1
  if (m === "_" && isWordChar(line[i - 1])) return -1
  for (let j = line.indexOf(m, from + 1); j !== -1; j = line.indexOf(m, j + 1)) {
    if (/\s/.test(line[j - 1]!)) continue
    if (m === "*" && line[j + 1] === "*") {
      j++
      continue
    }
    if (m === "_" && isWordChar(line[j + 1])) continue
    return j
  }
  return -1
}

/**
 * One line of text as inline nodes: markdown-style marks become TipTap marks (a link only for an http(s)
 * address) and each `@label` of a known mention becomes a `ph-mention` node.
 */
const inline = (
  line: string,
  mentions: ReadonlyArray<Mention>,
  marks: ReadonlyArray<Mark> = [],
  depth = 0,
  spans?: Array<MarkSpan>,
  at = 0
): Array<unknown> => {
  // Longest labels first, so "@Ada Lovelace" wins over "@Ada".
  const known = [...mentions].sort((a, b) => b.label.length - a.label.length)
  const out: Array<unknown> = []
  let text = ""
  const flush = () => {
    if (text) out.push(marks.length > 0 ? { type: "text", text, marks: [...marks] } : { type: "text", text })
    text = ""
  }
  let i = 0
  while (i < line.length) {
    const ch = line[i]!
    const m = ch === "@" ? known.find((k) => line.startsWith(`@${k.label}`, i)) : undefined
    if (m) {
      flush()
      // PostHog's own node carries only the id; the label lets readers that do not know the person name them.
      out.push({ type: "ph-mention", attrs: { id: m.id, label: m.label } })
      i += m.label.length + 1
      continue
    }
    if (depth < MAX_DEPTH && ch === "[") {
      const link = LINK.exec(line.slice(i))
      const href = link ? safeHref(link[2]) : null
      if (link && href) {
        flush()
        const from = at + i + 1
        spans?.push({
          type: "link",
          open: at + i,
          from,
          to: from + link[1]!.length,
          close: at + i + link[0].length
        })
        out.push(
          ...inline(link[1]!, known, [...marks, { type: "link", attrs: { href } }], depth + 1, spans, from)
        )
        i += link[0].length
        continue
      }
    }
    const marker = depth < MAX_DEPTH ? MARKERS.find(([k]) => line.startsWith(k, i)) : undefined
    const end = marker ? closing(line, i, marker[0]) : -1
    if (marker && end !== -1) {
      flush()
      const [k, type] = marker
      const inner = line.slice(i + k.length, end)
      const withMark = [...marks, { type }]
      spans?.push({ type, open: at + i, from: at + i + k.length, to: at + end, close: at + end + k.length })
      // Code is literal: no marks or mentions inside it.
      out.push(
        ...(type === "code"
          ? [{ type: "text", text: inner, marks: withMark }]
          : inline(inner, known, withMark, depth + 1, spans, at + i + k.length))
      )
      i = end + k.length
      continue
    }
    text += ch
    i++
  }
  flush()
  return out
}

const LIST_ITEM = /^(?:([-*])|(\d{1,9})\.) (.*)$/

/**
 * Where a mark sits in the text, as offsets: its content is `from`–`to`, its markers (or a link's `[` and
 * `](address)`) take `open`–`from` and `to`–`close`.
 */
export interface MarkSpan {
  readonly type: string
  readonly open: number
  readonly from: number
  readonly to: number
  readonly close: number
}

/**
 * The marks of the lines of `text` that `from`–`to` touches, read by the same parser that turns the text
 * into a document: the composer's toolbar shows what will be sent, not a guess of its own.
 */
export const markSpans = (text: string, from: number, to: number): Array<MarkSpan> => {
  const spans: Array<MarkSpan> = []
  let start = text.lastIndexOf("\n", from - 1) + 1
  while (start <= to) {
    const nl = text.indexOf("\n", start)
    const line = text.slice(start, nl === -1 ? text.length : nl)
    // A list line's marks start after its `- ` (or `1. `), as a list item's paragraph does.
    const item = LIST_ITEM.exec(line)?.[3] ?? line
    inline(item, [], [], 0, spans, start + line.length - item.length)
    if (nl === -1) break
    start = nl + 1
  }
  return spans
}

const paragraph = (line: string, mentions: ReadonlyArray<Mention>) => {
  const parts = inline(line, mentions)
  return parts.length > 0 ? { type: "paragraph", content: parts } : { type: "paragraph" }
}

/**
 * A TipTap document for `text`. Blocks of `original` whose text is unchanged are kept as they were (with
 * their marks, links and mention nodes); every other line becomes a paragraph.
 */
export const textToDoc = (
  text: string,
  mentions: ReadonlyArray<Mention>,
  original: unknown,
  name: NameOf
): Doc => {
  // Trailing spaces go; trailing lines stay until matched, since a block without text (an image, an embed)
  // is an empty line of the text.
  const lines = text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+$/, "")
    .split("\n")
  const blocks = blocksOf(original).map((node) => ({
    node,
    lines: textOf(node, name, true).split("\n"),
    used: false
  }))
  const content: Array<unknown> = []
  let i = 0
  while (i < lines.length) {
    const same = blocks.find(
      (b) => !b.used && b.lines.every((l, k) => lines[i + k] === l) && i + b.lines.length <= lines.length
    )
    if (same) {
      same.used = true
      content.push(same.node)
      i += same.lines.length
    } else if (LIST_ITEM.test(lines[i] ?? "")) {
      // Consecutive `- ` (or `1. `) lines are one list, as in markdown.
      const ordered = LIST_ITEM.exec(lines[i]!)![2] !== undefined
      const items: Array<unknown> = []
      for (
        let m = LIST_ITEM.exec(lines[i] ?? "");
        m && (m[2] !== undefined) === ordered;
        m = LIST_ITEM.exec(lines[i] ?? "")
      ) {
        items.push({ type: "listItem", content: [paragraph(m[3]!, mentions)] })
        i++
      }
      content.push({ type: ordered ? "orderedList" : "bulletList", content: items })
    } else {
      content.push(paragraph(lines[i] ?? "", mentions))
      i++
    }
  }
  // Empty lines typed at the end are not paragraphs anyone wants.
  while (content.length > 1 && isBlankParagraph(content[content.length - 1])) content.pop()
  return { type: "doc", content }
}

const isBlankParagraph = (n: unknown): boolean => {
  const node = n as Node
  return node.type === "paragraph" && kids(node).length === 0 && !("attrs" in node)
}

/** True when a document holds anything plain text cannot say: marks or lists. */
const isFormatted = (n: Node, depth = 0): boolean =>
  depth <= MAX_DEPTH &&
  ((Array.isArray(n.marks) && n.marks.length > 0) ||
    n.type === "bulletList" ||
    n.type === "orderedList" ||
    kids(n).some((c) => isFormatted(c, depth + 1)))

/** The ids of people mentioned in `doc`, each once, in order: PostHog's `mentions` field. */
export const mentionIds = (doc: unknown): Array<number> => mentionsIn(doc, () => "").map((m) => m.id)

/**
 * The `rich_content` to send for typed text: a document when the text still names someone mentioned (picked
 * from the list now, or already a mention in `original`), when it is formatted, or when there is a rich body
 * (`original`) to keep; null when it is plain text with no mentions, no formatting and there was no rich
 * body, so a plain comment stays plain.
 */
export const richBodyFor = (
  text: string,
  picked: Iterable<Mention>,
  original: unknown,
  name: NameOf
): Doc | null => {
  const mentions = new Map<number, Mention>()
  for (const m of mentionsIn(original, name)) mentions.set(m.id, m)
  for (const m of picked) mentions.set(m.id, m)
  const present = [...mentions.values()].filter((m) => text.includes(`@${m.label}`))
  const doc = textToDoc(text, present, original, name)
  return original || present.length > 0 || isFormatted(doc) ? doc : null
}
