/**
 * Required flags that are asked for on a terminal. When a person runs `hogkit dashboards create` without
 * `--name`, a question beats an error; a script (stdin or stdout not a terminal) still gets the usage error
 * and exit 2, since nobody could answer. effect/cli's own `Prompt` does the asking, so no other prompt
 * library loads, and only when a flag is actually missing.
 */
import * as Flag from "effect/cli/Flag"
import * as Prompt from "effect/cli/Prompt"
import * as Effect from "effect/Effect"

/** `flag`, asked for as `question` on a terminal when it was not given; an empty answer is asked again. */
export const askedWhenMissing = (flag: Flag.Flag<string>, question: string): Flag.Flag<string> =>
  flag.pipe(
    Flag.withFallbackPrompt(
      Prompt.String({
        message: question,
        validate: (value) =>
          value.trim() === "" ? Effect.fail("Type a value, or press Ctrl-C to stop.") : Effect.succeed(value)
      })
    )
  )
