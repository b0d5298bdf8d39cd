/**
 * Help people can act on: every verb shows examples and the global flags, gh's aliases work, close misses
 * get a suggestion (exit 2), and every `hogkit …` that a help text, an example or a hint names is a command
 * that parses: checked by walking every command's help and every hint string of the CLI and of core's
 * messages that the CLI prints.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import {
  AuthenticationError,
  Catalogue,
  ConfigError,
  HogkitError,
  NetworkError,
  NotFound,
  PermissionDenied,
  RateLimited,
  ServerError,
  ValidationError
} from "@hogkit/core"
import type * as Completions from "effect/cli/Completions"
import * as Duration from "effect/Duration"
import { describe, expect, it } from "vitest"
import { hogkit } from "../src/Cli.js"
import { descriptorOf, positionOf } from "../src/internal/Completion.js"
import { explain } from "../src/internal/Explain.js"
import * as GlobalFlags from "../src/internal/GlobalFlags.js"
import { seedDashboard, useEmulator } from "./helpers.js"

const h = useEmulator()
const tree = descriptorOf(hogkit, GlobalFlags.all as never)

/** Every command path below the root: `["dashboards"]`, `["dashboards", "list"]`, … (no aliases). */
const paths = (
  d: Completions.CommandDescriptor,
  prefix: ReadonlyArray<string> = []
): Array<Array<string>> => {
  const names = new Set<string>()
  const out: Array<Array<string>> = []
  for (const sub of d.subcommands) {
    // An alias is listed as a copy of its command: skip copies.
    const key = JSON.stringify({ ...sub, name: "" })
    if (names.has(key)) continue
    names.add(key)
    out.push([...prefix, sub.name], ...paths(sub, [...prefix, sub.name]))
  }
  return out
}

/** Words of a command line as a shell splits them, up to the first pipe, redirection or `)`. */
const words = (line: string): Array<string> => {
  const out: Array<string> = []
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    const word = m[1] ?? m[2] ?? m[3] ?? ""
    if (m[3] !== undefined && /^(\||>|<|;|&&|\))/.test(word)) break
    out.push(m[3] !== undefined ? word.replace(/\)+$/, "") : word)
  }
  return out
}

/** Each `hogkit …` command in a help text: backticked mentions and the EXAMPLES section's lines. */
const mentions = (text: string): Array<string> => {
  const found: Array<string> = []
  for (const m of text.matchAll(/`(hogkit(?: [^`]*)?)`/g)) found.push(m[1] ?? "")
  const examples = text.split("\nEXAMPLES\n")[1] ?? ""
  for (const line of examples.split("\n")) {
    // Each command of the line: at its start, after `&&` or `;`, or inside `$(…)`.
    for (const m of line.matchAll(/(?:^\s+|&&\s*|;\s*|\$\()(hogkit\s[^;&]*)/g)) found.push(m[1] ?? "")
  }
  return found
}

/**
 * Each `hogkit …` a source file prints: backticked inside a string literal (escaped in a template
 * literal, plain in a quoted string). Comments are documentation, not output, and are skipped.
 */
const sourceMentions = (source: string): Array<string> => {
  const found: Array<string> = []
  for (const line of source.split("\n")) {
    if (/^\s*(\*|\/\/|\/\*)/.test(line)) continue
    const code = line.replace(/\$\{[^}]*\}/g, "x1")
    for (const m of code.matchAll(/\\`(hogkit [^`\\]*)\\`/g)) found.push(m[1] ?? "")
    for (const str of code.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
      for (const m of (str[1] ?? "").matchAll(/`(hogkit [^`]*)`/g)) found.push(m[1] ?? "")
    }
  }
  return found
}

const problemsOf = (mention: string) => {
  const w = words(mention)
  expect(w[0]).toBe("hogkit")
  return positionOf(tree, w.slice(1)).problems
}

describe("help", () => {
  it("shows EXAMPLES and the global flags on every verb, and names only commands that exist", async () => {
    const all = paths(tree)
    expect(all.length).toBeGreaterThan(40)
    const named: Array<{ where: string; mention: string }> = []
    for (const p of [[], ...all]) {
      const r = await h.run([...p, "--help"])
      const where = ["hogkit", ...p].join(" ")
      expect(r.code, where).toBe(0)
      expect(r.stdout, where).toContain("GLOBAL FLAGS")
      expect(r.stdout, where).toContain("--profile string")
      const sub = all.some((q) => q.length === p.length + 1 && p.every((w, i) => q[i] === w))
      if (!sub) expect(r.stdout, where).toContain("EXAMPLES")
      for (const mention of mentions(r.stdout)) named.push({ where, mention })
    }
    expect(named.length).toBeGreaterThan(80)
    const broken = named.filter(({ mention }) => problemsOf(mention).length > 0)
    expect(broken).toEqual([])
  })

  it("every hint string in the CLI and in core's messages names a command that parses", () => {
    const here = path.dirname(fileURLToPath(import.meta.url))
    const roots = [
      path.join(here, "../src"),
      path.join(here, "../../core/src/config"),
      path.join(here, "../../core/src/FailureAdvice.ts")
    ]
    const files = roots.flatMap((root) =>
      fs.statSync(root).isDirectory()
        ? fs
            .readdirSync(root, { recursive: true, encoding: "utf8" })
            .filter((f) => f.endsWith(".ts"))
            .map((f) => path.join(root, f))
        : [root]
    )
    const found: Array<{ file: string; mention: string }> = []
    for (const file of files) {
      // `${…}` stands for a value such as an id or a profile name.
      for (const mention of sourceMentions(fs.readFileSync(file, "utf8"))) found.push({ file, mention })
    }
    expect(found.length).toBeGreaterThan(10)
    const broken = found.filter(({ mention }) => problemsOf(mention).length > 0)
    expect(broken).toEqual([])
    // The check itself refuses what does not exist.
    expect(problemsOf("hogkit comments new --content x --scope Dashboard")).toEqual([])
    expect(problemsOf("hogkit comments fresh")).not.toEqual([])
    expect(problemsOf("hogkit dashboards list --json")).not.toEqual([])
    expect(problemsOf("hogkit dashboards get 1 2")).not.toEqual([])
  })

  it("core's advice for every operation and failure, as the CLI prints it, names commands that parse", async () => {
    const where = { method: "POST", path: "/api/projects/1/x/", status: 400, detail: "Bad." }
    const reasons = [
      new NotFound({ ...where, status: 404 }),
      new AuthenticationError({ ...where, status: 401 }),
      new PermissionDenied({ ...where, status: 403, missingScope: "dashboard:write", sessionOnly: false }),
      new PermissionDenied({ ...where, status: 403, sessionOnly: true }),
      new ValidationError({ ...where, attr: "name", code: "invalid" }),
      new RateLimited({ ...where, status: 429, retryAfter: Duration.seconds(30) }),
      new ServerError({ ...where, status: 500, outcomeUnknown: true }),
      new NetworkError({ ...where, status: 0, phase: "sent", outcomeUnknown: true }),
      new ConfigError({ ...where, status: 0 })
    ]
    const named: Array<string> = []
    for (const op of Catalogue.operations) {
      for (const reason of reasons) {
        const { text } = await explain(new HogkitError({ operation: op.name, reason }), {
          host: "https://us.posthog.com"
        })
        for (const m of text.matchAll(/`(hogkit [^`]*)`/g)) named.push(m[1] ?? "")
      }
    }
    expect(named.length).toBeGreaterThan(50)
    expect([...new Set(named)].filter((m) => problemsOf(m).length > 0)).toEqual([])
  })

  it("accepts gh's aliases: ls, view, new, rm", async () => {
    const d = await seedDashboard(h, { name: "Aliased" })
    expect((await h.run(["dashboards", "ls", "--fields", "name"])).stdout).toBe("Aliased\n")
    expect((await h.run(["dashboards", "view", String(d.id), "--format", "json"])).stdout).toContain(
      '"name": "Aliased"'
    )
    const created = await h.run(["dashboards", "new", "--name", "Fresh", "--format", "json"])
    expect(created.code, created.stderr).toBe(0)
    const fresh = JSON.parse(created.stdout)
    expect((await h.run(["dashboards", "rm", String(fresh.id), "--yes"])).code).toBe(0)
    const left = await h.api("dashboards/?limit=100")
    expect(left.results.map((x: { id: number }) => x.id)).not.toContain(fresh.id)
    const comment = await h.run([
      "comments",
      "new",
      "--content",
      "via new",
      "--scope",
      "Dashboard",
      "--item-id",
      String(d.id),
      "--format",
      "json"
    ])
    expect(comment.code, comment.stderr).toBe(0)
    expect((await h.run(["comments", "ls", "--fields", "content"])).stdout).toBe("via new\n")
    expect((await h.run(["sharing", "view", String(d.id), "--format", "json"])).code).toBe(0)
    expect((await h.run(["templates", "ls"])).code).toBe(0)
    const help = await h.run(["dashboards", "--help"])
    expect(help.stdout).toMatch(/list, ls/)
    expect(help.stdout).toMatch(/get, view/)
    expect(help.stdout).toMatch(/delete, rm/)
  })

  it("suggests the command or flag meant, with exit 2, and suggests only what exists", async () => {
    const cases: Array<[ReadonlyArray<string>, string]> = [
      [["comments", "show", "x"], 'Unknown command "show" (did you mean get?).'],
      [["dashbaords", "list"], 'Unknown command "dashbaords" (did you mean dashboards?).'],
      [["dashboards", "list", "--json"], "Unknown flag --json (did you mean --format json?)."],
      [["dashboards", "edit", "1"], 'Unknown command "edit" (did you mean update?).'],
      [["login"], 'Unknown command "login" (did you mean auth login?).'],
      [["templates", "remove", "x"], 'Unknown command "remove" (did you mean delete?).']
    ]
    for (const [argv, message] of cases) {
      const r = await h.run(argv)
      expect(r.code, argv.join(" ")).toBe(2)
      expect(r.stderr, argv.join(" ")).toContain(message)
      expect(r.stdout).toBe("")
    }
    // A synonym that has no command here is not suggested.
    const none = await h.run(["emulator", "edit"])
    expect(none.code).toBe(2)
    expect(none.stderr).not.toContain("update")
  })
})
