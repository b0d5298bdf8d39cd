/**
 * Shell completion: effect/cli writes the static scripts (commands, flags, choices) for bash, zsh, fish and
 * PowerShell; this module decides what goes in them and adds what a static script cannot know, the ids of
 * dashboards and templates, which the script asks `hogkit __complete` for at the positions that take one.
 *
 * Boolean flags offer no `--no-…` form unless their help says it means something (`--no-pinned`), and the
 * install lines create the directory they write into, so they work on a fresh home.
 */
import * as Command from "effect/cli/Command"
import * as Completions from "effect/cli/Completions"
import * as Flag from "effect/cli/Flag"
import type * as GlobalFlag from "effect/cli/GlobalFlag"

export const shells = ["bash", "zsh", "fish", "powershell"] as const
export type Shell = (typeof shells)[number]

/** What `completion --help` and the script's header say to run, per shell: each makes its directory. */
export const installLines: Readonly<
  Record<Shell, { readonly command: string; readonly afterwards?: string }>
> = {
  bash: {
    command:
      "mkdir -p ~/.local/share/bash-completion/completions && hogkit completion bash > ~/.local/share/bash-completion/completions/hogkit"
  },
  zsh: {
    command: "mkdir -p ~/.zfunc && hogkit completion zsh > ~/.zfunc/_hogkit",
    afterwards: "then add fpath=(~/.zfunc $fpath) to ~/.zshrc, before compinit"
  },
  fish: {
    command:
      "mkdir -p ~/.config/fish/completions && hogkit completion fish > ~/.config/fish/completions/hogkit.fish"
  },
  powershell: {
    command:
      'New-Item -ItemType Directory -Force (Split-Path $PROFILE) | Out-Null; hogkit completion powershell | Out-File -Encoding utf8 (Join-Path (Split-Path $PROFILE) hogkit.ps1); Add-Content $PROFILE ". (Join-Path (Split-Path $PROFILE) hogkit.ps1)"'
  }
}

/** The flags every command accepts, described the way effect/cli describes a command's own. */
const globalFlagDescriptors = (globals: ReadonlyArray<GlobalFlag.Setting<string, unknown>>) => {
  const flags = Object.fromEntries(globals.map((g, i) => [`g${i}`, g.flag as Flag.Flag<unknown>]))
  const help = Flag.Boolean("help").pipe(Flag.withAlias("h"), Flag.withDescription("Show help"))
  return Completions.fromCommand(Command.make("globals", { ...flags, help })).flags
}

/** A `--no-…` form is offered only where the flag's help names it: elsewhere it is noise. */
const withoutNoise = (flag: Completions.FlagDescriptor): Completions.FlagDescriptor =>
  flag.type._tag === "Boolean" && !(flag.description ?? "").includes(`--no-${flag.name}`)
    ? { ...flag, negation: false }
    : flag

/** The command tree as completion (and the hint checks) see it: every command with the global flags. */
export const descriptorOf = (
  root: Command.Command.Any,
  globals: ReadonlyArray<GlobalFlag.Setting<string, unknown>>
): Completions.CommandDescriptor => {
  const global = globalFlagDescriptors(globals)
  const visit = (d: Completions.CommandDescriptor): Completions.CommandDescriptor => ({
    ...d,
    flags: [...d.flags, ...global.filter((g) => !d.flags.some((f) => f.name === g.name))].map(withoutNoise),
    subcommands: d.subcommands.map(visit)
  })
  return visit(Completions.fromCommand(root))
}

/** Where the words typed so far lead: the command, its positional arguments, a flag awaiting its value. */
export interface Position {
  readonly path: ReadonlyArray<string>
  readonly command: Completions.CommandDescriptor
  readonly positionals: ReadonlyArray<string>
  /** The flag the next word is the value of, if any. */
  readonly pendingFlag: Completions.FlagDescriptor | undefined
  /** What does not fit: an unknown flag or command, too many arguments. */
  readonly problems: ReadonlyArray<string>
}

const flagNamed = (command: Completions.CommandDescriptor, token: string) => {
  const name = token.replace(/^-+/, "")
  const long = token.startsWith("--")
  return command.flags.find(
    (f) =>
      (long &&
        (f.name === name || f.negation === name || (f.negation === undefined && `no-${f.name}` === name))) ||
      f.aliases.includes(name) ||
      f.aliases.includes(token)
  )
}

/** Reads `words` (after `hogkit`) against the tree, as the parser would, without running anything. */
export const positionOf = (root: Completions.CommandDescriptor, words: ReadonlyArray<string>): Position => {
  let command = root
  const path: Array<string> = [root.name]
  const positionals: Array<string> = []
  const problems: Array<string> = []
  let pendingFlag: Completions.FlagDescriptor | undefined
  let endOfFlags = false
  for (const word of words) {
    if (pendingFlag !== undefined) {
      pendingFlag = undefined
      continue
    }
    if (!endOfFlags && word === "--") {
      endOfFlags = true
      continue
    }
    if (!endOfFlags && word.startsWith("-") && word !== "-") {
      const flag = flagNamed(command, word.split("=")[0] ?? word)
      if (flag === undefined) problems.push(`unknown flag ${word.split("=")[0]} for ${path.join(" ")}`)
      else if (flag.type._tag !== "Boolean" && flag.optionalValue !== true && !word.includes("="))
        pendingFlag = flag
      continue
    }
    const sub = positionals.length === 0 ? command.subcommands.find((s) => s.name === word) : undefined
    if (sub !== undefined) {
      command = sub
      path.push(sub.name)
      continue
    }
    if (command.arguments.length === 0 && command.subcommands.length > 0) {
      problems.push(`unknown command ${word} under ${path.join(" ")}`)
      continue
    }
    const variadic = command.arguments.some((a) => a.variadic)
    if (!variadic && positionals.length >= command.arguments.length)
      problems.push(`unexpected argument ${word} for ${path.join(" ")}`)
    positionals.push(word)
  }
  return { path, command, positionals, pendingFlag, problems }
}

/** The kind of object whose id goes at this argument, when ids can be listed cheaply. */
export type IdKind = "dashboards" | "templates"

export const idKindOf = (path: ReadonlyArray<string>, argument: string | undefined): IdKind | undefined => {
  if (argument === "DASHBOARD_ID" || (path[1] === "dashboards" && argument === "ID")) return "dashboards"
  if (path[1] === "templates" && (argument === "ID" || argument === "SOURCE_ID")) return "templates"
  return undefined
}

/** The id kind the word being typed (the last of `words`) should be, if any. */
export const idWanted = (root: Completions.CommandDescriptor, words: ReadonlyArray<string>) => {
  if (words.length === 0) return undefined
  const current = words[words.length - 1] ?? ""
  if (current.startsWith("-")) return undefined
  const before = positionOf(root, words.slice(0, -1))
  if (before.pendingFlag !== undefined) {
    return before.pendingFlag.name === "copy-of" ? ("dashboards" as const) : undefined
  }
  return idKindOf(before.path, before.command.arguments[before.positionals.length]?.name)
}

/** The resources under which an id can be completed: the scripts ask hogkit only there. */
const idResources = ["dashboards", "templates", "sharing"]

const bashIds = `
_hogkit_with_ids()
{
  _hogkit "$@"
  local _cur="\${COMP_WORDS[COMP_CWORD]}"
  if (( \${#COMPREPLY[@]} == 0 )) && [[ "$_cur" != -* ]]; then
    case " \${COMP_WORDS[*]:1:COMP_CWORD-1} " in
      ${idResources.map((r) => `*" ${r} "*`).join("|")})
        local IFS=$'\\n'
        COMPREPLY=( $(command hogkit __complete --shell bash -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) )
        ;;
    esac
  fi
}
complete -F _hogkit_with_ids hogkit`

const zshIds = `
_hogkit_with_ids() {
  if [[ "$PREFIX" != -* && " \${words[*]} " == (${idResources.map((r) => `*" ${r} "*`).join("|")}) ]]; then
    local -a _ids
    _ids=("\${(@f)$(command hogkit __complete --shell zsh -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
    _ids=(\${_ids:#})
    if (( \${#_ids} )); then
      _describe -t ids 'id' _ids
      return
    fi
  fi
  _hogkit "$@"
}
`

const fishIds = `
complete -c hogkit -n '__fish_seen_subcommand_from ${idResources.join(" ")}' -f -a '(command hogkit __complete --shell fish -- (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'`

// PowerShell: the words before the cursor, then the word being typed (even when empty), handed to hogkit
// where a static script has no value to offer; each answer line is "id<TAB>name".
const powershellIds = `
  # hogkit: dashboard and template ids, asked of hogkit itself (hogkit __complete) under ${idResources.join(", ")}.
  if (-not (& $optionLike $typed) -and @(${idResources.map((r) => `'${r}'`).join(", ")}) -ccontains ($path -split ' ')[0]) {
    $idWords = @(foreach ($element in $elements | Select-Object -Skip 1) {
      if ($element.Extent.EndOffset -lt $cursorPosition -or ($element.Extent.EndOffset -eq $cursorPosition -and $null -eq $current)) {
        if ($element -is [System.Management.Automation.Language.StringConstantExpressionAst]) { $element.Value } else { $element.Extent.Text }
      }
    })
    $idWords += $typed
    foreach ($line in @(& hogkit __complete --shell powershell -- @idWords 2>$null)) {
      $parts = ([string]$line).Split([char]9, 2)
      if ($parts[0]) { & $add $parts[0] 'ParameterValue' $parts[1] $typed '' }
    }
    if ($results.Count -gt 0) { return $results }
  }

  $typedIsOption = & $optionLike $typed`

const replaceOnce = (script: string, from: string, to: string) => {
  if (!script.includes(from)) throw new Error(`effect/cli's completion script changed: no "${from}"`)
  return script.replace(from, () => to)
}

/** The completion script for `shell`, with correct install lines and dynamic ids. */
export const script = (shell: Shell, descriptor: Completions.CommandDescriptor): string => {
  let text = Completions.generate("hogkit", shell, descriptor)
  // effect's header names `hogkit --completions`, which hogkit does not have.
  text = text.replace(/# Installation:\n(#\s[^\n]*\n)+/, () => {
    const { command, afterwards } = installLines[shell]
    return `# Installation:\n#   ${command}\n${afterwards ? `#   ${afterwards}\n` : ""}`
  })
  switch (shell) {
    case "bash":
      return replaceOnce(text, "complete -F _hogkit hogkit", bashIds.trimStart())
    case "zsh":
      text = replaceOnce(
        text,
        "# Handle both direct invocation and autoload",
        `${zshIds}\n# Handle both direct invocation and autoload`
      )
      text = replaceOnce(text, '  _hogkit "$@"\nelse', '  _hogkit_with_ids "$@"\nelse')
      return replaceOnce(text, "compdef _hogkit hogkit", "compdef _hogkit_with_ids hogkit")
    case "fish":
      return replaceOnce(
        text,
        "###-end-hogkit-completions-###",
        `${fishIds.trimStart()}\n###-end-hogkit-completions-###`
      )
    case "powershell":
      return replaceOnce(text, "\n  $typedIsOption = & $optionLike $typed", powershellIds)
  }
}

/** One id for the shell: bash wants the bare id, zsh `id:description`, fish `id<TAB>description`. */
export const completionLine = (shell: Shell, id: string, title: string) => {
  const clean = title.replace(/[\t\n\r\u0000-\u001f\u007f]/g, " ").trim()
  switch (shell) {
    case "zsh":
      return clean ? `${id.replace(/:/g, "\\:")}:${clean}` : id.replace(/:/g, "\\:")
    case "fish":
    case "powershell":
      return clean ? `${id}\t${clean}` : id
    case "bash":
      return id
  }
}
