/**
 * `--template T`: each object printed through a mustache template (mustache.js, logic-less, no code runs).
 *
 * - `{{name}}` a field, `{{created_by.email}}` a nested one; a missing field prints nothing.
 * - `{{#tags}}{{.}} {{/tags}}` repeats for each item of a list (or shows when a field is truthy);
 *   `{{^pinned}}not pinned{{/pinned}}` shows when it is false, empty or missing.
 * - Nothing is HTML-escaped (this is a terminal); `\t` and `\n` in the template are a tab and a newline.
 * - A list prints the template once per item; each output ends with a newline.
 */
import * as Effect from "effect/Effect"
import { usage } from "./Failure.js"

/** The text as typed on a command line: `\t` and `\n` as a tab and a newline, `\\` as a backslash. */
const commandLineEscapes = (text: string) =>
  text.replace(/\\([tn\\])/g, (_, c: string) => (c === "t" ? "\t" : c === "n" ? "\n" : "\\"))

export const compileTemplate = (raw: string) =>
  Effect.gen(function* () {
    if (raw === "") return yield* usage("--template needs a template, e.g. --template '{{id}}\\t{{name}}'.")
    const { default: Mustache } = yield* Effect.promise(() => import("mustache"))
    const template = commandLineEscapes(raw)
    // Parsed once up front, so an unclosed section is a usage error before anything is sent.
    yield* Effect.try({
      try: () => Mustache.parse(template),
      catch: (error) =>
        usage(`--template: ${error instanceof Error ? error.message : String(error)}. See \`hogkit --help\`.`)
    })
    const render = new Mustache.Writer()
    // A terminal is not HTML: values print as they are (the table's control-character escaping still
    // applies to what reaches a terminal through the other formats).
    const options = { escape: (value: unknown) => String(value) }
    return (input: unknown): string => render.render(template, input, undefined, options)
  })
