/**
 * Small helpers the resource services share: query strings from validated parameters, and ids checked
 * before they are put into a path.
 */
import * as Effect from "effect/Effect"
import { HogkitError, ValidationError } from "../Errors.js"
import type { HttpMethod, QueryValue } from "../PostHogClient.js"
import { describeValue } from "./describe.js"

/** Validated parameters → query values (booleans as `true`/`false`, arrays repeat the key). */
export const toQuery = (params: object | undefined): Record<string, QueryValue> => {
  const out: Record<string, QueryValue> = {}
  if (!params) return out
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) out[key] = value as ReadonlyArray<string | number | boolean>
    else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      out[key] = value
    else out[key] = JSON.stringify(value)
  }
  return out
}

const invalidId = (operation: string, method: HttpMethod, path: string, detail: string) =>
  Effect.fail(
    new HogkitError({
      operation,
      reason: new ValidationError({ method, path, attr: "id", code: "invalid_input", detail })
    })
  )

/** A string id (comments, templates, share passwords may be numbers too) made safe for a path segment. */
export const stringId = (
  operation: string,
  method: HttpMethod,
  path: string,
  id: unknown,
  what = "id"
): Effect.Effect<string, HogkitError> =>
  (typeof id === "string" && id.trim() !== "") || (typeof id === "number" && Number.isFinite(id))
    ? Effect.succeed(encodeURIComponent(String(id).trim()))
    : invalidId(operation, method, path, `A ${what} is required (got ${describeValue(id)}).`)

/** A positive integer id (dashboards). Numeric strings such as `"42"` are accepted. */
export const intId = (
  operation: string,
  method: HttpMethod,
  path: string,
  id: unknown,
  what = "dashboard id"
): Effect.Effect<number, HogkitError> => {
  const n = typeof id === "string" && /^\d+$/.test(id.trim()) ? Number(id.trim()) : id
  return typeof n === "number" && Number.isInteger(n) && n > 0
    ? Effect.succeed(n)
    : invalidId(operation, method, path, `A ${what} is a positive integer (got ${describeValue(id)}).`)
}
