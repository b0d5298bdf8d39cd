/**
 * One form for every JSON value: object keys sorted at every depth, arrays kept in order. Exports are
 * written in it (so a second export is byte-identical whatever order PostHog sent keys in) and plans compare
 * in it (so key order is never a change).
 */

/** The value with object keys sorted at every depth. */
export const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical)
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key]
      if (v !== undefined) out[key] = canonical(v)
    }
    return out
  }
  return value
}

/** Whether two JSON values are the same, key order aside. */
export const sameJson = (a: unknown, b: unknown): boolean =>
  JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
