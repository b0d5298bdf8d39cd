import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { seedDashboard, tempDir, useEmulator } from "./helpers.js"

const h = useEmulator()

describe("hogkit api", () => {
  it("GETs a project path and prints PostHog's JSON in every format", async () => {
    await seedDashboard(h, { name: "Raw" })
    const direct = await h.api("dashboards/")
    for (const format of ["json", "table", "tsv"]) {
      const r = await h.run(["api", "GET", "dashboards/", "--format", format])
      expect(r.code, r.stderr).toBe(0)
      expect(JSON.parse(r.stdout)).toEqual(direct)
    }
    const jsonl = await h.run(["api", "get", "dashboards/", "--format", "jsonl"])
    expect(jsonl.stdout.trim().split("\n")).toHaveLength(1)
    expect(JSON.parse(jsonl.stdout)).toEqual(direct)
    const tty = await h.run(["api", "GET", "dashboards/"], { tty: true })
    expect(tty.stdout).toContain('"name": "Raw"')
  })

  it("sends --data as JSON text or from @file, and reaches absolute paths", async () => {
    const created = await h.run([
      "api",
      "POST",
      "dashboards/",
      "--data",
      '{"name":"Via api"}',
      "--format",
      "json"
    ])
    expect(created.code, created.stderr).toBe(0)
    const d = JSON.parse(created.stdout)
    expect(d.name).toBe("Via api")
    const file = path.join(tempDir("api"), "patch.json")
    fs.writeFileSync(file, JSON.stringify({ name: "Patched" }))
    const patched = await h.run([
      "api",
      "PATCH",
      `/api/projects/${h.emu.projectId}/dashboards/${d.id}/`,
      "--data",
      `@${file}`
    ])
    expect(patched.code, patched.stderr).toBe(0)
    expect((await h.api(`dashboards/${d.id}/`)).name).toBe("Patched")
    const stdin = await h.run(["api", "PATCH", `dashboards/${d.id}/`, "--data", "@-"], {
      input: '{"pinned":true}'
    })
    expect(stdin.code, stdin.stderr).toBe(0)
    expect((await h.api(`dashboards/${d.id}/`)).pinned).toBe(true)
  })

  it("--paginate follows next and prints every item", async () => {
    for (let i = 0; i < 5; i++) await seedDashboard(h, { name: `P${i}` })
    const jsonl = await h.run([
      "api",
      "GET",
      "dashboards/?limit=2",
      "--paginate",
      "--format",
      "jsonl",
      "--debug"
    ])
    expect(jsonl.code, jsonl.stderr).toBe(0)
    expect(
      jsonl.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).name)
    ).toEqual(["P0", "P1", "P2", "P3", "P4"])
    expect(jsonl.stderr.match(/^> GET /gm)).toHaveLength(3)
    const json = await h.run(["api", "GET", "dashboards/?limit=2", "--paginate", "--format", "json"])
    expect(JSON.parse(json.stdout)).toHaveLength(5)
    const piped = await h.run(["api", "GET", "dashboards/?limit=2", "--paginate"])
    expect(piped.stdout.trim().split("\n")).toHaveLength(5)
  })

  it("maps errors like every other command", async () => {
    const missing = await h.run(["api", "GET", "dashboards/424242/"])
    expect(missing.code).toBe(3)
    const refused = await h.run(["api", "DELETE", "dashboards/1/"])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain(`Method "DELETE" not allowed`)
    const invalid = await h.run(["api", "POST", "dashboards/", "--data", '{"filters": "not an object"}'])
    expect(invalid.code).toBe(2)
    expect(invalid.stderr).toContain("Filters must be a dictionary")
  })
})
