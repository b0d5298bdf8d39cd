/**
 * `hogkit api PATH`: any PostHog endpoint through core's PostHogClient, so it gets the same key, retries,
 * timeouts and error messages as every other command, with gh api's flags:
 *
 * - GET by default, POST when fields or --input are given; `-X METHOD` to choose (`hogkit api METHOD PATH`,
 *   the older form, still works).
 * - `-f key=value` a string field; `-F key=value` a typed one: true, false, null and numbers become JSON,
 *   `@file` reads a file (`@-` stdin). `key[sub]=v` nests, `key[]=v` appends to an array. On GET the
 *   fields are the query string; otherwise the JSON body (or the query string, with --input).
 * - `-H 'Name: value'` an extra header; `-i` prints the status line and headers first; `--silent` prints
 *   no body; `--input FILE` (`-` for stdin) sends a file as the body.
 * - `--paginate` prints every item of every page, following `next` through core's paging (offset lists
 *   and cursor lists alike); `--jq` then sees one array of every item.
 *
 * PATH is relative to the project (`dashboards/`) or absolute (`/api/users/@me/`).
 */

import type { HttpMethod, QueryValue } from "@hogkit/core"
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { type CliFailure, usage } from "../internal/Failure.js"
import { parseJson, printable, readFileArg } from "../internal/Input.js"
import { pickFields } from "../internal/Output.js"
import { makePrinter, withPostHog } from "../internal/Run.js"

const methods = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const

const rawView = { columns: [], detail: [] }

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

const readStdin = (flag: string) =>
  Effect.tryPromise({
    try: async () => {
      const chunks: Array<Buffer> = []
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks).toString("utf8")
    },
    catch: () => usage(`${flag}: could not read stdin.`)
  })

/** `-F`'s conversions, as gh does them: literals and numbers become JSON, `@file` a file's text. */
const typedValue = (flag: string, raw: string): Effect.Effect<Json, CliFailure> => {
  if (raw === "true") return Effect.succeed(true)
  if (raw === "false") return Effect.succeed(false)
  if (raw === "null") return Effect.succeed(null)
  if (/^-?\d+(\.\d+)?$/.test(raw) && Number.isFinite(Number(raw))) return Effect.succeed(Number(raw))
  if (raw.startsWith("@")) {
    const file = raw.slice(1)
    return file === "-" ? readStdin(flag) : readFileArg(flag, file)
  }
  return Effect.succeed(raw)
}

/** `a[b][]` → ["a", "b", ""]: the path a field's value goes to ("" appends to an array). */
const keyPath = (flag: string, key: string): Effect.Effect<ReadonlyArray<string>, CliFailure> => {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key)
  if (m === null || m[1] === undefined)
    return Effect.fail(
      usage(`${flag} "${printable(key)}": a field name is name, name[key] or name[] (e.g. -F tags[]=x).`)
    )
  const rest = [...(m[2] ?? "").matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1] ?? "")
  return Effect.succeed([m[1], ...rest])
}

const place = (
  target: Record<string, unknown>,
  path: ReadonlyArray<string>,
  value: Json,
  flag: string,
  key: string
) => {
  let node: Record<string, unknown> | Array<unknown> = target
  for (let i = 0; i < path.length; i++) {
    const part = path[i] as string
    const last = i === path.length - 1
    const nextIsArray = path[i + 1] === ""
    if (Array.isArray(node)) {
      if (part !== "") return usage(`${flag} "${printable(key)}": cannot name a key inside an array.`)
      if (last) node.push(value)
      else {
        const child = nextIsArray ? [] : {}
        node.push(child)
        node = child
      }
      continue
    }
    if (part === "") return usage(`${flag} "${printable(key)}": [] must follow a name, e.g. tags[]=x.`)
    if (last) {
      node[part] = value
      continue
    }
    const existing = node[part]
    if (existing === undefined) node[part] = nextIsArray ? [] : {}
    else if (typeof existing !== "object" || existing === null || Array.isArray(existing) !== nextIsArray)
      return usage(`${flag} "${printable(key)}": ${part} is already given another kind of value.`)
    node = node[part] as Record<string, unknown> | Array<unknown>
  }
  return undefined
}

/** The fields of -f and -F, in the order given, as one object. */
const buildFields = (raw: ReadonlyArray<string>, typed: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const out: Record<string, unknown> = {}
    const all = [...raw.map((f) => ["-f", f] as const), ...typed.map((f) => ["-F", f] as const)]
    // -f fields first, then -F ones, each in the order given (so `key[]=` arrays keep their order).
    for (const [flag, field] of all) {
      const eq = field.indexOf("=")
      if (eq <= 0)
        return yield* usage(
          `${flag} "${printable(field)}": fields are key=value (e.g. ${flag} name=Revenue).`
        )
      const key = field.slice(0, eq)
      const text = field.slice(eq + 1)
      const value = flag === "-F" ? yield* typedValue(flag, text) : text
      const problem = place(out, yield* keyPath(flag, key), value, flag, key)
      if (problem !== undefined) return yield* problem
    }
    return out
  })

/** Fields as a query string: flat values and arrays of them only. */
const asQuery = (fields: Record<string, unknown>) =>
  Effect.gen(function* () {
    const query: Record<string, QueryValue> = {}
    for (const [key, value] of Object.entries(fields)) {
      const flat = (v: unknown) => v === null || ["string", "number", "boolean"].includes(typeof v)
      if (flat(value)) query[key] = value as QueryValue
      else if (Array.isArray(value) && value.every((v) => v !== null && flat(v)))
        query[key] = value as ReadonlyArray<string>
      else
        return yield* usage(
          `Field "${key}" is an object: a query string holds plain values. Send it as a body with -X POST (or PATCH).`
        )
    }
    return query
  })

/** `Name: value` → [name, value]; the key's own header is hogkit's to send. */
const parseHeader = (raw: string) =>
  Effect.suspend(() => {
    const colon = raw.indexOf(":")
    const name = colon > 0 ? raw.slice(0, colon).trim() : ""
    const value = colon > 0 ? raw.slice(colon + 1).trim() : ""
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\u0000]/.test(value))
      return Effect.fail(
        usage(`-H "${printable(raw)}": a header is "Name: value", e.g. -H 'Accept: application/json'.`)
      )
    if (name.toLowerCase() === "authorization")
      return Effect.fail(
        usage("-H Authorization: hogkit sends your key itself (hogkit auth login, or --api-key).")
      )
    return Effect.succeed([name, value] as const)
  })

/** The status line and headers `-i` prints, from the response as it arrived. */
const statusAndHeaders = (response: Response) => {
  const lines = [`HTTP/1.1 ${response.status} ${response.statusText}`.trimEnd()]
  response.headers.forEach((value, name) => {
    lines.push(`${name.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase())}: ${value}`)
  })
  return `${lines.join("\n")}\n\n`
}

export const command = Command.make(
  "api",
  {
    args: Argument.String("PATH").pipe(
      Argument.withDescription(
        "Path under the project (dashboards/) or absolute (/api/users/@me/); `METHOD PATH` also works"
      ),
      Argument.between(1, 2)
    ),
    method: Flag.String("method").pipe(
      Flag.withAlias("X"),
      Flag.withDescription(
        "HTTP method: GET (default; POST when fields or --input are given), POST, PATCH, PUT, DELETE"
      ),
      Flag.optional
    ),
    rawField: Flag.String("raw-field").pipe(
      Flag.withAlias("f"),
      Flag.withDescription("A string field key=value (repeat; query string on GET, JSON body otherwise)"),
      Flag.atLeast(0)
    ),
    field: Flag.String("field").pipe(
      Flag.withAlias("F"),
      Flag.withDescription(
        "A typed field key=value: true/false/null/numbers as JSON, @file for a file's text"
      ),
      Flag.atLeast(0)
    ),
    header: Flag.String("header").pipe(
      Flag.withAlias("H"),
      Flag.withDescription("An extra request header 'Name: value' (repeat)"),
      Flag.atLeast(0)
    ),
    include: Flag.Boolean("include").pipe(
      Flag.withAlias("i"),
      Flag.withDescription("Print the HTTP status line and response headers before the body"),
      Flag.withDefault(false)
    ),
    input: Flag.String("input").pipe(
      Flag.withDescription("Send this file as the request body (- for stdin)"),
      Flag.optional
    ),
    data: Flag.String("data").pipe(
      Flag.withDescription("Request body as JSON text, or @file (@- for stdin)"),
      Flag.optional
    ),
    paginate: Flag.Boolean("paginate").pipe(
      Flag.withDescription(
        "Follow `next` (offset and cursor lists alike) and print every item of every page"
      ),
      Flag.withDefault(false)
    ),
    silent: Flag.Boolean("silent").pipe(
      Flag.withDescription("Do not print the response body"),
      Flag.withDefault(false)
    )
  },
  (input) =>
    Effect.gen(function* () {
      const [first, second] = input.args
      const pathArg = second ?? first ?? ""
      const methodText = second !== undefined ? first : Option.getOrUndefined(input.method)
      if (second !== undefined && Option.isSome(input.method))
        return yield* usage("Give the method once: either -X METHOD or `hogkit api METHOD PATH`.")
      const path = pathArg.trim()
      if (path === "" || /[\u0000-\u0020\u007f]/.test(path)) {
        return yield* usage(
          `"${printable(pathArg)}" is not a valid API path: use e.g. dashboards/ or /api/users/@me/.`
        )
      }
      if (/^https?:\/\//i.test(path)) {
        return yield* usage("Give PATH without the host (e.g. dashboards/); the host comes from --host.")
      }
      if (Option.isSome(input.input) && Option.isSome(input.data))
        return yield* usage("Use either --input FILE or --data, not both.")
      const fields = yield* buildFields(input.rawField, input.field)
      const hasFields = Object.keys(fields).length > 0
      const hasBody = Option.isSome(input.input) || Option.isSome(input.data)
      // gh's default: GET, or POST once fields or a body are given; --paginate can only mean GET.
      const method = (methodText?.toUpperCase() ??
        (!input.paginate && (hasFields || hasBody) ? "POST" : "GET")) as HttpMethod
      if (!(methods as ReadonlyArray<string>).includes(method)) {
        return yield* usage(
          `"${printable(methodText ?? "")}" is not an HTTP method hogkit sends: use ${methods.join(", ")}.`
        )
      }
      let body: unknown
      if (Option.isSome(input.input)) {
        const file = input.input.value
        const text = file === "-" ? yield* readStdin("--input") : yield* readFileArg("--input", file)
        body = yield* parseJson("--input", text, file === "-" ? "stdin" : file)
      } else if (Option.isSome(input.data)) {
        const raw = input.data.value
        if (raw.startsWith("@")) {
          const file = raw.slice(1)
          const text = file === "-" ? yield* readStdin("--data") : yield* readFileArg("--data", file)
          body = yield* parseJson("--data", text, file === "-" ? "stdin" : file)
        } else {
          body = yield* parseJson("--data", raw)
        }
      }
      // gh's rule: fields are the query string on GET and beside an --input body, the JSON body otherwise.
      const fieldsInQuery = method === "GET" || hasBody
      const query = hasFields && fieldsInQuery ? yield* asQuery(fields) : undefined
      if (hasFields && !fieldsInQuery) body = fields
      if (body !== undefined && method === "GET")
        return yield* usage("GET requests have no body: drop --input/--data or use -X POST (or PATCH).")
      if (input.paginate && method !== "GET") return yield* usage("--paginate only works with GET.")
      const headers = yield* Effect.forEach(input.header, parseHeader)
      const printer = yield* makePrinter
      // -H and -i work at the transport: the extra headers go on every request of the call (each page, each
      // retry), and -i prints each answer's status and headers as it arrives.
      const transport =
        headers.length > 0 || input.include
          ? (inner: typeof globalThis.fetch): typeof globalThis.fetch =>
              async (url, init) => {
                const sent = new Headers(init?.headers)
                for (const [name, value] of headers) sent.set(name, value)
                const response = await inner(url, { ...init, headers: sent })
                if (input.include) printer.settings.write(statusAndHeaders(response))
                return response
              }
          : undefined
      yield* withPostHog(
        ({ core }) =>
          Effect.gen(function* () {
            const client = yield* core.PostHogClient
            const request = {
              operation: "api",
              method,
              path,
              ...(query === undefined ? {} : { query }),
              ...(body === undefined ? {} : { body })
            }
            if (input.paginate) {
              const items = core.paginate(request).pipe(Stream.provideService(core.PostHogClient, client))
              if (input.silent) return yield* Stream.runDrain(items)
              // Without a resource there are no columns to pick: a table or tsv becomes one JSON line per item.
              const out = printer.isJson ? printer : printer.withFormat("jsonl")
              yield* out.list(items, rawView, { progress: true })
              return
            }
            const result = yield* client.request(request)
            if (result === undefined || input.silent) return
            const picked = printer.settings.fields
            printer.json(
              picked
                ? Array.isArray(result)
                  ? result.map((r) => pickFields(r, picked))
                  : pickFields(result, picked)
                : result
            )
          }),
        transport === undefined ? {} : { transport }
      )
    })
).pipe(
  Command.withShortDescription("Call any PostHog API endpoint with hogkit's key, retries and errors"),
  Command.withDescription(
    "Call any PostHog API endpoint with hogkit's key, retries and errors, as gh api does: GET unless fields " +
      "or --input say POST; -f/-F fields (query string on GET), -H headers, -i status and headers, " +
      "--paginate for every page, --jq to filter, --silent for no body."
  )
)
