/**
 * `hogkit export|plan|apply` end to end: the built CLI against the emulator over HTTP, files on disk,
 * promotion between two projects with --project, exit codes, confirmation, and bad input.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { type Harness, seedDashboard, tempDir, useEmulator } from "./helpers.js"

const h = useEmulator()

const newProject = async (harness: Harness, name: string): Promise<number> => {
  const res = await fetch(`${harness.emu.url}/_emulator/projects`, {
    method: "POST",
    headers: { "X-Hogkit-Emulator-Token": harness.emu.adminToken, "content-type": "application/json" },
    body: JSON.stringify({ organization_id: harness.emu.organizationId, name })
  })
  return ((await res.json()) as { id: number }).id
}

const seedTemplate = (name: string) =>
  h.api("dashboard_templates/", {
    method: "POST",
    body: JSON.stringify({
      template_name: name,
      dashboard_description: "From a template",
      dashboard_filters: {},
      tiles: [{ type: "TEXT", body: "Welcome", layouts: {} }],
      tags: ["onboarding"]
    })
  })

const listFiles = (dir: string) =>
  ["dashboards", "templates"].flatMap((folder) =>
    fs.existsSync(path.join(dir, folder))
      ? fs.readdirSync(path.join(dir, folder)).map((f) => `${folder}/${f}`)
      : []
  )

describe("hogkit export, plan, apply", () => {
  it("exports, plans an edit field by field with --detailed-exitcode, applies it with --yes, then plans no changes", async () => {
    const d = await seedDashboard(h, { name: "Weekly review", description: "Mondays", tags: ["team"] })
    await h.api(`dashboards/${d.id}/sharing`, { method: "PATCH", body: JSON.stringify({ enabled: true }) })
    await seedTemplate("Onboarding")
    const dir = tempDir("ascode")
    const exported = await h.run(["export", dir])
    expect(exported.code).toBe(0)
    expect(exported.stdout).toBe(`Exported project ${h.emu.projectId} to ${dir}: 2 files written.\n`)
    expect(listFiles(dir).sort()).toEqual(["dashboards/weekly-review.yaml", "templates/onboarding.yaml"])
    const file = path.join(dir, "dashboards/weekly-review.yaml")
    const text = fs.readFileSync(file, "utf8")
    expect(text).toContain("name: Weekly review\n")
    expect(text).toContain("  enabled: true\n")
    expect(text).not.toContain("access_token")
    expect((await h.run(["export", dir])).code).toBe(0)
    expect(fs.readFileSync(file, "utf8")).toBe(text)

    const clean = await h.run(["plan", dir, "--detailed-exitcode"])
    expect(clean.code).toBe(0)
    expect(clean.stdout).toBe(`No changes: project ${h.emu.projectId} matches the files.\n`)

    fs.writeFileSync(file, text.replace("description: Mondays", "description: Mondays and Thursdays"))
    const changed = await h.run(["plan", dir, "--detailed-exitcode"])
    expect(changed.code).toBe(5)
    expect(changed.stdout).toBe(
      [
        `~ dashboard "Weekly review" (id ${d.id})  dashboards/weekly-review.yaml`,
        '    description: "Mondays" → "Mondays and Thursdays"',
        `Plan for project ${h.emu.projectId}: 0 to create, 1 to update, 0 to replace, 0 to delete.`,
        ""
      ].join("\n")
    )
    // Without --detailed-exitcode, changes are not a failure.
    expect((await h.run(["plan", dir])).code).toBe(0)
    const json = JSON.parse((await h.run(["plan", dir, "--format", "json"])).stdout)
    expect(json.actions).toEqual([
      {
        kind: "dashboard",
        action: "update",
        name: "Weekly review",
        id: d.id,
        file: "dashboards/weekly-review.yaml",
        changes: [{ field: "description", before: "Mondays", after: "Mondays and Thursdays" }]
      }
    ])

    const refused = await h.run(["apply", dir])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain("Add --yes to `hogkit apply")
    expect((await h.api(`dashboards/${d.id}`)).description).toBe("Mondays")

    const applied = await h.run(["apply", dir, "--yes"])
    expect(applied.code).toBe(0)
    expect(applied.stdout).toContain(`~ dashboard "Weekly review" (id ${d.id}): done`)
    expect((await h.api(`dashboards/${d.id}`)).description).toBe("Mondays and Thursdays")
    expect((await h.run(["plan", dir, "--detailed-exitcode"])).code).toBe(0)
    const again = await h.run(["apply", dir, "--yes"])
    expect(again.stdout).toBe(`No changes: project ${h.emu.projectId} matches the files.\n`)
  })

  it("promotes one project to another with --project, and asks on a terminal", async () => {
    await seedDashboard(h, { name: "Revenue", pinned: true })
    await seedDashboard(h, { name: "Signups" })
    await seedTemplate("Growth")
    const production = await newProject(h, "production")
    const dir = tempDir("promote")
    expect((await h.run(["export", dir])).code).toBe(0)
    const plan = await h.run(["plan", dir, "--project", String(production), "--detailed-exitcode"])
    expect(plan.code).toBe(5)
    expect(plan.stdout).toContain(
      `Plan for project ${production}: 3 to create, 0 to update, 0 to replace, 0 to delete.`
    )

    const no = await h.run(["apply", dir, "--project", String(production)], { tty: true, input: "n\n" })
    expect(no.stdout).toContain("Cancelled: nothing was changed.")
    expect((await h.api(`/api/projects/${production}/dashboards/`)).count).toBe(0)

    const yes = await h.run(["apply", dir, "--project", String(production)], { tty: true, input: "y\n" })
    expect(yes.code).toBe(0)
    expect(yes.stdout).toContain("Applied 3 changes.")
    const dashboards = (await h.api(`/api/projects/${production}/dashboards/`)).results
    expect(dashboards.map((x: { name: string }) => x.name).sort()).toEqual(["Revenue", "Signups"])
    expect(dashboards.find((x: { name: string }) => x.name === "Revenue").pinned).toBe(true)
    expect((await h.run(["plan", dir, "--project", String(production), "--detailed-exitcode"])).code).toBe(0)

    const second = tempDir("promoted")
    await h.run(["export", second, "--project", String(production)])
    for (const f of listFiles(dir))
      expect(fs.readFileSync(path.join(second, f), "utf8")).toBe(fs.readFileSync(path.join(dir, f), "utf8"))
    expect(listFiles(second).sort()).toEqual(listFiles(dir).sort())
  })

  it("soft-deletes what no file describes only with --prune", async () => {
    await seedDashboard(h, { name: "Keep me" })
    const dir = tempDir("prune")
    fs.mkdirSync(path.join(dir, "dashboards"))
    fs.writeFileSync(path.join(dir, "dashboards/only.yaml"), "name: Only\n")
    const plan = await h.run(["plan", dir])
    expect(plan.stdout).toContain(
      'Kept (no file describes them; apply --prune would soft-delete them): 1\n  dashboard "Keep me"'
    )
    expect((await h.run(["apply", dir, "--yes"])).code).toBe(0)
    expect((await h.counts()).dashboards).toBe(2)
    const pruned = await h.run(["apply", dir, "--prune", "--yes"])
    expect(pruned.code).toBe(0)
    expect(pruned.stdout).toContain('- dashboard "Keep me"')
    const live = (await h.api("dashboards/")).results.map((x: { name: string }) => x.name)
    expect(live).toEqual(["Only"])
  })

  it("explains files that are not valid and folders that do not exist, sending nothing", async () => {
    const dir = tempDir("bad")
    fs.mkdirSync(path.join(dir, "dashboards"))
    fs.writeFileSync(path.join(dir, "dashboards/x.yaml"), "name: X\nrestriction_level: 99\n")
    const bad = await h.run(["plan", dir])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("dashboards/x.yaml: restriction_level:")
    expect(bad.stderr).not.toMatch(/\n\s+at /)
    const missing = await h.run(["plan", path.join(dir, "nope")])
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toContain("no such file or folder")
    expect((await h.counts()).dashboards).toBe(0)
  })
})
