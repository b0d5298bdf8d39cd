/**
 * The whole `hogkit` command tree, in one place: global flags, then one module per resource.
 */
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Completions from "effect/cli/Completions"
import * as Effect from "effect/Effect"
import * as Api from "./commands/Api.js"
import * as Auth from "./commands/Auth.js"
import * as Comments from "./commands/Comments.js"
import * as Dashboards from "./commands/Dashboards.js"
import * as Emulator from "./commands/Emulator.js"
import * as Sharing from "./commands/Sharing.js"
import * as Templates from "./commands/Templates.js"
import * as GlobalFlags from "./internal/GlobalFlags.js"

const completion = Command.make(
  "completion",
  {
    shell: Argument.Literals("SHELL", ["bash", "zsh", "fish"]).pipe(
      Argument.withDescription("bash, zsh or fish")
    )
  },
  (input) =>
    Effect.sync(() => {
      process.stdout.write(
        Completions.generate("hogkit", input.shell, Completions.fromCommand(hogkit)) + "\n"
      )
    })
).pipe(
  Command.withDescription(
    "Print a shell completion script (e.g. hogkit completion bash > /etc/bash_completion.d/hogkit)"
  )
)

export const hogkit = Command.make("hogkit").pipe(
  Command.withDescription(
    "PostHog comments, dashboards, dashboard templates and sharing from a terminal and from scripts. " +
      "Add --emulator to try it against a local emulator."
  ),
  Command.withGlobalFlags(GlobalFlags.all),
  Command.withSubcommands([
    Dashboards.command,
    Templates.command,
    Comments.command,
    Sharing.command,
    Api.command,
    Auth.command,
    Emulator.command,
    completion
  ])
)
