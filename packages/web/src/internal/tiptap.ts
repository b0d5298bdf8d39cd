/**
 * The composer edits plain text, PostHog stores TipTap documents (`rich_content`). This module turns one
 * into the other: a document into the text a person edits (mentions as `@Name`), and that text back into a
 * document with `ph-mention` nodes, reusing the original blocks that were not changed so their formatting
 * (bold, links, lists) survives an edit of another paragraph.
 */

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
  content?: unknown
}

type Doc = { type: "doc"; content: Array<unknown> }

const MAX_DEPTH = 24
const isMention = (n: Node) => n.type === "ph-mention" || n.type === "mention"
const inlineBlocks = new Set(["paragraph", "heading", "codeBlock"])
const kids = (n: Node): Array<Node> =>
  Array.isArray(n.content)
    ? (n.content.filter((c) => c !== null && typeof c === "object") as Array<Node>)
    : []

/** The text of one node: block containers put their blocks on separate lines. */
const textOf = (n: Node, name: NameOf, depth = 0): string => {
  if (depth > MAX_DEPTH) return ""
  if (n.type === "text") return typeof n.text === "string" ? n.text : ""
  if (isMention(n)) return `@${name(n.attrs?.id, n.attrs?.label)}`
  if (n.type === "hardBreak") return "\n"
  const inner = kids(n).map((c) => textOf(c, name, depth + 1))
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

/** The text a person edits for a document: one line per paragraph, mentions as `@Name`. */
export const docToText = (doc: unknown, name: NameOf): string =>
  blocksOf(doc)
    .map((b) => textOf(b, name))
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

/** One line of text as inline nodes: each `@label` of a known mention becomes a `ph-mention` node. */
const inline = (line: string, mentions: ReadonlyArray<Mention>): Array<unknown> => {
  // Longest labels first, so "@Ada Lovelace" wins over "@Ada".
  const known = [...mentions].sort((a, b) => b.label.length - a.label.length)
  const out: Array<unknown> = []
  let text = ""
  let i = 0
  while (i < line.length) {
    const m = line[i] === "@" ? known.find((k) => line.startsWith(`@${k.label}`, i)) : undefined
    if (m) {
      if (text) out.push({ type: "text", text })
      text = ""
      // PostHog's own node carries only the id; the label lets readers that do not know the person name them.
      out.push({ type: "ph-mention", attrs: { id: m.id, label: m.label } })
      i += m.label.length + 1
    } else {
      text += line[i]
      i++
    }
  }
  if (text) out.push({ type: "text", text })
  return out
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
    lines: textOf(node, name).split("\n"),
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
    } else {
      const parts = inline(lines[i] ?? "", mentions)
      content.push(parts.length > 0 ? { type: "paragraph", content: parts } : { type: "paragraph" })
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

/** The ids of people mentioned in `doc`, each once, in order: PostHog's `mentions` field. */
export const mentionIds = (doc: unknown): Array<number> => mentionsIn(doc, () => "").map((m) => m.id)

/**
 * The `rich_content` to send for typed text: a document when the text still names someone mentioned (picked
 * from the list now, or already a mention in `original`) or when there is a rich body (`original`) to keep;
 * null when it is plain text with no mentions and there was no rich body, so a plain comment stays plain.
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
  if (!original && present.length === 0) return null
  return textToDoc(text, present, original, name)
}
