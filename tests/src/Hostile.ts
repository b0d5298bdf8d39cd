/**
 * fast-check arbitraries for input nobody should send: unicode edge cases, huge strings, wrong types,
 * deep nesting, and objects whose own keys are `__proto__`, `constructor` or `prototype` (as JSON.parse
 * makes them), which a careless merge turns into prototype pollution.
 */
import fc from "fast-check"

/** Strings chosen to break parsers, paths, SQL, templates and terminals. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "\udfff\ud800",
    "𝕳𝖔𝖌𝖐𝖎𝖙 🦔",
    "\u202eevil\u202c",
    "\u200b\u200d\ufeff",
    "e\u0301\u0301\u0301",
    "../../../etc/passwd",
    "..%2f..%2f",
    "%00",
    "%",
    "?x=1&y=2#frag",
    "' OR 1=1 --",
    "'; drop table comments; --",
    "<script>alert(1)</script>",
    // A template-injection probe: the literal text, never interpolated.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the point is the literal ${…} text
    "${process.env.POSTHOG_PERSONAL_API_KEY}",
    "{{constructor.constructor('return process')()}}",
    "\u001b[31mred\u001b[0m",
    "line1\r\nline2",
    "__proto__",
    "constructor",
    "NaN",
    "-1",
    "1e309",
    "0x10",
    "9007199254740993",
    "@current",
    "null",
    "true"
  ),
  fc.integer({ min: 1, max: 6 }).map((n) => "x".repeat(10 ** n)),
  fc.integer({ min: 1, max: 4 }).map((n) => "🦔".repeat(10 ** n))
)

/** Keys that matter to prototype pollution, mixed with ordinary and nasty ones. */
export const nastyKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "hasOwnProperty", "isPrototypeOf"),
  fc.constantFrom("content", "name", "scope", "id", "tiles", "settings", "deleted", "is_task"),
  fc.string({ maxLength: 12 })
)

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 1e308),
  fc.boolean(),
  fc.constant(null)
)

/** Builds an object through JSON.parse so `__proto__` becomes an own key, exactly as on the wire. */
const objectFrom = (entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> =>
  JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? "null"}`).join(",")}}`)

/** Any JSON value, nested, with pollution keys; always JSON-serialisable. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("value"), { maxLength: 5 }),
    fc.array(fc.tuple(nastyKey, tie("value")), { maxLength: 5 }).map(objectFrom)
  )
})).value

/** Deep nesting, a classic stack-overflow input for recursive validators. */
export const deepJson: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 100, max: 1000 }), fc.boolean())
  .map(([depth, arrays]) =>
    JSON.parse(
      arrays ? `${"[".repeat(depth)}1${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`
    )
  )

/**
 * Nesting far past any parser's recursion limit, up to 100,000 levels, as JSON text: built as a string, so
 * making it costs the test no stack.
 */
export const veryDeepJsonText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(1_000, 1_001, 5_000, 20_000, 100_000), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? `${"[".repeat(depth)}1${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`
  )

/** The payloads pollution exploits actually send. */
export const pollutionPayload: fc.Arbitrary<Record<string, unknown>> = fc.constantFrom(
  JSON.parse('{"__proto__":{"polluted":"yes"}}'),
  JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}'),
  JSON.parse('{"a":{"__proto__":{"polluted":"yes"}}}'),
  JSON.parse('{"__proto__":{"hasOwnProperty":"polluted"}}'),
  JSON.parse('{"settings":{"__proto__":{"polluted":"yes"}},"enabled":true}')
)

/** A body shaped like a valid one, with some fields replaced by hostile values and pollution keys added. */
export const mutated = (base: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(
      fc.subarray(Object.keys(base)),
      fc.array(hostileJson, { minLength: Object.keys(base).length, maxLength: Object.keys(base).length }),
      fc.option(pollutionPayload, { nil: undefined })
    )
    .map(([keys, values, extra]) => {
      const entries: Array<[string, unknown]> = Object.entries(base).map(([k, v], i) => [
        k,
        keys.includes(k) ? values[i] : v
      ])
      if (extra !== undefined) entries.push(...Object.entries(extra))
      return objectFrom(entries)
    })

/** Any value a caller could hand over at all, JSON or not. */
export const anything: fc.Arbitrary<unknown> = fc.oneof(
  hostileJson,
  deepJson,
  pollutionPayload,
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom(
    undefined,
    Symbol("s"),
    () => 1,
    new Date(Number.NaN),
    new Map(),
    BigInt(1),
    new Uint8Array(3)
  )
)

/** Records what Object.prototype looks like, and whether anything was added since. */
export const prototypeWatch = () => {
  const before = Object.getOwnPropertyNames(Object.prototype).sort().join(",")
  return {
    polluted: (): string | undefined => {
      const now = Object.getOwnPropertyNames(Object.prototype).sort().join(",")
      const probe = {} as Record<string, unknown>
      if (now !== before) return `Object.prototype gained: ${now}`
      if (probe.polluted !== undefined) return `({}).polluted is ${String(probe.polluted)}`
      if (typeof probe.toString !== "function") return "({}).toString was replaced"
      return undefined
    }
  }
}
