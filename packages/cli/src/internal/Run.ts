/**
 * What every command handler needs: a printer for the chosen format, and core's services wired to the
 * PostHog (or embedded emulator) this invocation resolved to.
 */

import type { Account, Comments, Dashboards, DashboardTemplates, PostHogClient, Sharing } from "@hogkit/core"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { type Connection, missingKey, resolve } from "./Connection.js"
import { startEmbeddedEmulator } from "./EmbeddedEmulator.js"
import { CliFailure, usage } from "./Failure.js"
import { checkFields } from "./Fields.js"
import * as GlobalFlags from "./GlobalFlags.js"
import { compileJq } from "./Jq.js"
import { type Format, Printer, type View } from "./Output.js"
import { compileTemplate } from "./Template.js"
import { VERSION } from "./Version.js"
import { showWait } from "./Waiting.js"

/** What the last resolved connection was, so an error message can name the host. */
export const lastContext: { host?: string; hostSource?: string; apiKey?: string } = {}

const color = () => process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== "dumb"

/** Printers made for this command: their --jq output is waited for before the command ends. */
const printers: Array<Printer> = []

/** Waits for every --jq output; jq's failure on this data becomes the command's (exit 2). */
export const flushOutput = Effect.suspend(() =>
  Effect.tryPromise({
    try: () => Promise.all(printers.map((p) => p.flush())),
    catch: (error) => (error instanceof CliFailure ? error : usage(`--jq: ${String(error)}`))
  })
).pipe(Effect.asVoid)

export const makePrinter = Effect.gen(function* () {
  const format = yield* GlobalFlags.Format
  const fields = yield* GlobalFlags.Fields
  const jqFlag = yield* GlobalFlags.Jq
  const templateFlag = yield* GlobalFlags.Template
  if (Option.isSome(jqFlag) && Option.isSome(templateFlag))
    return yield* usage("Use either --jq or --template, not both.")
  const filtering = Option.isSome(jqFlag) ? "--jq" : Option.isSome(templateFlag) ? "--template" : undefined
  if (filtering !== undefined && Option.isSome(format) && format.value !== "json" && format.value !== "jsonl")
    return yield* usage(`${filtering} reads the JSON output: drop --format ${format.value}.`)
  const chosen: Format = Option.getOrElse(format, () =>
    filtering !== undefined ? "json" : process.stdout.isTTY ? "table" : "tsv"
  )
  const picked = Option.map(fields, (f) =>
    f
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "")
  )
  if (Option.isSome(picked) && picked.value.length === 0) {
    return yield* usage("--fields needs at least one field name, e.g. --fields id,name.")
  }
  const jq = Option.isSome(jqFlag) ? yield* compileJq(jqFlag.value, process.stdout.isTTY === true) : undefined
  const template = Option.isSome(templateFlag) ? yield* compileTemplate(templateFlag.value) : undefined
  const printer = new Printer({
    jq,
    template,
    format: chosen,
    fields: Option.getOrUndefined(picked),
    color: color(),
    stderrIsTTY: process.stderr.isTTY === true,
    columns: process.stdout.columns && process.stdout.columns > 20 ? process.stdout.columns : 120,
    now: () => Date.now(),
    write: (text) => {
      process.stdout.write(text)
    },
    writeErr: (text) => {
      process.stderr.write(text)
    }
  })
  printers.push(printer)
  return printer
})

/** A printer for a resource's view: --fields must name fields of what the view shows (exit 2 if not). */
export const printerFor = (view: View) =>
  Effect.gen(function* () {
    const printer = yield* makePrinter
    const fields = printer.settings.fields
    const problem = fields === undefined ? undefined : checkFields(fields, view)
    if (problem !== undefined) return yield* problem
    return printer
  })

/** A fetch that prints each request and its status to stderr, with every credential redacted. */
const debugFetch = (secret: string): typeof globalThis.fetch => {
  const redact = (text: string) =>
    (secret ? text.split(secret).join("[redacted]") : text).replace(
      /(personal_api_key=)[^&\s]+/g,
      "$1[redacted]"
    )
  const log = (line: string) => process.stderr.write(redact(line) + "\n")
  return async (input, init) => {
    const request = new Request(input, init)
    log(`> ${request.method} ${request.url}`)
    for (const [name, value] of request.headers) {
      log(`> ${name}: ${name === "authorization" ? "Bearer [redacted]" : value}`)
    }
    const started = performance.now()
    try {
      const response = await globalThis.fetch(input, init)
      const id = response.headers.get("x-request-id")
      log(
        `< ${response.status} ${response.statusText} ${request.method} ${request.url} (${Math.round(performance.now() - started)} ms${id ? `, request id ${id}` : ""})`
      )
      return response
    } catch (error) {
      log(
        `< ${request.method} ${request.url} failed: ${error instanceof Error ? error.message : String(error)}`
      )
      throw error
    }
  }
}

export type Services = Account | Comments | DashboardTemplates | Dashboards | Sharing | PostHogClient

/** @hogkit/core, loaded when a command first talks to PostHog: `--help` and usage errors never pay for it. */
export type Core = typeof import("@hogkit/core")
const loadCore = Effect.promise(() => import("@hogkit/core"))

export interface Connected {
  readonly core: Core
  readonly connection: Connection
  /** The API origin requests go to (the emulator's URL with --emulator). */
  readonly host: string
  readonly projectId: number | "@current"
  /** Core's services for another project over the same host and key (`templates copy --to-project`). */
  readonly servicesFor: (projectId: number | "@current") => Layer.Layer<Services>
}

/**
 * Run `body` with core's services for the resolved connection. The shared emulator, when asked for, is
 * found (or started in the background) here and left running for the next command.
 */
export const withPostHog = <A, E, R>(
  body: (connected: Connected) => Effect.Effect<A, E, R>,
  options: {
    /** Wraps the fetch requests go through (`hogkit api -H`/`-i`); --debug's logging stays innermost. */
    readonly transport?: (inner: typeof globalThis.fetch) => typeof globalThis.fetch
  } = {}
): Effect.Effect<A, E | CliFailure, Exclude<Exclude<R, Services>, Scope.Scope> | GlobalFlags.Services> =>
  Effect.scoped(
    Effect.gen(function* () {
      const connection = yield* resolve
      const debug = yield* GlobalFlags.Debug
      let host = connection.host.value
      let projectId = connection.projectId.value
      let apiKey = connection.apiKey?.value
      if (connection.emulator) {
        const emu = yield* startEmbeddedEmulator(process.env)
        host = emu.url
        apiKey = Redacted.make(emu.apiKey)
        if (connection.projectId.source === "default") projectId = emu.projectId
      }
      lastContext.host = host
      lastContext.hostSource = connection.emulator ? "--emulator" : connection.host.source
      if (apiKey === undefined) return yield* missingKey()
      // --debug sends through fetch so every request and answer can be logged (keys redacted).
      const innerFetch = debug ? debugFetch(Redacted.value(apiKey)) : undefined
      const outerFetch =
        options.transport === undefined
          ? innerFetch
          : options.transport(innerFetch ?? ((input, init) => globalThis.fetch(input, init)))
      const debugTransport = outerFetch === undefined ? {} : { fetch: outerFetch }
      const key = apiKey
      const core = yield* loadCore
      const { PostHog } = core
      const servicesFor = (project: number | "@current") =>
        PostHog.layer({
          apiKey: key,
          host,
          projectId: project,
          allowInsecureHttp: connection.allowInsecureHttp.value,
          userAgent: `hogkit-cli/${VERSION}`,
          onRetryWait: showWait({
            tty: process.stderr.isTTY === true,
            debug,
            write: (text) => {
              process.stderr.write(text)
            }
          }),
          ...debugTransport
        })
      const result = yield* body({ core, connection, host, projectId, servicesFor }).pipe(
        Effect.provide(servicesFor(projectId))
      )
      yield* flushOutput
      return result
    })
  )
