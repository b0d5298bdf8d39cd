/**
 * Comment ids by a unique prefix, like git's short SHAs: `hogkit comments get 3f2a9c1b` finds the one
 * comment whose UUID starts so. A full UUID is used as it is, without a request.
 *
 * PostHog's comment list has no id or prefix filter, and its cursor pages have a fixed size of 100 (the
 * largest there is: `limit` is ignored), so a prefix is resolved by reading the list page by page through
 * core's stream, one request per 100 comments. The walk stops at the end of the first page on which a
 * second match turns up: by then the prefix is known to be ambiguous, and the matches so far are the
 * candidates shown. A unique prefix reads the whole list; paste the full id to skip that.
 */
import type { CommentsService, HogkitError, Schema } from "@hogkit/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { CliFailure, usage } from "./Failure.js"
import { printable } from "./Input.js"
import { commandLine } from "./Operations.js"

const FULL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
export const MIN_PREFIX = 4

/** The hex digits of an id or a prefix (dashes are optional when typing one). */
const hexOf = (text: string) => text.replace(/-/g, "")

/** What was typed for a comment id: a full id, or a prefix to look up. */
export type CommentRef = { readonly full: string } | { readonly prefix: string }

const canonical = (hex32: string) =>
  `${hex32.slice(0, 8)}-${hex32.slice(8, 12)}-${hex32.slice(12, 16)}-${hex32.slice(16, 20)}-${hex32.slice(20)}`

/** Checks the shape of a typed comment id before anything is sent (exit 2 when it cannot be one). */
export const parseCommentRef = (raw: string, what = "comment id") =>
  Effect.suspend((): Effect.Effect<CommentRef, CliFailure> => {
    const text = raw.trim().toLowerCase()
    if (FULL.test(text)) return Effect.succeed({ full: text })
    if (/^[0-9a-f]{32}$/.test(text)) return Effect.succeed({ full: canonical(text) })
    if (/^[0-9a-f][0-9a-f-]*$/.test(text) && hexOf(text).length >= MIN_PREFIX && hexOf(text).length < 32) {
      return Effect.succeed({ prefix: text })
    }
    return Effect.fail(
      usage(
        `"${printable(raw)}" is not a valid ${what}: give the comment's UUID or a unique start of it (at least ${MIN_PREFIX} hex digits, as \`${commandLine("comments list")}\` shows).`
      )
    )
  })

/** Describes a candidate on one line: its full id, when, and the start of its text. */
const candidate = (c: Schema.Comment) => {
  const text = (c.content ?? "").replace(/\s+/g, " ").trim()
  return `  ${c.id}  ${c.created_at ?? ""}  ${printable(text.length > 40 ? `${text.slice(0, 39)}…` : text)}`
}

/**
 * The full id a reference names. `deleted` includes soft-deleted comments (restore needs them); otherwise
 * only the comments PostHog shows are candidates.
 */
export const resolveCommentRef = (
  ref: CommentRef,
  comments: CommentsService,
  options: { readonly deleted?: boolean } = {}
): Effect.Effect<string, CliFailure | HogkitError> => {
  if ("full" in ref) return Effect.succeed(ref.full)
  const matches: Array<Schema.Comment> = []
  const wanted = hexOf(ref.prefix)
  return comments.pages(options.deleted ? { deleted: true } : {}).pipe(
    Stream.takeUntil((page) => {
      for (const c of page.results) if (hexOf(c.id.toLowerCase()).startsWith(wanted)) matches.push(c)
      return matches.length >= 2
    }),
    Stream.runDrain,
    Effect.flatMap(() => {
      const only = matches[0]
      if (matches.length === 1 && only !== undefined) return Effect.succeed(only.id)
      if (matches.length === 0) {
        return Effect.fail(
          new CliFailure(
            `No comment id starts with "${ref.prefix}"${options.deleted ? "" : " (deleted comments are not searched)"}. See \`${commandLine("comments list")}\`.`,
            3
          )
        )
      }
      return Effect.fail(
        usage(
          `"${ref.prefix}" is ambiguous: it starts the id of more than one comment. Give more of the id; candidates:\n${matches.map(candidate).join("\n")}`
        )
      )
    })
  )
}

/**
 * The shortest start of each id (at least `min` characters) that no other id in `ids` shares, for a
 * table a person copies ids from. Ids are compared as printed, dashes included.
 */
export const shortIds = (ids: ReadonlyArray<string>, min = 8): ReadonlyArray<string> =>
  ids.map((id) => {
    let length = Math.min(min, id.length)
    for (const other of ids) {
      if (other === id) continue
      let common = 0
      while (common < id.length && id[common] === other[common]) common++
      length = Math.max(length, Math.min(id.length, common + 1))
    }
    // A prefix ending in a dash would be pasted without it: take the next digit too.
    if (id[length - 1] === "-") length = Math.min(id.length, length + 1)
    return id.slice(0, length)
  })
