/**
 * The CLI's names for core's operations. Core's catalogue says what each PostHog operation means (its
 * wording, kind, what it destroys, what undoes it); which `hogkit` command runs it is the CLI's own
 * vocabulary, kept here and checked against `Catalogue.operations` by test/Catalogue.test.ts. Help texts,
 * hints and confirmations take their words from the catalogue through this module, so a hint can only
 * name a command listed here.
 */
import { Catalogue } from "@hogkit/core"

/**
 * Every catalogue operation and the commands that run it, the first being the one hints name. Typed
 * `satisfies Record<…>` so a command path used in a hint must be one of these (or `otherCommands`).
 */
export const commandsOf = {
  "Comments.list": ["comments list"],
  "Comments.get": ["comments get"],
  "Comments.create": ["comments create"],
  "Comments.update": ["comments update"],
  "Comments.delete": ["comments delete"],
  "Comments.restore": ["comments restore"],
  "Comments.complete": ["comments complete"],
  "Comments.reopen": ["comments reopen"],
  "Comments.thread": ["comments thread"],
  "Comments.count": ["comments count"],
  "DashboardTemplates.list": ["templates list"],
  "DashboardTemplates.get": ["templates get"],
  "DashboardTemplates.create": ["templates create"],
  "DashboardTemplates.update": ["templates update"],
  "DashboardTemplates.delete": ["templates delete"],
  "DashboardTemplates.restore": ["templates restore"],
  "DashboardTemplates.copyBetweenProjects": ["templates copy"],
  "DashboardTemplates.jsonSchema": ["templates schema"],
  "Dashboards.list": ["dashboards list"],
  "Dashboards.get": ["dashboards get"],
  "Dashboards.create": ["dashboards create"],
  "Dashboards.update": ["dashboards update"],
  "Dashboards.delete": ["dashboards delete"],
  "Dashboards.restore": ["dashboards restore"],
  "Sharing.get": ["sharing get"],
  "Sharing.update": ["sharing enable", "sharing disable"],
  "Sharing.refresh": ["sharing refresh"],
  "Sharing.createPassword": ["sharing password add"],
  "Sharing.deletePassword": ["sharing password remove"],
  "Account.currentUser": ["auth status"],
  "Account.currentKey": ["auth status"]
} as const satisfies Record<string, ReadonlyArray<string>>

/** Commands that run no single catalogue operation. */
export const otherCommands = [
  "auth login",
  "auth logout",
  "auth list",
  "auth switch",
  "api",
  // Runs the emulator in the foreground, and groups the shared emulator's status and stop.
  "emulator",
  "emulator status",
  "emulator stop",
  "completion",
  // Dashboards, templates and sharing as code (core's `@hogkit/core/as-code`).
  "export",
  "plan",
  "apply"
] as const

export type OperationName = keyof typeof commandsOf
export type CommandPath = (typeof commandsOf)[OperationName][number] | (typeof otherCommands)[number]

/** The catalogue entry of an operation the CLI runs (present by construction: see the test). */
export const operation = (name: OperationName): Catalogue.Operation => {
  const op = Catalogue.operation(name)
  if (op === undefined) throw new Error(`The catalogue has no operation ${name}.`)
  return op
}

/** `hogkit dashboards restore 12`: a command line a person can paste. */
export const commandLine = (path: CommandPath, ...args: ReadonlyArray<string | number>) =>
  ["hogkit", path, ...args.map(String)].join(" ")

/** The command that runs an operation, when the CLI runs it (errors carry names such as `Dashboards.stream`). */
export const commandOf = (name: string): CommandPath | undefined => {
  const op = Catalogue.operation(name)
  return op && op.name in commandsOf ? commandsOf[op.name as OperationName][0] : undefined
}

/**
 * The catalogue's words for people at a terminal: names of operations (`Comments.restore`) become the
 * commands that run them (`hogkit comments restore`); the rest is the entry's description as written.
 */
export const cliWording = (text: string): string =>
  text.replace(/\b(?:Comments|DashboardTemplates|Dashboards|Sharing|Account)\.[A-Za-z]+\b/g, (name) => {
    const command = commandOf(name)
    return command === undefined ? name : `\`${commandLine(command)}\``
  })

/** A command's help text: the catalogue's description of the operation, plus what the CLI adds. */
export const helpText = (name: OperationName, extra?: string) =>
  [cliWording(operation(name).description), extra].filter((s) => s !== undefined && s !== "").join(" ")

/**
 * The command that lists the objects whose id an operation takes (`Sharing.get` takes a dashboard id:
 * `hogkit dashboards list`), for "check the id" hints.
 */
export const listCommandFor = (name: string): CommandPath | undefined => {
  const op = Catalogue.operation(name)
  const resource = op?.params[0]?.resource ?? op?.resource.name
  const list = Catalogue.operations.find((o) => o.verb === "list" && o.resource.name === resource)
  return list ? commandOf(list.name) : undefined
}

/** The command line that undoes an operation on `id`, when the catalogue names an undo. */
export const undoLine = (name: OperationName, ...args: ReadonlyArray<string | number>) => {
  const undo = operation(name).undo
  const command = undo === undefined ? undefined : commandOf(undo)
  return command === undefined ? undefined : commandLine(command, ...args)
}
