/**
 * The CLI against core's catalogue: every operation has a command, every command the map names exists,
 * help texts carry the catalogue's descriptions, and every command named in help or hints exists.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { Catalogue } from "@hogkit/core"
import { beforeAll, describe, expect, it } from "vitest"
import { cliWording, commandsOf, otherCommands } from "../src/internal/Operations.js"
import { useEmulator } from "./helpers.js"

const h = useEmulator()

interface Node {
  readonly help: string
  readonly children: Map<string, Node>
}

/** The command tree as `--help` shows it: each group's SUBCOMMANDS, walked down to the leaves. */
const walk = async (words: ReadonlyArray<string>): Promise<Node> => {
  const result = await h.run([...words, "--help"], { bare: true })
  expect(result.code, `hogkit ${words.join(" ")} --help`).toBe(0)
  const children = new Map<string, Node>()
  const section = result.stdout.split(/^SUBCOMMANDS$/m)[1]?.split(/^EXAMPLES$/m)[0]
  if (section !== undefined) {
    for (const line of section.split("\n")) {
      // `list, ls`: a command and its alias, which names the same command.
      const m = line.match(/^ {2}([a-z][a-z-]*)(?:, ([a-z][a-z-]*))?(?: {2,}|$)/)
      const name = m?.[1]
      if (name === undefined) continue
      const node = await walk([...words, name])
      children.set(name, node)
      if (m?.[2] !== undefined) aliases.set(node, m[2])
    }
  }
  return { help: result.stdout, children }
}

let root: Node
const paths = new Map<string, Node>()
/** Each aliased command's alias (`ls` for `dashboards list`). */
const aliases = new Map<Node, string>()

/** Where `hogkit a b c …` lands: the deepest command those words name, or undefined when none. */
const resolveMention = (words: ReadonlyArray<string>): { path: string; node: Node } | undefined => {
  let node = root
  const used: Array<string> = []
  for (const word of words) {
    const child = node.children.get(word) ?? [...node.children.values()].find((c) => aliases.get(c) === word)
    if (child === undefined) break
    node = child
    used.push(word)
  }
  return used.length === 0 ? undefined : { path: used.join(" "), node }
}

/**
 * A mention names a command when it lands on a runnable one (not a bare group such as `sharing`, not
 * `sharing list`). Prose about hogkit ("hogkit reads the deleted comment") starts with no command's name
 * and is left alone, unless it is quoted as a command line (`strict`).
 */
const namesACommand = (mention: string, strict = false) => {
  const words = mention.trim().split(/\s+/)
  if (!strict && !root.children.has(words[0] ?? "")) return true
  const found = resolveMention(words)
  // A group that also runs by itself (`hogkit emulator`) is listed among the other commands.
  return (
    found !== undefined &&
    (found.node.children.size === 0 || (otherCommands as ReadonlyArray<string>).includes(found.path))
  )
}

/** `hogkit word word …` mentions, each with whether it was quoted as a command line (`…`). */
const mentions = (text: string) =>
  [...text.matchAll(/(`?)\bhogkit((?: [a-z][a-z-]*)+)/g)].map((m) => ({
    words: (m[2] ?? "").trim(),
    quoted: m[1] === "`"
  }))

/** Help without its USAGE section, which effect/cli writes from the tree itself (`hogkit sharing <subcommand>`). */
const prose = (help: string) => help.replace(/^USAGE\n(?:.+\n)*/m, "")

beforeAll(async () => {
  root = await walk([])
  const collect = (node: Node, words: ReadonlyArray<string>) => {
    if (words.length > 0) paths.set(words.join(" "), node)
    for (const [name, child] of node.children) collect(child, [...words, name])
  }
  collect(root, [])
})

describe("the CLI and core's catalogue", () => {
  it("has a command for every catalogue operation, and each one exists", () => {
    const missing = Catalogue.operations.map((op) => op.name).filter((name) => !(name in commandsOf))
    expect(missing, "catalogue operations without a CLI command").toEqual([])
    const stale = Object.keys(commandsOf).filter((name) => Catalogue.operation(name)?.name !== name)
    expect(stale, "map entries the catalogue does not have").toEqual([])
    for (const [name, commands] of Object.entries(commandsOf)) {
      for (const command of commands) {
        const node = paths.get(command)
        expect(node, `${name} → hogkit ${command}`).toBeDefined()
        expect(node?.children.size, `hogkit ${command} is runnable`).toBe(0)
      }
    }
    for (const command of otherCommands) expect(paths.get(command), command).toBeDefined()
  })

  it("exposes no command the map does not know", () => {
    const known = new Set<string>([...Object.values(commandsOf).flat(), ...otherCommands])
    const leaves = [...paths].filter(([, node]) => node.children.size === 0).map(([p]) => p)
    expect(leaves.filter((p) => !known.has(p))).toEqual([])
  })

  it("takes each operation's help text from the catalogue's description", () => {
    for (const [name, commands] of Object.entries(commandsOf)) {
      const op = Catalogue.operation(name)!
      if (op.service === "Account") continue
      const help = (paths.get(commands[0]!)?.help ?? "").replace(/\s+/g, " ")
      expect(help, `hogkit ${commands[0]} --help`).toContain(cliWording(op.description))
    }
    expect(paths.get("comments delete")?.help).toContain("`hogkit comments restore` brings it back")
  })

  it("names only commands that exist, in every help text", () => {
    const bad: Array<string> = []
    for (const [p, node] of [["", root] as const, ...paths]) {
      for (const m of mentions(prose(node.help))) {
        if (!namesACommand(m.words, m.quoted)) bad.push(`${p || "hogkit"} --help: hogkit ${m.words}`)
      }
    }
    expect(bad).toEqual([])
  })

  it("names only commands that exist, in every hint the source can print", () => {
    const src = fileURLToPath(new URL("../src", import.meta.url))
    const files = fs
      .readdirSync(src, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .map((f) => path.join(src, f))
    const bad: Array<string> = []
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8")
      // A command assembled from pieces cannot be checked (that is how `hogkit sharing list` slipped
      // out): hints use commandLine(), typed by the map. Printing the version is the one exception.
      for (const m of text.matchAll(/hogkit \$\{(?!VERSION\}|event\.version\})[^}]*\}/g)) {
        bad.push(`${path.basename(file)}: ${m[0]}`)
      }
      for (const m of text.matchAll(/\bhogkit((?: [a-z][a-z-]*)+)/g)) {
        if (!namesACommand(m[1] ?? "")) bad.push(`${path.basename(file)}: hogkit${m[1]}`)
      }
    }
    expect(bad).toEqual([])
  })

  it("points a missing dashboard's sharing at the command that lists dashboards", async () => {
    const result = await h.run(["sharing", "get", "999999"])
    expect(result.code).toBe(3)
    expect(result.stderr).toContain("`hogkit dashboards list`")
    for (const m of mentions(result.stderr)) expect(namesACommand(m.words, true), m.words).toBe(true)
  })
})
