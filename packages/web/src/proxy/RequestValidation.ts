/**
 * The check a write gets before the proxy forwards it. The browser bundles carry no zod (it would not fit
 * their size budget), so the widgets send what a person typed unchecked; the proxy runs in Node with the
 * real schemas and checks each write's JSON body with core's `Catalogue.checkInput`, the very check the
 * SDK makes before sending. An invalid body never reaches PostHog: it is answered here with the 400 body
 * PostHog itself gives (`{type: "validation_error", code, detail, attr}`), which the widgets show as they
 * show PostHog's own.
 */
import { Catalogue } from "@hogkit/core"

export type BodyCheck =
  | { readonly _tag: "Valid" }
  | { readonly _tag: "NotJson" }
  | {
      readonly _tag: "Invalid"
      readonly error: { readonly code: string; readonly detail: string; readonly attr: string | null }
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
