/**
 * Input that Postgres or the JavaScript stack cannot take, stopped with a 400 in PostHog's shape before
 * it gets there. Both cases are 500s in PostHog itself (psycopg's "A string literal cannot contain NUL
 * (0x00) characters." and Python's RecursionError escape DRF's handlers); a local oracle answering 500
 * with a stack in its log helps nobody, so the emulator answers the way DRF answers the nearest input it
 * does handle: `null_characters_not_allowed` for a NUL, `parse_error` for a body nested too deep.
 */
import type { Sql } from "../Database.js"
import { parseError, validation } from "../Errors.js"

/**
 * Python's recursion limit is 1000 frames, and Django and DRF already hold some when the JSON decoder
 * starts: a document nested deeper than this never parses in PostHog. Checked iteratively, so the check
 * itself cannot overflow.
 */
export const MAX_JSON_DEPTH = 1000

/** The first container found deeper than {@link MAX_JSON_DEPTH}, or `undefined`. */
const tooDeep = (value: unknown): "array" | "object" | undefined => {
  const stack: Array<readonly [unknown, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (node === null || typeof node !== "object") continue
    if (depth > MAX_JSON_DEPTH) return Array.isArray(node) ? "array" : "object"
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1])
    }
  }
  return undefined
}

/** Refuses a parsed JSON body nested deeper than PostHog's parser goes, with DRF's parse-error body. */
export const checkJsonDepth = (value: unknown): void => {
  const kind = tooDeep(value)
  if (kind !== undefined) {
    throw parseError(
      `JSON parse error - maximum recursion depth exceeded while decoding a JSON ${kind} from a unicode string`
    )
  }
}

const hasNul = (value: unknown): boolean =>
  typeof value === "string" ? value.includes("\u0000") : Array.isArray(value) ? value.some(hasNul) : false

/**
 * Wraps a request's SQL so that a NUL byte on its way into a statement parameter ends as DRF's
 * "Null characters are not allowed." 400 instead of a Postgres error. Only parameters that reach a
 * statement count: a NUL in a query parameter nobody reads is ignored, as PostHog ignores it. The
 * error names the query parameter that carried the NUL when one did.
 */
export const rejectNulParams = (sql: Sql, query: URLSearchParams): Sql => ({
  query: (statement, params) => {
    if (params?.some(hasNul)) {
      let attr: string | null = null
      for (const [key, value] of query) {
        if (value.includes("\u0000") || key.includes("\u0000")) {
          attr = key
          break
        }
      }
      return Promise.reject(
        validation("Null characters are not allowed.", attr, "null_characters_not_allowed")
      )
    }
    return sql.query(statement, params)
  }
})
