/**
 * A URL query string read as the typed input of an operation's `query` schema, then checked as the SDK
 * checks its own queries. A query string holds only text, and each parameter may appear several times; the
 * schemas want numbers, booleans, strings and lists. The decoder takes the kind of each parameter from the
 * schema itself, so a parameter added to a schema is decoded without a change here.
 */
import { ValidationError } from "../Errors.js"
import { checkInput as checkAgainst } from "../internal/schemaChecks.js"
import { noFields } from "./checkInput.js"
import type { Operation } from "./model.js"

/** What checking a query string found: the parameters as the schema parsed them, or PostHog's ValidationError. */
export type QueryCheck =
  | { readonly _tag: "Valid"; readonly query: Readonly<Record<string, unknown>> }
  | { readonly _tag: "Invalid"; readonly error: ValidationError }

/** How a parameter's text becomes the value its schema wants. */
type Kind = "number" | "boolean" | "text" | { readonly list: Kind }

/** The parts of zod's definitions the decoder reads (zod 4's `_zod.def`, the introspection it documents). */
interface Def {
  readonly type: string
  readonly innerType?: Inspectable
  readonly in?: Inspectable
  readonly element?: Inspectable
  readonly shape?: Readonly<Record<string, Inspectable>>
}
interface Inspectable {
  readonly _zod: { readonly def: Def }
}

// Wrappers that leave the value's kind as it is: `z.optional(z.boolean())` is a boolean.
const wrappers = /* @__PURE__ */ new Set([
  "optional",
  "nullable",
  "default",
  "prefault",
  "nonoptional",
  "readonly",
  "catch"
])

const kindOf = (schema: Inspectable | undefined): Kind => {
  let def = schema?._zod.def
  while (def !== undefined) {
    if (wrappers.has(def.type)) def = def.innerType?._zod.def
    else if (def.type === "pipe") def = def.in?._zod.def
    else break
  }
  switch (def?.type) {
    case "number":
    case "int":
      return "number"
    case "boolean":
      return "boolean"
    case "array":
      return { list: kindOf(def.element) }
    default:
      // Strings, UUIDs, enums: the text is the value, and the schema judges it.
      return "text"
  }
}

// A plain decimal number. Python's int() also takes "+5", " 5 " and "5_000", and PostHog reads a limit it
// cannot parse as its default; anything but plain digits is refused here rather than guessed at.
const decimal = /^-?[0-9]+(\.[0-9]+)?$/

const decodeOne = (kind: Kind, text: string): { readonly value: unknown } | { readonly problem: string } => {
  if (kind === "number") return decimal.test(text) ? { value: Number(text) } : { problem: "must be a number" }
  if (kind === "boolean") {
    // Only these two spellings mean the same on every PostHog endpoint: comments test `== "true"` and
    // `== "false"` literally (so `1` is false for `exclude_emoji_reactions` but lifts the `deleted`
    // filter), while templates read `is_featured` with str_to_bool (`1`, `yes`, `on` are true). They are
    // also what the SDK sends.
    if (text === "true") return { value: true }
    if (text === "false") return { value: false }
    return { problem: "must be true or false" }
  }
  return { value: text }
}

const toParams = (search: URLSearchParams | string): URLSearchParams =>
  typeof search === "string" ? new URLSearchParams(search.startsWith("?") ? search.slice(1) : search) : search

/**
 * Checks a URL query string for `op`: each parameter is decoded into the type its schema wants (a number,
 * `true`/`false`, text, or a list from a repeated parameter) and the result is checked with the schema the
 * SDK checks its own queries with, so an unknown parameter or a bad value gets the SDK's field name
 * (`attr`), code and message, PostHog's error shape. A value that cannot be decoded (`limit=abc`,
 * `deleted=yes`) and a single-valued parameter given twice are refused under the parameter's name with code
 * `invalid_input`. An operation without a query schema takes no parameters. For servers that forward reads
 * they did not build: the web proxy checks every query it forwards with it.
 *
 * @example
 * ```ts
 * const op = Catalogue.operation("Dashboards.list")!
 * Catalogue.checkQueryString(op, "?limit=20&search=weekly")
 * // { _tag: "Valid", query: { limit: 20, search: "weekly" } }
 * const check = Catalogue.checkQueryString(op, "limit=abc")
 * // check._tag === "Invalid"; check.error.attr === "limit"
 * // check.error.detail === 'Query parameter "limit" must be a number.'
 * ```
 * @category catalogue
 */
export const checkQueryString = (
  op: Operation,
  search: URLSearchParams | string,
  options: { readonly path?: string | undefined } = {}
): QueryCheck => {
  const path = () => options.path ?? op.path
  const schema = op.query ?? noFields()
  const shape = (schema as unknown as Inspectable)._zod.def.shape ?? {}
  const params = toParams(search)
  const decoded: Record<string, unknown> = {}
  const refuse = (name: string, problem: string): QueryCheck => ({
    _tag: "Invalid",
    error: new ValidationError({
      method: op.method,
      path: path(),
      attr: name,
      code: "invalid_input",
      detail: `Query parameter "${name}" ${problem}.`
    })
  })
  for (const name of new Set(params.keys())) {
    const texts = params.getAll(name)
    // An unknown parameter is left as text: the strict schema refuses it with the SDK's own message.
    const kind = Object.hasOwn(shape, name) ? kindOf(shape[name]) : "text"
    if (typeof kind === "object") {
      const values: Array<unknown> = []
      for (const text of texts) {
        const one = decodeOne(kind.list, text)
        if ("problem" in one) return refuse(name, `${one.problem} in each of its values`)
        values.push(one.value)
      }
      decoded[name] = values
      continue
    }
    // PostHog reads the last of a repeated parameter; which one a caller meant is a guess, so it is refused.
    if (texts.length > 1) return refuse(name, `is given ${texts.length} times; give it once`)
    const one = decodeOne(kind, texts[0] ?? "")
    if ("problem" in one) return refuse(name, one.problem)
    decoded[name] = one.value
  }
  const checked = checkAgainst(schema, decoded, op.method, path)
  return checked._tag === "Valid"
    ? { _tag: "Valid", query: (checked.value ?? {}) as Readonly<Record<string, unknown>> }
    : checked
}
