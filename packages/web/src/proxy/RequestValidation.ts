/**
 * The checks a request gets before the proxy forwards it. The browser bundles carry no zod (it would not
 * fit their size budget), so the widgets send what a person typed unchecked; the proxy runs in Node with
 * the real schemas and checks each write's JSON body with core's `Catalogue.checkInput`, and every query
 * string with `Catalogue.checkQueryString`, the very checks the SDK makes before sending. Invalid input
 * never reaches PostHog: it is answered here with the 400 body PostHog itself gives
 * (`{type: "validation_error", code, detail, attr}`), which the widgets show as they show PostHog's own.
 */
import { Catalogue } from "@hogkit/core"

/** PostHog's error fields for a refused request. */
export interface Refusal {
  readonly code: string
  readonly detail: string
  readonly attr: string | null
}

export type BodyCheck =
  | { readonly _tag: "Valid" }
  | { readonly _tag: "NotJson" }
  | { readonly _tag: "Invalid"; readonly error: Refusal }

export type QueryCheck = { readonly _tag: "Valid" } | { readonly _tag: "Invalid"; readonly error: Refusal }

// Query parameters PostHog reads credentials from: the proxy adds the key itself, and a page must not be
// able to pass its own. Refused in any spelling of case, with a message saying so, before the schemas
// (which would refuse them too, as unknown) are asked.
const credentialParams = new Set(["personal_api_key", "token", "api_key", "project_api_key"])

/**
 * Parameters core's schemas accept that the proxy still does not forward, and why. Which reads a page may
 * make is this package's choice, as `WIDGET_OPERATIONS` is: the widgets never show soft-deleted comments
 * (they restore one through its edit, which needs no read), so a page may not list them either.
 */
const WITHHELD_PARAMS: Readonly<Record<string, string>> = {
  deleted: "soft-deleted comments stay hidden from pages"
}

/**
 * Checks a request's query string against the operations its path and method may be: valid when it is
 * valid for any of them (as {@link checkWriteBody}); otherwise the error shown is that of the first
 * operation that takes a query, since that is the one a page was calling.
 */
export const checkQuery = (
  operations: ReadonlyArray<Catalogue.Operation>,
  params: URLSearchParams,
  upstreamPath: string
): QueryCheck => {
  for (const name of params.keys()) {
    if (credentialParams.has(name.toLowerCase())) {
      return {
        _tag: "Invalid",
        error: {
          code: "invalid_input",
          detail: `The hogkit proxy adds PostHog's key itself: remove "${name}" from the query.`,
          attr: name
        }
      }
    }
    const withheld = WITHHELD_PARAMS[name]
    if (withheld !== undefined) {
      return {
        _tag: "Invalid",
        error: {
          code: "invalid_input",
          detail: `The hogkit proxy does not forward "${name}": ${withheld}.`,
          attr: name
        }
      }
    }
  }
  let shown: Catalogue.QueryCheck | undefined
  let shownTakesQuery = false
  for (const op of operations) {
    const check = Catalogue.checkQueryString(op, params, { path: upstreamPath })
    if (check._tag === "Valid") return { _tag: "Valid" }
    if (shown === undefined || (!shownTakesQuery && op.query !== undefined)) {
      shown = check
      shownTakesQuery = op.query !== undefined
    }
  }
  if (shown === undefined || shown._tag === "Valid") return { _tag: "Valid" }
  const { code, detail, attr } = shown.error
  return { _tag: "Invalid", error: { code, detail, attr } }
}

/**
 * Checks a write's body against the operations its path and method may be. Several share one path and
 * method (a comment's edit, soft delete and restore are all `PATCH comments/{id}/`), so the body is valid
 * when it is valid for any of them; otherwise the error shown is the one of the operation that takes a
 * body from the user (the edit), since that is what a person was typing.
 */
export const checkWriteBody = (
  operations: ReadonlyArray<Catalogue.Operation>,
  body: Uint8Array | undefined,
  upstreamPath: string
): BodyCheck => {
  let parsed: unknown
  if (body !== undefined) {
    try {
      parsed = JSON.parse(new TextDecoder().decode(body))
    } catch {
      return { _tag: "NotJson" }
    }
  }
  let shown: Catalogue.RequestCheck | undefined
  for (const op of operations) {
    const check = Catalogue.checkInput(op, { body: parsed }, { path: upstreamPath })
    if (check._tag === "Valid") return { _tag: "Valid" }
    if (shown === undefined || op.body !== undefined) shown = check
  }
  if (shown === undefined || shown._tag === "Valid") return { _tag: "Valid" }
  const { code, detail, attr } = shown.error
  return { _tag: "Invalid", error: { code, detail, attr } }
}
