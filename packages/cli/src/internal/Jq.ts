/**
 * `--jq EXPR`: jq itself (jq-wasm: jq's C sources compiled to WebAssembly, shipped inside its npm package,
 * no install script, no download), so every jq program behaves as it does in a terminal. The package is
 * a runtime dependency kept out of the bundle and loaded only when --jq is given: `--help`, `--version`
 * and every command without --jq never read its 1.3 MB.
 */
import * as Effect from "effect/Effect"
import { CliFailure, usage } from "./Failure.js"
import { importExternal } from "./ImportExternal.js"
import type { JqFilter } from "./Output.js"

type JqModule = {
  readonly raw: (data: string | object, filter: string, flags?: Array<string>) => Promise<string>
}

const loadJq = Effect.tryPromise({
  try: () => importExternal<JqModule>("jq-wasm"),
  catch: () => new CliFailure("--jq needs the jq-wasm package: reinstall @hogkit/cli.", 1)
})

/** jq's message without its "jq: error" preamble, on one line per problem. */
const jqMessage = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error))
    .replace(/^Failed to execute raw query: /, "")
    .split("\n")
    .map((line) => line.replace(/^jq: (error(?: \(at [^)]*\))?: )?/, "").trim())
    .filter((line) => line !== "" && !/^\d+ compile errors?$/.test(line))
    .join("\n  ")

/**
 * Compiles `expression` once up front (nothing is sent to PostHog when it does not compile) and returns
 * the filter. Strings print raw, as with `jq -r` and `gh --jq`; other values as JSON, indented when
 * `pretty`.
 */
export const compileJq = (expression: string, pretty: boolean) =>
  Effect.gen(function* () {
    if (expression.trim() === "") return yield* usage("--jq needs an expression, e.g. --jq '.[].name'.")
    const jq = yield* loadJq
    // jq compiles the whole program but never runs the branch: only syntax and unknown names fail here.
    const compiles = yield* Effect.promise(() =>
      jq.raw("null", `if false then (${expression}\n) else empty end`, ["-n"]).then(
        () => true,
        () => false
      )
    )
    if (!compiles) {
      // The expression alone, for jq's message about it (it does not compile, so nothing runs).
      const message = yield* Effect.promise(() =>
        jq.raw("null", expression, ["-n"]).then(
          () => "jq could not compile it",
          (error: unknown) => jqMessage(error)
        )
      )
      return yield* usage(`--jq: ${message}`)
    }
    const flags = pretty ? ["-r"] : ["-r", "-c"]
    const filter: JqFilter = (input) =>
      jq.raw(JSON.stringify(input), expression, flags).catch((error: unknown) => {
        throw usage(`--jq: ${jqMessage(error)}`)
      })
    return filter
  })
