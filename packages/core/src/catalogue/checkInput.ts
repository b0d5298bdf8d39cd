/**
 * What may be sent for one operation, checked as the SDK checks it before sending: the query against the
 * entry's query schema, the body against its body schema, and the fields the operation always sends itself
 * (`fixedBody`, such as `deleted: true` on a soft delete) at their fixed values. Kept apart from the
 * catalogue's other functions because it needs zod at run time, which a browser bundle of the links does not.
 */
import * as z from "zod"
import { ValidationError } from "../Errors.js"
import { checkInput as checkAgainst, type InputCheck } from "../internal/schemaChecks.js"
import type { Operation } from "./model.js"

/** What a request sends besides its path: the query parameters and the JSON body, as they go over the wire. */
export interface RequestInput {
  readonly query?: unknown
  readonly body?: unknown
}

/** What checking a request found: the input as the schemas parsed it, or PostHog's ValidationError. */
export type RequestCheck =
  | { readonly _tag: "Valid"; readonly query: unknown; readonly body: unknown }
  | { readonly _tag: "Invalid"; readonly error: ValidationError }

// An operation that takes no body (or no query) from its caller accepts no field beyond its fixed ones.
// Built on first use so importing the catalogue builds no schema.
let noFieldsSchema: z.ZodType | undefined
export const noFields = (): z.ZodType => (noFieldsSchema ??= z.strictObject({}))

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const checkBody = (op: Operation, body: unknown, path: () => string): InputCheck<unknown> => {
  const fixed = op.fixedBody
  if (fixed === undefined) {
    if (op.body === undefined && body === undefined) return { _tag: "Valid", value: undefined }
    return checkAgainst(op.body ?? noFields(), body ?? {}, op.method, path)
  }
  // The caller's part is what remains once the fixed fields are set aside; it is checked first, so an
  // unknown or malformed field is named before a missing fixed one.
  const whole = body ?? {}
  const own = isRecord(whole)
    ? Object.fromEntries(Object.entries(whole).filter(([key]) => !(key in fixed)))
    : whole
  const checked =
    op.body === undefined && isRecord(own) && Object.keys(own).length === 0
      ? ({ _tag: "Valid", value: undefined } as const)
      : checkAgainst(op.body ?? noFields(), own, op.method, path)
  if (checked._tag === "Invalid") return checked
  for (const [key, value] of Object.entries(fixed)) {
    if ((whole as Record<string, unknown>)[key] !== value) {
      return {
        _tag: "Invalid",
        error: new ValidationError({
          method: op.method,
          path: path(),
          attr: key,
          code: "invalid_input",
          detail: `${op.name} always sends ${key}: ${JSON.stringify(value)}.`
        })
      }
    }
  }
  return { _tag: "Valid", value: { ...(checked.value as object | undefined), ...fixed } }
}

/**
 * Checks what is about to be sent for `op` exactly as the SDK does before sending it: the same schemas,
 * the same field names (`attr`), codes and messages, PostHog's own. `input.body` is the body as it goes
 * over the wire, fixed fields included. For servers that forward requests they did not build — the web
 * proxy checks the widgets' writes with it — so a user sees the same message whichever way they came.
 *
 * @example
 * ```ts
 * const op = Catalogue.operation("Sharing.createPassword")!
 * const check = Catalogue.checkInput(op, { body: { raw_password: "short" } })
 * // check._tag === "Invalid"; check.error.attr === "raw_password"
 * // check.error.detail === "Password must be at least 8 characters long."
 * ```
 * @category catalogue
 */
export const checkInput = (
  op: Operation,
  input: RequestInput,
  options: { readonly path?: string | undefined } = {}
): RequestCheck => {
  const path = () => options.path ?? op.path
  let query: unknown
  if (op.query !== undefined) {
    const checked = checkAgainst(op.query, input.query ?? {}, op.method, path)
    if (checked._tag === "Invalid") return checked
    query = checked.value
  }
  const body = checkBody(op, input.body, path)
  if (body._tag === "Invalid") return body
  return { _tag: "Valid", query, body: body.value }
}
