import { describe, expect, it } from "vitest"
import { seedDashboard, useEmulator } from "./helpers.js"

const h = useEmulator()

describe("hogkit dashboards", () => {
  it("lists dashboards as tab-separated rows when piped, with raw ISO dates", async () => {
    await seedDashboard(h, { name: "Revenue", tags: ["finance"] })
    const r = await h.run(["dashboards", "list"])
    expect(r.code).toBe(0)
    const [row] = r.stdout.trim().split("\n")
    const cells = row!.split("\t")
    expect(cells[1]).toBe("Revenue")
    expect(cells[4]).toBe("finance")
    expect(cells[5]).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(r.stderr).toBe("")
  })

  it("shows a table with headers and relative dates on a terminal", async () => {
    await seedDashboard(h, { name: "Revenue" })
    const r = await h.run(["dashboards", "list"], { tty: true, env: { NO_COLOR: "1" } })
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split("\n")
    expect(lines[0]).toMatch(/^ID\s+NAME\s+PINNED\s+SHARED\s+TAGS\s+CREATED$/)
    expect(lines[1]).toMatch(/Revenue\s+no\s+no\s+just now$/)
  })

  it("prints PostHog's objects unchanged with --format json and one object per line with jsonl", async () => {
    const created = await seedDashboard(h, { name: "A" })
    await seedDashboard(h, { name: "B" })
    const json = await h.run(["dashboards", "list", "--format", "json"])
    const items = JSON.parse(json.stdout)
    expect(items.map((d: any) => d.name)).toEqual(["A", "B"])
    const direct = await h.api("dashboards/")
    expect(items).toEqual(direct.results)
    const jsonl = await h.run(["--format", "jsonl", "dashboards", "list"])
    const lines = jsonl.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
    expect(lines.map((d) => d.id)).toEqual([created.id, created.id + 1])
  })

  it("--fields picks columns for rows and keys for JSON", async () => {
    await seedDashboard(h, { name: "A" })
    const tsv = await h.run(["dashboards", "list", "--fields", "name,created_by.email"])
    expect(tsv.stdout).toBe("A\tuser@example.com\n")
    const json = await h.run(["dashboards", "list", "--fields", "id,name", "--format", "json"])
    expect(Object.keys(JSON.parse(json.stdout)[0])).toEqual(["id", "name"])
  })

  it("--limit stops early and --all reads every page", async () => {
    for (let i = 0; i < 7; i++) await seedDashboard(h, { name: `D${i}` })
    const limited = await h.run(["dashboards", "list", "--limit", "3", "--format", "jsonl", "--debug"])
    expect(limited.stdout.trim().split("\n")).toHaveLength(3)
    // One request: a page of exactly three, nothing more fetched.
    expect(limited.stderr.match(/^> GET /gm)).toHaveLength(1)
    expect(limited.stderr).toContain("limit=3")
    const all = await h.run(["dashboards", "list", "--all", "--format", "json"])
    expect(JSON.parse(all.stdout)).toHaveLength(7)
  })

  it("searches by name", async () => {
    await seedDashboard(h, { name: "Marketing funnel" })
    await seedDashboard(h, { name: "Revenue" })
    const r = await h.run(["dashboards", "list", "--search", "funnel", "--fields", "name"])
    expect(r.stdout).toBe("Marketing funnel\n")
  })

  it("gets one dashboard in every format", async () => {
    const d = await seedDashboard(h, { name: "Ops", description: "uptime" })
    // Piped, `get` prints the row `list` prints: the same columns for cut and awk.
    const tsv = await h.run(["dashboards", "get", String(d.id)])
    expect(tsv.stdout.split("\t").slice(0, 3)).toEqual([String(d.id), "Ops", "false"])
    expect(tsv.stdout).toBe((await h.run(["dashboards", "list"])).stdout)
    const table = await h.run(["dashboards", "get", String(d.id)], { tty: true })
    expect(table.stdout).toMatch(/name:\s+Ops/)
    expect(table.stdout).toMatch(/description:\s+uptime/)
    const json = JSON.parse((await h.run(["dashboards", "get", String(d.id), "--format", "json"])).stdout)
    // GET stamps last_accessed_at, so compare everything else with PostHog's own answer.
    const direct = await h.api(`dashboards/${d.id}/`)
    expect({ ...json, last_accessed_at: null }).toEqual({ ...direct, last_accessed_at: null })
    const jsonl = (await h.run(["dashboards", "get", String(d.id), "--format", "jsonl"])).stdout
    expect(jsonl.trim().split("\n")).toHaveLength(1)
    expect(JSON.parse(jsonl).id).toBe(d.id)
  })

  it("creates a dashboard with tags, pinned, and as a copy", async () => {
    const r = await h.run([
      "dashboards",
      "create",
      "--name",
      "Weekly",
      "--pinned",
      "--tag",
      "a",
      "--tag",
      "b",
      "--format",
      "json"
    ])
    expect(r.code).toBe(0)
    const d = JSON.parse(r.stdout)
    expect(d).toMatchObject({ name: "Weekly", pinned: true, tags: ["a", "b"] })
    const copy = await h.run([
      "dashboards",
      "create",
      "--name",
      "Weekly copy",
      "--copy-of",
      String(d.id),
      "--format",
      "jsonl"
    ])
    expect(JSON.parse(copy.stdout)).toMatchObject({ name: "Weekly copy", creation_mode: "duplicate" })
    const table = await h.run(["dashboards", "create", "--name", "T"], { tty: true })
    expect(table.stdout).toMatch(/name:\s+T/)
  })

  it("updates name, description and pin", async () => {
    const d = await seedDashboard(h, { name: "Old", pinned: true })
    const r = await h.run([
      "dashboards",
      "update",
      String(d.id),
      "--name",
      "New",
      "--description",
      "x",
      "--no-pinned"
    ])
    expect(r.code).toBe(0)
    expect(await h.api(`dashboards/${d.id}/`)).toMatchObject({ name: "New", description: "x", pinned: false })
    const table = await h.run(["dashboards", "update", String(d.id), "--name", "Newer"], { tty: true })
    expect(table.stdout).toMatch(/name:\s+Newer/)
    const jsonl = await h.run(["dashboards", "update", String(d.id), "--pinned", "--format", "jsonl"])
    expect(JSON.parse(jsonl.stdout).pinned).toBe(true)
  })

  it("deletes softly, and restore brings it back", async () => {
    const d = await seedDashboard(h, { name: "Temp" })
    const del = await h.run(["dashboards", "delete", String(d.id), "--yes", "--format", "json"])
    expect(del.code).toBe(0)
    expect(JSON.parse(del.stdout).deleted).toBe(true)
    expect((await h.api("dashboards/")).count).toBe(0)
    const gone = await h.run(["dashboards", "get", String(d.id)])
    expect(gone.code).toBe(3)
    const restored = await h.run(["dashboards", "restore", String(d.id), "--format", "jsonl"])
    expect(restored.code).toBe(0)
    expect(JSON.parse(restored.stdout).deleted).toBe(false)
    expect((await h.api("dashboards/")).count).toBe(1)
  })

  it("tells a terminal user how to undo a delete", async () => {
    const d = await seedDashboard(h, { name: "Temp" })
    const r = await h.run(["dashboards", "delete", String(d.id), "--yes"], { tty: true })
    expect(r.stdout).toContain(`Undo with: hogkit dashboards restore ${d.id}`)
    const tsv = await h.run(["dashboards", "restore", String(d.id)])
    expect(tsv.stdout.split("\t")[1]).toBe("Temp")
  })
})
