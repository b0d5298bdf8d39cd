/**
 * Renders comment bodies. Everything from the API goes through Lit text bindings, so markup in a body is
 * shown as characters; the only elements built are the ones written here, and links only for http(s).
 */
import { html, nothing, type TemplateResult } from "lit"

/** The URL if it is absolute http(s), else null: `javascript:`, `data:` and relative links never become links. */
export const safeHref = (href: unknown): string | null => {
  if (typeof href !== "string") return null
  try {
    const u = new URL(href.trim())
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null
  } catch {
    return null
  }
}

const link = (href: string, text: string) =>
  html`<a href=${href} target="_blank" rel="noopener noreferrer nofollow ugc" part="link">${text}</a>`

const urlPattern = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g

/** Plain text with bare http(s) URLs turned into links. */
export const renderPlain = (text: string): Array<TemplateResult | string> => {
  const out: Array<TemplateResult | string> = []
  let last = 0
  for (const m of text.matchAll(urlPattern)) {
    const href = safeHref(m[0])
    if (href === null) continue
    if (m.index > last) out.push(text.slice(last, m.index))
    out.push(link(href, m[0]))
    last = m.index + m[0].length
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}

interface Node {
  type?: unknown
  text?: unknown
  attrs?: Record<string, unknown>
  marks?: Array<{ type?: unknown; attrs?: Record<string, unknown> }>
  content?: unknown
}

export type MentionName = (id: unknown, label: unknown) => string

const MAX_DEPTH = 24

const children = (
  node: Node,
  mention: MentionName,
  depth: number
): Array<TemplateResult | string | typeof nothing> =>
  Array.isArray(node.content) ? node.content.map((c) => renderNode(c as Node, mention, depth + 1)) : []

const renderText = (node: Node): TemplateResult | string => {
  const text = typeof node.text === "string" ? node.text : ""
  let out: TemplateResult | string = text
  for (const mark of Array.isArray(node.marks) ? node.marks : []) {
    if (mark?.type === "bold") out = html`<strong>${out}</strong>`
    else if (mark?.type === "italic") out = html`<em>${out}</em>`
    else if (mark?.type === "code") out = html`<code>${out}</code>`
    else if (mark?.type === "strike") out = html`<s>${out}</s>`
    else if (mark?.type === "link") {
      const href = safeHref(mark.attrs?.href)
      if (href !== null)
        out = html`<a href=${href} target="_blank" rel="noopener noreferrer nofollow ugc" part="link">${out}</a>`
    }
  }
  return out
}

const renderNode = (
  node: Node,
  mention: MentionName,
  depth: number
): TemplateResult | string | typeof nothing => {
  if (node === null || typeof node !== "object" || depth > MAX_DEPTH) return nothing
  switch (node.type) {
    case "text":
      return renderText(node)
    case "hardBreak":
      return html`<br />`
    case "ph-mention":
    case "mention":
      return html`<span class="mention" part="mention">@${mention(node.attrs?.id, node.attrs?.label)}</span>`
    case "paragraph":
    case "heading":
      return html`<p>${children(node, mention, depth)}</p>`
    case "bulletList":
      return html`<ul>${children(node, mention, depth)}</ul>`
    case "orderedList":
      return html`<ol>${children(node, mention, depth)}</ol>`
    case "listItem":
      return html`<li>${children(node, mention, depth)}</li>`
    case "blockquote":
      return html`<blockquote>${children(node, mention, depth)}</blockquote>`
    case "codeBlock":
      return html`<pre>${children(node, mention, depth)}</pre>`
    default:
      // Unknown nodes (images, embeds…) contribute their text and nothing else.
      return html`${children(node, mention, depth)}`
  }
}

/** Renders a TipTap document, or null when it holds nothing to show (so the plain `content` is used). */
export const renderRich = (doc: unknown, mention: MentionName): TemplateResult | null => {
  if (doc === null || typeof doc !== "object") return null
  const content = (doc as Node).content
  if (!Array.isArray(content) || content.length === 0) return null
  return html`${children(doc as Node, mention, 0)}`
}
