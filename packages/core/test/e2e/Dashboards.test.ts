import { Dashboards, DashboardTemplates, paginate } from "@hogkit/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { describe, expect, it } from "vitest"
import { useCoreAgainstEmulator } from "./support.js"

const { run, fail, emu } = useCoreAgainstEmulator()

describe("Dashboards against the emulator", () => {
  it("creates, reads, edits and lists a dashboard", async () => {
    const created = await run(
      Dashboards.use((d) => d.create({ name: "Weekly", description: "KPIs", pinned: true }))
    )
    expect(created).toMatchObject({
      name: "Weekly",
      description: "KPIs",
      pinned: true,
      creation_mode: "default",
      tiles: []
    })
    const got = await run(Dashboards.use((d) => d.get(created.id)))
    expect(got.team_id).toBe(emu().projectId)
    const edited = await run(Dashboards.use((d) => d.update(created.id, { name: "Weekly KPIs" })))
    expect(edited.name).toBe("Weekly KPIs")
    const page = await run(Dashboards.use((d) => d.list({ search: "kpis" })))
    expect(page.count).toBe(1)
    expect(page.results[0]).toMatchObject({ id: created.id, search_match_type: "exact" })
  })

  it("soft-deletes with deleteInsights and restores", async () => {
    const created = await run(Dashboards.use((d) => d.create({ name: "Old" })))
    const deleted = await run(Dashboards.use((d) => d.delete(created.id, { deleteInsights: true })))
    expect(deleted.deleted).toBe(true)
    const gone = await fail(Dashboards.use((d) => d.get(created.id)))
    expect(gone.reason._tag).toBe("NotFound")
    expect(gone.message).toBe(
      `Dashboards.get failed: Not found. (GET /api/projects/1/dashboards/${created.id}/)`
    )
    const restored = await run(Dashboards.use((d) => d.restore(created.id)))
    expect(restored.deleted).toBe(false)
    expect((await run(Dashboards.use((d) => d.get(created.id)))).name).toBe("Old")
  })

  it("creates a copy of a dashboard (use_dashboard) and one from a template (use_template)", async () => {
    const source = await run(Dashboards.use((d) => d.create({ name: "Source", description: "original" })))
    const copy = await run(Dashboards.use((d) => d.create({ name: "Copy", use_dashboard: source.id })))
    expect(copy.creation_mode).toBe("duplicate")
    await run(
      DashboardTemplates.use((t) =>
        t.create({
          template_name: "Product KPIs",
          dashboard_description: "from template",
          tiles: [{ type: "TEXT", body: "hi" }]
        })
      )
    )
    const fromTemplate = await run(
      Dashboards.use((d) => d.create({ name: "Mine", use_template: "Product KPIs" }))
    )
    expect(fromTemplate.creation_mode).toBe("template")
    const unknown = await fail(Dashboards.use((d) => d.create({ use_template: "no-such-template" })))
    expect(unknown.reason._tag).toBe("ValidationError")
    if (unknown.reason._tag === "ValidationError") expect(unknown.reason.attr).toBe("use_template")
  })

  it("streams 230 dashboards in server order over concurrent pages, and list gives one page", async () => {
    const names = Array.from({ length: 230 }, (_, i) => `D${String(i).padStart(3, "0")}`)
    await run(Dashboards.use((d) => Effect.forEach(names, (name) => d.create({ name }), { concurrency: 8 })))
    const page = await run(Dashboards.use((d) => d.list({ limit: 50 })))
    expect(page.count).toBe(230)
    expect(page.results).toHaveLength(50)
    const all = await run(
      Stream.runCollect(Stream.unwrap(Dashboards.use((d) => Effect.succeed(d.stream({ limit: 50 })))))
    )
    expect(all.map((d) => d.name)).toEqual(names)
    const raw = await run(
      Stream.runCollect(
        paginate({ operation: "api", method: "GET", path: "dashboards/", query: { limit: 100 } })
      )
    )
    expect(raw.map((d) => (d as { name: string }).name)).toEqual(names)
  })
})
