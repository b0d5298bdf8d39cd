/**
 * Takes the API key out of what comes back from PostHog. A server or a proxy may echo the request (its
 * headers, the URL) in an error body or a network error; the key must never reach an error detail, a log
 * or a snapshot, so every failure of an attempt goes through here before anyone sees it. Plain functions of
 * the key rather than an object of closures: they sit in every browser bundle.
 */
import type { HogkitErrorReason } from "../Errors.js"

/** The text with every occurrence of the key replaced by `[redacted]`. */
export const scrubKey = (keyText: string, text: string): string =>
  keyText !== "" && text.includes(keyText) ? text.split(keyText).join("[redacted]") : text

/** The reason itself when its detail does not hold the key; otherwise a copy with the detail scrubbed. */
export const scrubKeyFromReason = <R extends HogkitErrorReason>(keyText: string, reason: R): R => {
  if (!reason.detail.includes(keyText) || keyText === "") return reason
  // Reasons are immutable tagged errors: rebuild one of the same class with every field but the detail kept.
  const Ctor = reason.constructor as new (args: object) => R
  const { _tag: _, ...fields } = { ...reason } as { _tag: string } & Record<string, unknown>
  return new Ctor({ ...fields, detail: scrubKey(keyText, reason.detail) })
}
