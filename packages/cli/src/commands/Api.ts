/**
 * `hogkit api METHOD PATH [--data JSON|@file] [--paginate]`: any PostHog endpoint through core's
 * PostHogClient, so it gets the same key, retries, timeouts and error messages as every other command.
 * PATH is relative to the project (`dashboards/`) or absolute (`/api/users/@me/`).
 */

import type { HttpMethod } from "@hogkit/core"
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { usage } from "../internal/Failure.js"
import { parseJson, printable, readFileArg } from "../internal/Input.js"
import { pickFields } from "../internal/Output.js"
import { makePrinter, withPostHog } from "../internal/Run.js"

const methods = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const

const rawView = { columns: [], detail: [] }

export const command = Command.make(
  "api",
  {
    method: Argument.String("METHOD").pipe(Argument.withDescription("GET, POST, PATCH, PUT or DELETE")),
    path: Argument.String("PATH").pipe(
      Argument.withDescription("Path under the project (dashboards/) or absolute (/api/users/@me/)")
    ),
    data: Flag.String("data").pipe(
      Flag.withDescription("Request body: JSON text, or @file to read it from a file (@- for stdin)"),
      Flag.optional
    ),
    paginate: Flag.Boolean("paginate").pipe(
      Flag.withDescription("Follow `next` and print every item of every page"),
      Flag.withDefault(false)
    )
  },
  (input) =>
    Effect.gen(function* () {
      const method = input.method.toUpperCase() as HttpMethod
      if (!(methods as ReadonlyArray<string>).includes(method)) {
        return yield* usage(
          `"${printable(input.method)}" is not an HTTP method hogkit sends: use ${methods.join(", ")}.`
        )
      }
      const path = input.path.trim()
      if (path === "" || /[\u0000-\u0020\u007f]/.test(path)) {
        return yield* usage(
          `"${printable(input.path)}" is not a valid API path: use e.g. dashboards/ or /api/users/@me/.`
        )
      }
      if (/^https?:\/\//i.test(path)) {
        return yield* usage("Give PATH without the host (e.g. dashboards/); the host comes from --host.")
      }
      let body: unknown
      if (Option.isSome(input.data)) {
        const raw = input.data.value
        if (raw.startsWith("@")) {
          const file = raw.slice(1)
          const text = file === "-" ? yield* readStdin : yield* readFileArg("--data", file)
          body = yield* parseJson("--data", text, file === "-" ? "stdin" : file)
        } else {
          body = yield* parseJson("--data", raw)
        }
        if (method === "GET") return yield* usage("GET requests have no body: drop --data or use POST/PATCH.")
      }
      if (input.paginate && method !== "GET") return yield* usage("--paginate only works with GET.")
      const printer = yield* makePrinter
      yield* withPostHog(({ core }) =>
        Effect.gen(function* () {
          const client = yield* core.PostHogClient
          const request = { operation: "api", method, path, ...(body === undefined ? {} : { body }) }
          if (input.paginate) {
            // Without a resource there are no columns to pick: a table or tsv becomes one JSON line per item.
            const out = printer.isJson ? printer : printer.withFormat("jsonl")
            yield* out.list(
              core.paginate(request).pipe(Stream.provideService(core.PostHogClient, client)),
              rawView,
              { progress: true }
            )
            return
          }
          const result = yield* client.request(request)
          if (result === undefined) return
          const fields = printer.settings.fields
          printer.json(
            fields
              ? Array.isArray(result)
                ? result.map((r) => pickFields(r, fields))
                : pickFields(result, fields)
              : result
          )
        })
      )
    })
).pipe(Command.withDescription("Call any PostHog API endpoint with hogkit's key, retries and errors"))

const readStdin = Effect.tryPromise({
  try: async () => {
    const chunks: Array<Buffer> = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString("utf8")
  },
  catch: () => usage("--data @-: could not read stdin.")
})
