/**
 * Runs the command tree for `process.argv` and turns the outcome into output and an exit code:
 * 0 success · 1 API or runtime failure · 2 usage or invalid input · 3 not found · 4 authentication or
 * permission. Usage errors are one line plus where to find help; no failure ever prints a stack trace.
 */

import * as NodeServices from "@effect/platform-node/NodeServices"
import * as Cause from "effect/Cause"
import * as CliConfig from "effect/cli/CliConfig"
import * as CliError from "effect/cli/CliError"
import * as CliOutput from "effect/cli/CliOutput"
import * as Command from "effect/cli/Command"
import * as GlobalFlag from "effect/cli/GlobalFlag"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import { hogkit } from "./Cli.js"
import { colorWanted } from "./internal/Color.js"
import { explain } from "./internal/Explain.js"
import { lastContext } from "./internal/Run.js"
import { commandSuggestions, flagSuggestions } from "./internal/Suggest.js"
import { VERSION } from "./internal/Version.js"

const colors = () => colorWanted(process.stdout)

const didYouMean = (suggestions: ReadonlyArray<string>) =>
  suggestions.length > 0 ? ` (did you mean ${suggestions.join(" or ")}?)` : ""

/** effect/cli's messages, made into sentences that say what to do. */
const describeCliError = (error: CliError.NonShowHelpErrors): string => {
  switch (error._tag) {
    case "UnrecognizedOption":
      return `Unknown flag ${error.option}${didYouMean(flagSuggestions(error.option, error.suggestions))}.`
    case "UnknownSubcommand":
      return `Unknown command "${error.subcommand}"${didYouMean(commandSuggestions(hogkit, error.parent ?? ["hogkit"], error.subcommand, error.suggestions))}.`
    case "MissingArgument":
      return `Missing argument ${error.argument}.`
    case "MissingOption":
      return `Missing required flag --${error.option.replace(/^-+/, "")}.`
    case "InvalidValue":
      return `Invalid value "${error.value}" for ${error.kind === "flag" ? `--${error.option.replace(/^-+/, "")}` : error.option}: expected ${error.expected.replace(/^(expected )?a string representing (a finite )?/i, "a ")}.`
    case "UnexpectedArgument":
      return `Unexpected argument${error.arguments.length > 1 ? "s" : ""} ${error.arguments.map((a) => `"${a}"`).join(" ")}.`
    default:
      return error.message.replace(/\.?$/, ".")
  }
}

/**
 * `--order -created_at` lexes as an empty --order followed by the short flags -c -r -e …: say the one
 * thing that helps instead of a dozen unknown flags.
 */
const collapseDashValue = (
  errors: ReadonlyArray<CliError.NonShowHelpErrors>
): ReadonlyArray<CliError.NonShowHelpErrors> => {
  const first = errors[0]
  const rest = errors.slice(1)
  if (
    first?._tag === "InvalidValue" &&
    first.value === "" &&
    rest.length > 0 &&
    rest.every((e) => e._tag === "UnrecognizedOption" && /^-[^-]$/.test(e.option))
  ) {
    const flag = `--${first.option.replace(/^-+/, "")}`
    return [
      new CliError.ValidationError({
        message: `${flag} needs its value attached with "=" when the value starts with "-", e.g. ${flag}=-${first.expected.split(" | ")[0]?.replace(/^-/, "") ?? "value"}`
      })
    ]
  }
  return errors
}

const presenter: CliOutput.Presenter = {
  present: (event) =>
    Effect.sync(() => {
      const formatter = CliOutput.defaultFormatter({ colors: colors(), globalFlags: "full" })
      switch (event._tag) {
        case "Help":
          process.stdout.write(formatter.formatHelpDoc(event.helpDoc) + "\n")
          return
        case "Version":
          process.stdout.write(`hogkit ${event.version}\n`)
          return
        case "InvalidInvocation": {
          const lines = [...new Set(collapseDashValue(event.errors).map(describeCliError))]
          process.stderr.write(
            `${lines.join("\n")}\nRun \`${event.commandPath.join(" ")} --help\` for usage.\n`
          )
          return
        }
      }
    })
}

const runtime = Layer.mergeAll(
  NodeServices.layer,
  CliConfig.layer({ builtIns: [GlobalFlag.Help, GlobalFlag.Version] }),
  CliOutput.layerPresenter(presenter)
)

const isShowHelp = (u: unknown): u is CliError.ShowHelp =>
  typeof u === "object" && u !== null && (u as { _tag?: unknown })._tag === "ShowHelp"

export const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  const program = Command.runWith(hogkit, { version: VERSION })(argv).pipe(Effect.provide(runtime))
  const exit = await Effect.runPromiseExit(program as Effect.Effect<void, unknown>)
  if (Exit.isSuccess(exit)) return 0
  const cause = exit.cause
  const failure = Cause.findErrorOption(cause)
  if (failure._tag === "Some") {
    const error = failure.value
    if (isShowHelp(error)) return error.errors.length > 0 ? 2 : 0
    const explained = await explain(error, lastContext)
    process.stderr.write(explained.text + "\n")
    return explained.exitCode
  }
  if (Cause.hasInterruptsOnly(cause)) return 130
  const defect = Cause.squash(cause)
  process.stderr.write((await explain(defect, lastContext)).text + "\n")
  return 1
}
