/**
 * Emoji reactions as PostHog stores them: a reply whose `content` is the emoji and whose `item_context`
 * says `is_emoji: true`. PostHog files every reply under its thread's root (a reaction to a reply lands on
 * the root), so reactions belong to the comments that start threads. PostHog's own picker offers every
 * Unicode emoji from a data file fetched off a CDN; the widgets load nothing remote, so they offer a short
 * set of their own and show any emoji someone else reacted with.
 */
import type { Comment } from "@hogkit/core/schema"

/** The emoji the picker offers, PostHog's hedgehog last. */
export const QUICK_REACTIONS: ReadonlyArray<string> = ["👍", "👎", "😄", "🎉", "😕", "❤️", "🚀", "👀", "🦔"]

/** True for a reaction rather than a comment. */
export const isReaction = (c: Comment): boolean => c.item_context?.is_emoji === true

/** One emoji on one comment: who reacted with it (oldest first) and the viewer's own reaction, if any. */
export interface ReactionSummary {
  readonly emoji: string
  readonly reactions: ReadonlyArray<Comment>
  readonly mine: Comment | undefined
}

/** The reactions to one comment, grouped by emoji in the order each emoji was first used. */
export const summarise = (reactions: Iterable<Comment>, meId: number | undefined): Array<ReactionSummary> => {
  const byEmoji = new Map<string, Array<Comment>>()
  const sorted = [...reactions].sort((a, b) => (a.created_at ?? "").localeCompare(b.created_at ?? ""))
  for (const r of sorted) {
    const emoji = (r.content ?? "").trim()
    if (!emoji) continue
    const list = byEmoji.get(emoji) ?? []
    list.push(r)
    byEmoji.set(emoji, list)
  }
  return [...byEmoji].map(([emoji, list]) => ({
    emoji,
    reactions: list,
    mine: meId === undefined ? undefined : list.find((r) => r.created_by?.id === meId)
  }))
}
