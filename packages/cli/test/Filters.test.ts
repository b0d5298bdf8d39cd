/**
 * --jq, --template and --fields on the resource commands, against the emulator: what a script piping
 * hogkit's output sees.
 */
import { describe, expect, it } from "vitest"
import { seedDashboard, useEmulator } from "./helpers.js"

const h = useEmulator()

const post = (p: string, body: Record<string, unknown>) =>
  h.api(p, { method: "POST", body: JSON.stringify(body) })

describe("--jq", () => {
  it("filters a list's JSON array: strings raw, other values compact, one per line", async () => {
    await seedDashboard(h, { name: "Alpha", tags: ["x"] })
    await seedDashboard(h, { name: "Beta" })
    const names = await h.run(["dashboards", "list", "--jq", ".[].name"])
    expect(names.code, names.stderr).toBe(0)
    expect(names.stdout.split("\n").sort()).toEqual(["", "Alpha", "Beta"])
    const objects = await h.run(["dashboards", "list", "--jq", ".[] | {name, tags}"])
    expect(objects.stdout.split("\n").sort()).toEqual([
      "",
      '{"name":"Alpha","tags":["x"]}',
      '{"name":"Beta","tags":[]}'
    ])
    // Everything jq can do, since it is jq: select, functions, string interpolation.
    const tagged = await h.run([
      "dashboards",
      "list",
      "--jq",
      '[.[] | select(.tags | index("x"))] | map("\\(.id):\\(.name | ascii_upcase)") | join(",")'
    ])
    expect(tagged.stdout).toMatch(/^\d+:ALPHA\n$/)
  })

  it("filters one object, and works on every JSON-printing command", async () => {
    const d = await seedDashboard(h, { name: "One" })
    const get = await h.run(["dashboards", "get", String(d.id), "--jq", ".name"])
    expect(get.stdout).toBe("One\n")
    await post("comments/", { content: "hi", scope: "Dashboard", item_id: String(d.id) })
    expect((await h.run(["comments", "count", "--jq", ".count"])).stdout).toBe("1\n")
    expect((await h.run(["sharing", "get", String(d.id), "--jq", ".enabled"])).stdout).toBe("false\n")
    const api = await h.run(["api", "dashboards/", "--jq", ".results | length"])
    expect(api.stdout).toBe("1\n")
    // On a terminal, objects are indented as jq does.
    const tty = await h.run(["dashboards", "get", String(d.id), "--jq", "{name}"], { tty: true })
    expect(tty.stdout.replace(/\r/g, "")).toContain('{\n  "name": "One"\n}')
  })

  it("refuses an expression jq cannot compile before sending anything (exit 2, jq's words)", async () => {
    const r = await h.run(["dashboards", "create", "--name", "Never", "--jq", ".name |||"])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("--jq: syntax error")
    expect(r.stdout).toBe("")
    expect((await h.counts()).dashboards).toBe(0)
    const unknown = await h.run(["dashboards", "list", "--jq", "nosuchfunction(1)"])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("nosuchfunction/1 is not defined")
  })

  it("reports jq's error on this data with exit 2, and clashes with non-JSON formats", async () => {
    await seedDashboard(h, { name: "A" })
    const r = await h.run(["dashboards", "list", "--jq", '.[] | .name | error("no \\(.)")'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("--jq: no A")
    const clash = await h.run(["dashboards", "list", "--jq", ".", "--format", "tsv"])
    expect(clash.code).toBe(2)
    expect(clash.stderr).toContain("--jq reads the JSON output: drop --format tsv.")
    const both = await h.run(["dashboards", "list", "--jq", ".", "--template", "{{id}}"])
    expect(both.code).toBe(2)
  })

  it("cannot read the environment: jq's env is not the process's (the key stays out)", async () => {
    const r = await h.run(["dashboards", "list", "--jq", "env | tostring"])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).not.toContain("POSTHOG")
  })
})

describe("--template", () => {
  it("prints each item through a mustache template, with \\t, nested fields and sections", async () => {
    await seedDashboard(h, { name: "Alpha", tags: ["a", "b"] })
    await seedDashboard(h, { name: "<Beta & co>" })
    const r = await h.run([
      "dashboards",
      "list",
      "--template",
      "{{name}}\\t{{created_by.email}}{{#tags}} #{{.}}{{/tags}}{{^tags}} (untagged){{/tags}}"
    ])
    expect(r.code, r.stderr).toBe(0)
    // Not HTML-escaped: this is a terminal.
    expect(r.stdout.split("\n").sort()).toEqual([
      "",
      "<Beta & co>\tuser@example.com (untagged)",
      "Alpha\tuser@example.com #a #b"
    ])
  })

  it("prints one object once, and refuses a broken template before sending anything", async () => {
    const d = await seedDashboard(h, { name: "Solo" })
    const one = await h.run(["dashboards", "get", String(d.id), "--template", "{{id}}={{name}}"])
    expect(one.stdout).toBe(`${d.id}=Solo\n`)
    const broken = await h.run(["dashboards", "create", "--name", "X", "--template", "{{#tags}}open"])
    expect(broken.code).toBe(2)
    expect(broken.stderr).toContain('--template: Unclosed section "tags"')
    expect((await h.counts()).dashboards).toBe(1)
  })
})

describe("--fields", () => {
  it("refuses an unknown field with exit 2, listing the valid ones from core's schema", async () => {
    await seedDashboard(h, { name: "A" })
    const r = await h.run(["dashboards", "list", "--fields", "id,nmae"])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe("")
    expect(r.stderr).toContain(
      'Unknown field "nmae" for --fields. Valid fields: id, name, description, pinned'
    )
    const comments = await h.run(["comments", "list", "--fields", "body"])
    expect(comments.code).toBe(2)
    expect(comments.stderr).toMatch(/Valid fields: id, created_by, content, .*scope/)
    // Nothing is created when the output could not be printed.
    const create = await h.run(["dashboards", "create", "--name", "B", "--fields", "nope"])
    expect(create.code).toBe(2)
    expect((await h.counts()).dashboards).toBe(1)
  })

  it("accepts nested paths the schema knows, free-form JSON fields' insides, and view columns", async () => {
    const d = await seedDashboard(h, { name: "A" })
    const nested = await h.run(["dashboards", "list", "--fields", "name,created_by.email"])
    expect(nested.stdout).toBe("A\tuser@example.com\n")
    const free = await h.run(["dashboards", "get", String(d.id), "--fields", "filters.date_from"])
    expect(free.code, free.stderr).toBe(0)
    // `link` is a column the sharing view adds to PostHog's object.
    const link = await h.run(["sharing", "get", String(d.id), "--fields", "enabled,link"])
    expect(link.code, link.stderr).toBe(0)
    expect(link.stdout).toBe("false\t\n")
  })
})

describe("tab-separated output", () => {
  it("get and list print the same columns, so one awk script reads both", async () => {
    const d = await seedDashboard(h, { name: "Same", tags: ["t"] })
    const list = await h.run(["dashboards", "list"])
    const get = await h.run(["dashboards", "get", String(d.id)])
    expect(get.stdout).toBe(list.stdout)
    const c = await post("comments/", { content: "row", scope: "Dashboard", item_id: String(d.id) })
    const clist = await h.run(["comments", "list"])
    const cget = await h.run(["comments", "get", c.id])
    expect(cget.stdout).toBe(clist.stdout)
    // Piped ids are whole: scripts pass them back as they are.
    expect(cget.stdout.split("\t")[0]).toBe(c.id)
  })
})
