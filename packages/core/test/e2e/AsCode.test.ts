/**
 * Dashboards, templates and sharing as code against the emulator over HTTP: the round trip from a seeded
 * project to an empty one, drift, prune, files that are not valid, and apply under faults and rate limits.
 */

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Dashboards, DashboardTemplates, Sharing } from "@hogkit/core"
import * as AsCode from "@hogkit/core/as-code"
import { createAsCodeClient } from "@hogkit/core/as-code/node"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { stringify } from "yaml"
import { useCoreAgainstEmulator } from "./support.js"

const { run, fail, emu, admin } = useCoreAgainstEmulator({ seed: "demo" })

/** A new empty project in the emulator's organization (the default key reaches it). */
const newProject = async (name: string) =>
  (
    await admin<{ id: number }>("POST", "/_emulator/projects", {
      organization_id: emu().organizationId,
      name
    })
  ).id

const liveDashboards = (projectId: number) =>
  run(Dashboards.use((d) => d.list({ limit: 1000 }, { projectId }))).then((p) => p.results)
const ownTemplates = (projectId: number) =>
  run(DashboardTemplates.use((t) => t.list({ limit: 1000 }, { projectId }))).then((p) =>
    p.results.filter((t) => t.scope !== "global" && t.deleted !== true)
  )

describe("as code against the emulator", () => {
  it("round trip: export, apply to an empty project, export again gives the same files; plan then has no changes", async () => {
    const source = emu().projectId
    const files = await run(AsCode.exportProject())
    const again = await run(AsCode.exportProject())
    expect(again).toEqual(files)
    const names = Object.keys(files)
    expect(names.filter((f) => f.startsWith("dashboards/")).length).toBe(
      (await liveDashboards(source)).length
    )
    expect(names.filter((f) => f.startsWith("templates/")).length).toBe((await ownTemplates(source)).length)
    // No server-managed field leaks into a file.
    const all = Object.values(files).join("\n")
    for (const field of [
      "created_at",
      "created_by",
      "access_token",
      "team_id",
      "last_accessed_at",
      "is_shared"
    ])
      expect(all).not.toContain(field)

    const target = await newProject("production")
    const before = await run(AsCode.plan(files, { projectId: target }))
    expect(before.summary).toEqual({
      create: names.length,
      update: 0,
      replace: 0,
      delete: 0
    })
    const result = await run(AsCode.apply(files, { projectId: target }))
    expect(result.failed).toEqual([])
    expect(result.applied.length).toBe(names.length)

    expect(await run(AsCode.exportProject({ projectId: target }))).toEqual(files)
    const after = await run(AsCode.plan(files, { projectId: target }))
    expect(after.changes).toBe(false)
    expect(after.actions).toEqual([])
    expect(AsCode.renderPlan(after)).toBe(`No changes: project ${target} matches the files.\n`)
    // A second apply changes nothing.
    const second = await run(AsCode.apply(files, { projectId: target }))
    expect(second.applied).toEqual([])
    expect((await liveDashboards(target)).length).toBe((await liveDashboards(source)).length)
  })

  it("reports drift made through the API field by field, and apply puts it back", async () => {
    const target = await newProject("drift")
    const files = {
      "dashboards/weekly.yaml": stringify({ name: "Weekly", description: "The week", tags: ["b", "a"] }),
      "templates/starter.yaml": stringify({
        name: "Starter",
        tiles: [{ type: "TEXT", body: "Hello", layouts: {} }]
      })
    }
    expect((await run(AsCode.apply(files, { projectId: target }))).failed).toEqual([])
    const [dashboard] = await liveDashboards(target)
    const [template] = await ownTemplates(target)
    await run(
      Dashboards.use((d) =>
        d.update(dashboard!.id, { description: "Edited by hand", pinned: true }, { projectId: target })
      )
    )
    await run(Sharing.use((s) => s.update(dashboard!.id, { enabled: true }, { projectId: target })))
    await run(DashboardTemplates.use((t) => t.update(template!.id, { tags: ["x"] }, { projectId: target })))

    const plan = await run(AsCode.plan(files, { projectId: target }))
    expect(plan.actions).toEqual([
      {
        kind: "template",
        action: "update",
        name: "Starter",
        id: template!.id,
        file: "templates/starter.yaml",
        changes: [{ field: "tags", before: ["x"], after: [] }]
      },
      {
        kind: "dashboard",
        action: "update",
        name: "Weekly",
        id: dashboard!.id,
        file: "dashboards/weekly.yaml",
        changes: [
          { field: "description", before: "Edited by hand", after: "The week" },
          { field: "pinned", before: true, after: false },
          { field: "sharing.enabled", before: true, after: false }
        ],
        sharing: "off"
      }
    ])
    expect(AsCode.renderPlan(plan)).toContain('    description: "Edited by hand" → "The week"')
    expect(AsCode.renderPlan(plan)).toContain("public link: off")
    expect((await run(AsCode.apply(files, { projectId: target }))).failed).toEqual([])
    expect((await run(AsCode.plan(files, { projectId: target }))).changes).toBe(false)
    expect((await run(Sharing.use((s) => s.get(dashboard!.id, { projectId: target })))).enabled).toBe(false)
  })

  it("creates templates before the dashboards made from them, which get the template's tiles", async () => {
    const target = await newProject("ordered")
    const files = {
      "templates/starter.yaml": stringify({
        name: "Starter",
        tags: ["kit"],
        tiles: [{ type: "TEXT", body: "Hello", layouts: {} }]
      }),
      "dashboards/from-starter.yaml": stringify({ name: "From starter", template: "Starter", tags: ["mine"] })
    }
    const plan = await run(AsCode.plan(files, { projectId: target }))
    expect(plan.actions.map((a) => `${a.action} ${a.kind}`)).toEqual(["create template", "create dashboard"])
    expect(plan.actions[1]?.changes).toContainEqual({
      field: "template",
      before: undefined,
      after: "Starter"
    })
    expect((await run(AsCode.apply(files, { projectId: target }))).failed).toEqual([])
    const [dashboard] = await liveDashboards(target)
    const full = await run(Dashboards.use((d) => d.get(dashboard!.id, { projectId: target })))
    expect(full.tiles).toMatchObject([{ text: { body: "Hello" } }])
    // The template's tags came along on create; apply set the file's.
    expect(full.tags).toEqual(["mine"])
    expect((await run(AsCode.plan(files, { projectId: target }))).changes).toBe(false)
  })

  it("keeps objects no file describes unless prune is asked for, then soft-deletes them", async () => {
    const target = await newProject("prune")
    await run(Dashboards.use((d) => d.create({ name: "Hand made" }, { projectId: target })))
    const files = { "dashboards/kept.yaml": stringify({ name: "Kept" }) }
    const plan = await run(AsCode.plan(files, { projectId: target }))
    expect(plan.unmanaged).toMatchObject([{ kind: "dashboard", name: "Hand made" }])
    expect(plan.actions.map((a) => a.action)).toEqual(["create"])
    await run(AsCode.apply(files, { projectId: target }))
    expect((await liveDashboards(target)).map((d) => d.name).sort()).toEqual(["Hand made", "Kept"])

    const pruning = await run(AsCode.plan(files, { projectId: target, prune: true }))
    expect(pruning.actions).toMatchObject([{ kind: "dashboard", action: "delete", name: "Hand made" }])
    await run(AsCode.apply(files, { projectId: target, prune: true }))
    expect((await liveDashboards(target)).map((d) => d.name)).toEqual(["Kept"])
  })

  it("changing a template's tiles is a replacement, done only with prune", async () => {
    const target = await newProject("replace")
    const tiles = (body: string) => [{ type: "TEXT", body, layouts: {} }]
    const v1 = { "templates/t.yaml": stringify({ name: "T", tiles: tiles("one") }) }
    const v2 = { "templates/t.yaml": stringify({ name: "T", tiles: tiles("two") }) }
    await run(AsCode.apply(v1, { projectId: target }))
    const plan = await run(AsCode.plan(v2, { projectId: target }))
    expect(plan.actions).toMatchObject([{ kind: "template", action: "replace", name: "T" }])
    const without = await run(AsCode.apply(v2, { projectId: target }))
    expect(without.skipped.length).toBe(1)
    expect((await ownTemplates(target))[0]!.tiles).toEqual(tiles("one"))
    await run(AsCode.apply(v2, { projectId: target, prune: true }))
    const templates = await ownTemplates(target)
    expect(templates.length).toBe(1)
    expect(templates[0]!.tiles).toEqual(tiles("two"))
  })

  it("the Promise form over folders: export, edit a file, plan, apply to another project, plan again", async () => {
    const target = await newProject("promised")
    const asCode = createAsCodeClient({ apiKey: emu().apiKey, host: emu().url, projectId: emu().projectId })
    try {
      const dir = mkdtempSync(join(tmpdir(), "hogkit-ascode-"))
      const written = await asCode.exportTo(dir)
      expect(written.removed).toEqual([])
      const file = join(dir, written.written.find((f) => f.startsWith("dashboards/"))!)
      writeFileSync(file, readFileSync(file, "utf8").replace(/^pinned: (true|false)$/m, "pinned: true"))
      const plan = await asCode.plan(dir, { projectId: target })
      expect(plan.summary.create).toBe(written.written.length)
      expect((await asCode.apply(dir, { projectId: target })).failed).toEqual([])
      expect((await asCode.plan(dir, { projectId: target })).changes).toBe(false)
      const again = mkdtempSync(join(tmpdir(), "hogkit-ascode-"))
      await asCode.exportTo(again, { projectId: target })
      for (const folder of ["dashboards", "templates"])
        for (const f of readdirSync(join(dir, folder)))
          expect(readFileSync(join(again, folder, f), "utf8")).toBe(
            readFileSync(join(dir, folder, f), "utf8")
          )
      await expect(asCode.plan(join(dir, "missing"))).rejects.toMatchObject({ _tag: "HogkitError" })
    } finally {
      await asCode.close()
    }
  })

  it("refuses files that are not valid, naming the file and the field", async () => {
    const bad = await fail(AsCode.plan({ "dashboards/a.yaml": "name: A\npinned: maybe\n" }))
    expect(bad.reason._tag).toBe("ValidationError")
    expect(bad.message).toContain("dashboards/a.yaml: pinned:")
    const twice = await fail(
      AsCode.plan({ "dashboards/a.yaml": "name: Same\n", "dashboards/b.json": '{"name": "Same"}' })
    )
    expect(twice.message).toContain('dashboards/b.json: the name "Same" is also used by dashboards/a.yaml')
    const yaml = await fail(AsCode.plan({ "templates/t.yaml": "name: [unclosed\n" }))
    expect(yaml.message).toContain("templates/t.yaml: not valid YAML")
    const settings = await fail(
      AsCode.plan({
        "dashboards/s.yaml": stringify({ name: "S", sharing: { enabled: true, settings: { bogus: 1 } } })
      })
    )
    expect(settings.message).toContain("dashboards/s.yaml: sharing.settings")
    // PostHog's own template schema: variables must be a list of variable objects.
    const server = await fail(
      AsCode.plan({
        "templates/v.yaml": stringify({ name: "V", variables: { a: 1 }, tiles: [{ type: "TEXT" }] })
      })
    )
    expect(server.message).toContain("templates/v.yaml: PostHog's template schema refuses it: variables")
  })

  it("apply under 20% 5xx, 5% resets and a rate limit converges after re-runs, with no duplicate and nothing lost", async () => {
    const target = await newProject("faulty")
    const files: Record<string, string> = {}
    for (let i = 0; i < 24; i++)
      files[`dashboards/d${i}.yaml`] = stringify({
        name: `Dashboard ${i}`,
        tags: [`t${i % 3}`],
        sharing: { enabled: i % 4 === 0 }
      })
    for (let i = 0; i < 6; i++)
      files[`templates/t${i}.yaml`] = stringify({
        name: `Template ${i}`,
        tiles: [{ type: "TEXT", body: `${i}` }]
      })
    await admin("PUT", "/_emulator/faults", {
      error_rate: 0.2,
      reset_rate: 0.05,
      rate_limit: { per_minute: 90 }
    })
    let runs = 0
    let failures = 0
    for (; runs < 12; runs++) {
      const result = await run(Effect.result(AsCode.apply(files, { projectId: target })))
      if (
        result._tag === "Success" &&
        result.success.failed.length === 0 &&
        result.success.applied.length === 0
      )
        break
      if (result._tag === "Failure" || result.success.failed.length > 0) failures++
    }
    await admin("DELETE", "/_emulator/faults")
    expect(failures).toBeGreaterThan(0)
    expect(runs).toBeLessThan(12)
    const dashboards = await liveDashboards(target)
    expect(dashboards.length).toBe(24)
    expect(new Set(dashboards.map((d) => d.name)).size).toBe(24)
    const templates = await ownTemplates(target)
    expect(templates.length).toBe(6)
    expect(new Set(templates.map((t) => t.template_name)).size).toBe(6)
    expect((await run(AsCode.plan(files, { projectId: target }))).changes).toBe(false)
    const shared = await Promise.all(
      dashboards
        .map((d) => run(Sharing.use((s) => s.get(d.id, { projectId: target }))))
        .map((p) => p.then((s) => s.enabled))
    )
    expect(shared.filter(Boolean).length).toBe(6)
  }, 600_000)
})
