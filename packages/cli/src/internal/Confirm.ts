/**
 * Asking before destroying. Whether a command destroys something, and what, is the catalogue's word
 * (`kind`, `destroysAlways`, `destroys(input)`); this module only asks the person at the terminal, or,
 * when nobody is there to ask, refuses unless `--yes` says the caller already decided.
 */
import * as readline from "node:readline"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import { CliFailure, usage } from "./Failure.js"
import {
  type CommandPath,
  commandLine,
  type commandsOf,
  type OperationName,
  operation
} from "./Operations.js"

/** `--yes` / `-y` on every command that may destroy something. */
export const yes = Flag.Boolean("yes").pipe(
  Flag.withAlias("y"),
  Flag.withDescription("Do it without asking (required when stdin is not a terminal)"),
  Flag.withDefault(false)
)

/** What this call of the operation would destroy, in the catalogue's words, or `undefined`. */
export const loss = (name: OperationName, input: Readonly<Record<string, unknown>> = {}) => {
  const op = operation(name)
  if (op.kind !== "destructive") return undefined
  return op.destroysAlways ?? op.destroys?.(input)
}

const ask = (question: string) =>
  Effect.callback<string>((resume) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true })
    let answered = false
    rl.question(question, (answer) => {
      answered = true
      rl.close()
      resume(Effect.succeed(answer))
    })
    // Ctrl-D (end of input) is a no.
    rl.on("close", () => {
      if (!answered) {
        process.stderr.write("\n")
        resume(Effect.succeed(""))
      }
    })
    return Effect.sync(() => rl.close())
  })

export interface ConfirmOptions {
  /** `--yes` was given. */
  readonly yes: boolean
  /** The command as typed, e.g. `comments delete`: named in the refusal. */
  readonly command: (typeof commandsOf)[OperationName][number]
  /** What is acted on, for the question: `dashboard 12`. */
  readonly target: string
  /** The operation's input, for operations whose destructiveness depends on it. */
  readonly input?: Readonly<Record<string, unknown>>
}

/**
 * Succeeds when the call destroys nothing, `--yes` was given, or the person at the terminal said yes.
 * Without a terminal and without `--yes` it fails with exit 2 before anything is changed.
 */
export const confirm = (name: OperationName, options: ConfirmOptions) =>
  Effect.suspend(() => {
    const lost = loss(name, options.input)
    if (lost === undefined || options.yes) return Effect.void
    const op = operation(name)
    const what = `This will ${op.summary} (${options.target}): it ${lost}.`
    if (process.stdin.isTTY !== true || process.stderr.isTTY !== true) {
      return Effect.fail(
        usage(
          `Nothing was changed. ${what} Add --yes to \`${commandLine(options.command)}\` to confirm: stdin is not a terminal, so hogkit cannot ask.`
        )
      )
    }
    return Effect.flatMap(ask(`${what} Continue? [y/N] `), (answer) =>
      /^(y|yes)$/i.test(answer.trim())
        ? Effect.void
        : Effect.fail(new CliFailure("Cancelled: nothing was changed.", 1))
    )
  })

/**
 * Asks before a change that is not one catalogue operation (`hogkit apply`): `what` says what would
 * happen. Like `confirm`, it refuses without a terminal unless `--yes` was given.
 */
export const confirmChange = (
  what: string,
  options: { readonly yes: boolean; readonly command: CommandPath; readonly args: ReadonlyArray<string> }
) =>
  Effect.suspend(() => {
    if (options.yes) return Effect.void
    if (process.stdin.isTTY !== true || process.stderr.isTTY !== true)
      return Effect.fail(
        usage(
          `Nothing was changed. ${what} Add --yes to \`${commandLine(options.command, ...options.args)}\` to confirm: stdin is not a terminal, so hogkit cannot ask.`
        )
      )
    return Effect.flatMap(ask(`${what} Continue? [y/N] `), (answer) =>
      /^(y|yes)$/i.test(answer.trim())
        ? Effect.void
        : Effect.fail(new CliFailure("Cancelled: nothing was changed.", 1))
    )
  })
