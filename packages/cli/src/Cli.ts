/**
 * The whole `hogkit` command tree, in one place: global flags, then one module per resource.
 */
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Completions from "effect/cli/Completions"
import * as Effect from "effect/Effect"
import * as Api from "./commands/Api.js"
import * as AsCode from "./commands/AsCode.js"
import * as Auth from "./commands/Auth.js"
import * as Comments from "./commands/Comments.js"
import * as Dashboards from "./commands/Dashboards.js"
import * as Emulator from "./commands/Emulator.js"
import * as Sharing from "./commands/Sharing.js"
import * as Templates from "./commands/Templates.js"
import * as GlobalFlags from "./internal/GlobalFlags.js"

/** effect/cli describes each command's own flags; the global ones are accepted everywhere, so add them. */
const globalFlagDescriptors: ReadonlyArray<Completions.FlagDescriptor> = [
  { name: "host", aliases: [], description: "PostHog host: us, eu or a URL", type: { _tag: "String" } },
  { name: "project", aliases: [], description: "Project id or @current", type: { _tag: "String" } },
  { name: "profile", aliases: [], description: "Stored profile", type: { _tag: "String" } },
  { name: "api-key", aliases: [], description: "Personal API key", type: { _tag: "String" } },
  { name: "emulator", aliases: [], description: "Use the embedded emulator", type: { _tag: "Boolean" } },
  {
    name: "format",
    aliases: [],
    description: "Output format",
    type: { _tag: "Choice", values: ["table", "tsv", "json", "jsonl"] }
  },
  { name: "fields", aliases: [], description: "Columns or JSON keys", type: { _tag: "String" } },
  { name: "debug", aliases: [], description: "Print requests to stderr", type: { _tag: "Boolean" } },
  { name: "help", aliases: ["h"], description: "Show help", type: { _tag: "Boolean" } }
]

const withGlobalFlags = (d: Completions.CommandDescriptor): Completions.CommandDescriptor => ({
  ...d,
  flags: [...d.flags, ...globalFlagDescriptors.filter((g) => !d.flags.some((f) => f.name === g.name))],
  subcommands: d.subcommands.map(withGlobalFlags)
})

const completion = Command.make(
  "completion",
  {
    shell: Argument.Literals("SHELL", ["bash", "zsh", "fish"]).pipe(
      Argument.withDescription("bash, zsh or fish")
    )
  },
  (input) =>
    Effect.sync(() => {
      const script = Completions.generate(
        "hogkit",
        input.shell,
        withGlobalFlags(Completions.fromCommand(hogkit))
      )
      // The generator's installation comment names a `--completions` flag; hogkit's command is `completion`.
      process.stdout.write(`${script.replaceAll("hogkit --completions ", "hogkit completion ")}\n`)
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
    ...AsCode.commands,
    Api.command,
    Auth.command,
    Emulator.command,
    completion
  ])
)
