/**
 * The whole `hogkit` command tree, in one place: global flags, then one module per resource.
 */
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import type * as GlobalFlag from "effect/cli/GlobalFlag"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Api from "./commands/Api.js"
import * as AsCode from "./commands/AsCode.js"
import * as Auth from "./commands/Auth.js"
import * as Comments from "./commands/Comments.js"
import * as Dashboards from "./commands/Dashboards.js"
import * as Emulator from "./commands/Emulator.js"
import * as Sharing from "./commands/Sharing.js"
import * as Templates from "./commands/Templates.js"
import {
  completionLine,
  descriptorOf,
  idWanted,
  installLines,
  script,
  shells
} from "./internal/Completion.js"
import * as GlobalFlags from "./internal/GlobalFlags.js"
import type * as Run from "./internal/Run.js"
import { withPostHog } from "./internal/Run.js"

const globals = GlobalFlags.all as unknown as ReadonlyArray<GlobalFlag.Setting<string, unknown>>

const completion = Command.make(
  "completion",
  {
    shell: Argument.Literals("SHELL", shells).pipe(Argument.withDescription("bash, zsh, fish or powershell"))
  },
  (input) =>
    Effect.sync(() => {
      process.stdout.write(`${script(input.shell, descriptorOf(hogkit, globals))}\n`)
    })
).pipe(
  Command.withShortDescription("Print a shell completion script (bash, zsh, fish, powershell)"),
  Command.withDescription(
    "Print a shell completion script. Commands, flags and their values complete; so do dashboard and template ids (bash, zsh, fish), fetched with your current settings. Install it with the EXAMPLES below."
  ),
  Command.withExamples(
    shells.map((shell) => ({
      command: installLines[shell].command,
      description: `Install for ${shell === "powershell" ? "PowerShell" : shell}${installLines[shell].afterwards ? `, ${installLines[shell].afterwards}` : ""}`
    }))
  )
)

/** The words after `--host`, `--profile`, … in a command line being completed: the settings to list ids with. */
const typedSetting = (words: ReadonlyArray<string>, name: string): Option.Option<string> => {
  for (let i = words.length - 2; i >= 0; i--) {
    const word = words[i] ?? ""
    if (word.startsWith(`--${name}=`)) return Option.some(word.slice(name.length + 3))
    if (word === `--${name}` && i + 1 < words.length - 1) return Option.some(words[i + 1] ?? "")
  }
  return Option.none()
}

/**
 * `hogkit __complete --shell S -- WORDS…`: what the completion scripts ask when the word being typed is a
 * dashboard or template id. Prints matching ids (with names where the shell shows them); prints nothing,
 * quickly, on any failure: a tab press must never hang or print an error.
 */
const complete = Command.make(
  "__complete",
  {
    shell: Flag.Literals("shell", shells).pipe(Flag.withDefault("bash" as const)),
    words: Argument.String("WORDS").pipe(Argument.variadic())
  },
  (input) =>
    Effect.gen(function* () {
      const kind = idWanted(descriptorOf(hogkit, globals), input.words)
      if (kind === undefined) return
      const current = input.words[input.words.length - 1] ?? ""
      type Listed = ReadonlyArray<readonly [string, string]>
      const ids: Listed = yield* withPostHog(
        ({ core }): Effect.Effect<Listed, unknown, Run.Services> =>
          kind === "dashboards"
            ? Effect.flatMap(core.Dashboards, (d) => Stream.runCollect(d.take(200, {}))).pipe(
                Effect.map((all) => all.map((x) => [String(x.id), x.name ?? ""] as const))
              )
            : Effect.flatMap(core.DashboardTemplates, (t) => Stream.runCollect(t.take(200, {}))).pipe(
                Effect.map((all) => all.map((x) => [String(x.id), x.template_name ?? ""] as const))
              )
      ).pipe(
        Effect.provideService(GlobalFlags.Host, typedSetting(input.words, "host")),
        Effect.provideService(GlobalFlags.Project, typedSetting(input.words, "project")),
        Effect.provideService(GlobalFlags.Profile, typedSetting(input.words, "profile")),
        Effect.provideService(GlobalFlags.Emulator, input.words.includes("--emulator")),
        Effect.timeout("2 seconds"),
        Effect.orElseSucceed((): Listed => [])
      )
      const lines = ids
        .filter(([id]) => id.startsWith(current))
        .map(([id, title]) => completionLine(input.shell, id, title))
      if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`)
    })
).pipe(Command.unlisted)

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
    Api.command.pipe(
      Command.withExamples([
        { command: "hogkit api dashboards/", description: "GET a path under the project" },
        { command: "hogkit api /api/users/@me/ --jq .email", description: "An absolute path, filtered" },
        {
          command: 'hogkit api dashboards/ -f "name=From the API" -F pinned=true',
          description: "POST typed fields"
        },
        {
          command: "hogkit api insights/ --paginate --format jsonl",
          description: "Every page, one item a line"
        }
      ])
    ),
    Auth.command,
    Emulator.command,
    completion,
    complete
  ])
)
