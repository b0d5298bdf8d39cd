import { Comments, DashboardTemplates, type HogkitError, PostHogClient } from "@hogkit/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { describe, expect, it } from "vitest"
import { useCoreAgainstEmulator } from "./support.js"

const { run, fail, emu, admin, runtimeFor } = useCoreAgainstEmulator()

const tiles = [{ type: "INSIGHT", name: "Pageviews", query: { kind: "TrendsQuery" } }]

describe("DashboardTemplates against the emulator", () => {
  it("creates, reads, edits, lists and streams templates", async () => {
    const created = await run(
      DashboardTemplates.use((t) =>
        t.create({ template_name: "Web analytics", dashboard_description: "Traffic", tags: ["web"], tiles })
      )
    )
    expect(created).toMatchObject({ template_name: "Web analytics", scope: "team", team_id: emu().projectId })
    const got = await run(DashboardTemplates.use((t) => t.get(created.id)))
    expect(got.tiles).toEqual(tiles)
    const edited = await run(
      DashboardTemplates.use((t) => t.update(created.id, { dashboard_description: "All traffic" }))
    )
    expect(edited.dashboard_description).toBe("All traffic")
    const page = await run(DashboardTemplates.use((t) => t.list({ scope: "team" })))
    expect(page.count).toBe(1)
    expect(page.results[0]?.id).toBe(created.id)
    const all = await run(
      Stream.runCollect(
        Stream.unwrap(DashboardTemplates.use((t) => Effect.succeed(t.stream({ scope: "team" }))))
      )
    )
    expect(all.map((t) => t.id)).toEqual([created.id])
  })

  it("soft-deletes and restores", async () => {
    const created = await run(DashboardTemplates.use((t) => t.create({ template_name: "Temp", tiles })))
    const deleted = await run(DashboardTemplates.use((t) => t.delete(created.id)))
    expect(deleted.deleted).toBe(true)
    expect((await run(DashboardTemplates.use((t) => t.list({ scope: "team" })))).count).toBe(0)
    const restored = await run(DashboardTemplates.use((t) => t.restore(created.id)))
    expect(restored.deleted).toBe(false)
    expect((await run(DashboardTemplates.use((t) => t.list({ scope: "team" })))).count).toBe(1)
  })

  it("a hard DELETE is a MethodNotAllowed", async () => {
    const created = await run(DashboardTemplates.use((t) => t.create({ template_name: "Keep", tiles })))
    const error = await fail(
      PostHogClient.use((c) =>
        c.request({ operation: "api", method: "DELETE", path: `dashboard_templates/${created.id}/` })
      )
    )
    expect(error.reason._tag).toBe("MethodNotAllowed")
  })

  it("a duplicate name is PostHog's ValidationError", async () => {
    await run(DashboardTemplates.use((t) => t.create({ template_name: "Same", tiles })))
    const error = await fail(DashboardTemplates.use((t) => t.create({ template_name: "Same", tiles })))
    expect(error.reason._tag).toBe("ValidationError")
    expect(error.reason.detail).toBe("A dashboard template with this name already exists for this project.")
  })

  it("serves the JSON schema", async () => {
    const schema = await run(DashboardTemplates.use((t) => t.jsonSchema()))
    expect(schema.type).toBe("object")
    expect(schema.required).toContain("tiles")
  })

  it("streams many templates across concurrent pages in server order", async () => {
    await run(
      DashboardTemplates.use((t) =>
        Effect.forEach(
          Array.from({ length: 45 }, (_, i) => i),
          (i) => t.create({ template_name: `T${String(i).padStart(2, "0")}`, tiles }),
          { concurrency: 6 }
        )
      )
    )
    const names = await run(
      Stream.runCollect(
        Stream.unwrap(DashboardTemplates.use((t) => Effect.succeed(t.stream({ scope: "team", limit: 10 }))))
      )
    ).then((all) => all.map((t) => t.template_name))
    expect(names).toEqual(Array.from({ length: 45 }, (_, i) => `T${String(i).padStart(2, "0")}`))
  })

  it("copies a template from another project of the organization into the client's project", async () => {
    const other = await admin<{ id: number }>("POST", "/_emulator/projects", {
      organization_id: emu().organizationId,
      name: "Second"
    })
    const source = await runtimeFor({ projectId: other.id }).runPromise(
      DashboardTemplates.use((t) => t.create({ template_name: "Shared layout", tiles }))
    )
    expect(source.team_id).toBe(other.id)
    const copy = await run(
      DashboardTemplates.use((t) => t.copyBetweenProjects({ sourceTemplateId: source.id }))
    )
    expect(copy).toMatchObject({ template_name: "Shared layout", team_id: emu().projectId, scope: "team" })
    expect(copy.id).not.toBe(source.id)
    const second = await run(
      DashboardTemplates.use((t) => t.copyBetweenProjects({ sourceTemplateId: source.id }))
    )
    expect(second.template_name).toBe("Shared layout (copy)")
  })

  it("copying from the same project is refused with PostHog's reason", async () => {
    const source = await run(DashboardTemplates.use((t) => t.create({ template_name: "Mine", tiles })))
    const error = await fail(
      DashboardTemplates.use((t) => t.copyBetweenProjects({ sourceTemplateId: source.id }))
    )
    expect(error.reason._tag).toBe("ValidationError")
    if (error.reason._tag === "ValidationError") expect(error.reason.attr).toBe("source_template_id")
    expect(error.reason.detail).toBe("Source and destination must be different projects.")
  })
})

describe("a strict emulator refuses personal API keys where PostHog does", () => {
  const strict = useCoreAgainstEmulator({ strictPostHog: true })

  it("json_schema and copy_between_projects refuse personal API keys: sessionOnly", async () => {
    for (const effect of [
      DashboardTemplates.use((t) => t.jsonSchema()) as Effect.Effect<
        unknown,
        HogkitError,
        DashboardTemplates
      >,
      DashboardTemplates.use((t) =>
        t.copyBetweenProjects({ sourceTemplateId: "0b7c1d2e-1111-4222-8333-123456789abc" })
      )
    ]) {
      const error = await strict.fail(effect)
      expect(error.reason._tag).toBe("PermissionDenied")
      if (error.reason._tag !== "PermissionDenied") continue
      expect(error.reason.sessionOnly).toBe(true)
      expect(error.message).toContain("needs a logged-in PostHog session")
    }
  })

  it("comment complete and reopen are sessionOnly too", async () => {
    const task = await strict.run(
      Comments.use((c) => c.create({ scope: "Dashboard", content: "t", is_task: true }))
    )
    for (const effect of [Comments.use((c) => c.complete(task.id)), Comments.use((c) => c.reopen(task.id))]) {
      const error = await strict.fail(effect)
      expect(error.reason._tag).toBe("PermissionDenied")
      if (error.reason._tag === "PermissionDenied") expect(error.reason.sessionOnly).toBe(true)
    }
  })
})
