/**
 * A short, never-throwing rendering of a value a user sent, for error messages. `String(x)` and
 * `JSON.stringify(x)` both throw on some inputs (objects without a usable `toString`, BigInts, cycles), and
 * an error message must never become a crash of its own.
 */
export const describeValue = (value: unknown): string => {
  if (typeof value === "string") return value
  if (typeof value === "bigint") return `${value.toString()}n`
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value)
  if (value === undefined) return "nothing"
  try {
    const json = JSON.stringify(value)
    if (json !== undefined) return json.length > 80 ? `${json.slice(0, 77)}...` : json
  } catch {
    // fall through: cyclic or otherwise unserialisable
  }
  return Array.isArray(value) ? "a list" : `a ${typeof value}`
}
