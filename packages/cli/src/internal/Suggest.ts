/**
 * "Did you mean" for the words people bring from other CLIs. effect/cli suggests names a typo or two away
 * (`dashbaords` → `dashboards`); this adds the synonyms a spelling distance cannot find (`show` → `get`,
 * `--json` → `--format json`), and only ever suggests a command that exists where it was typed.
 */
import type * as Command from "effect/cli/Command"

/** Verbs other CLIs use, and the verb hogkit has for each. */
const verbSynonyms: Readonly<Record<string, ReadonlyArray<string>>> = {
  show: ["get"],
  describe: ["get"],
  read: ["get"],
  add: ["create"],
  make: ["create"],
  edit: ["update"],
  set: ["update"],
  change: ["update"],
  remove: ["delete", "remove"],
  del: ["delete"],
  destroy: ["delete"],
  undelete: ["restore"],
  undo: ["restore"],
  recover: ["restore"],
  search: ["list"],
  find: ["list"],
  all: ["list"],
  share: ["enable"],
  unshare: ["disable"],
  rotate: ["refresh"],
  done: ["complete"],
  resolve: ["complete"],
  close: ["complete"],
  open: ["reopen"],
  replies: ["thread"],
  signin: ["login"],
  signout: ["logout"],
  whoami: ["status"],
  use: ["switch"],
  ls: ["list"],
  view: ["get"],
  rm: ["delete"],
  new: ["create"],
  // Resources by other names.
  dashboard: ["dashboards"],
  template: ["templates"],
  comment: ["comments"],
  tasks: ["comments"],
  task: ["comments"],
  share_link: ["sharing"],
  shares: ["sharing"],
  login: ["auth login"],
  logout: ["auth logout"]
}

/** Flags other CLIs use, and what says the same here. */
const flagSynonyms: Readonly<Record<string, string>> = {
  "--json": "--format json",
  "--jsonl": "--format jsonl",
  "--tsv": "--format tsv",
  "--table": "--format table",
  "--output": "--format",
  "-o": "--format",
  "--force": "--yes",
  "--confirm": "--yes",
  "--open": "--web",
  "--browser": "--web",
  "--verbose": "--debug",
  "--token": "--api-key",
  "--key": "--api-key",
  "--project-id": "--project",
  "--env": "--profile"
}

/** The names (and aliases) of the subcommands under `path` (`["hogkit", "comments"]`). */
const subcommandsAt = (root: Command.Command.Any, path: ReadonlyArray<string>): ReadonlyArray<string> => {
  let current: Command.Command.Any | undefined = root
  for (const name of path.slice(1)) {
    current = current?.subcommands.flatMap((g) => g.commands).find((c) => c.name === name || c.alias === name)
  }
  return (current?.subcommands ?? []).flatMap((g) =>
    g.commands.filter((c) => !c.unlisted).flatMap((c) => (c.alias ? [c.name, c.alias] : [c.name]))
  )
}

/** What to suggest for an unknown subcommand typed under `parent`: synonyms first, then effect's own. */
export const commandSuggestions = (
  root: Command.Command.Any,
  parent: ReadonlyArray<string>,
  typed: string,
  fromSpelling: ReadonlyArray<string>
): ReadonlyArray<string> => {
  const here = new Set(subcommandsAt(root, parent))
  const synonyms = (verbSynonyms[typed.toLowerCase()] ?? []).filter((s) => here.has(s.split(" ")[0] ?? s))
  return [...new Set([...synonyms, ...fromSpelling.filter((s) => here.has(s))])]
}

/** What to suggest for an unknown flag: the flag that means the same here, else effect's suggestions. */
export const flagSuggestions = (
  typed: string,
  fromSpelling: ReadonlyArray<string>
): ReadonlyArray<string> => {
  const name = typed.split("=")[0] ?? typed
  const synonym = flagSynonyms[name.toLowerCase()]
  return synonym !== undefined ? [synonym] : fromSpelling
}
