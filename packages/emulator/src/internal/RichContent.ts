/**
 * PostHog's check that a comment's TipTap `rich_content` says something: a document of nothing but empty
 * paragraphs counts as no content (the comment then needs `content`).
 */
export const richContentHasText = (doc: unknown): boolean => {
  if (doc === null || typeof doc !== "object") return false
  const content = (doc as { content?: unknown }).content
  if (!Array.isArray(content) || content.length === 0) return false
  return content.some((node) => {
    if (node === null || typeof node !== "object") return false
    const n = node as { type?: unknown; content?: unknown }
    return !(n.type === "paragraph" && (!Array.isArray(n.content) || n.content.length === 0))
  })
}
