/** Writes are transactional: concurrent creates never produce duplicates, torn rows or 500s. */
import { describe, expect, it } from "vitest"
import { tiles, useEmulator } from "./internal/Harness.js"

const { client } = useEmulator()

describe("concurrency", () => {
  it("50 concurrent creates of a same-named template yield exactly one; the rest get PostHog's uniqueness error", async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => client.post("dashboard_templates/", { template_name: "Race", tiles }))
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 400)).toHaveLength(49)
    for (const r of results.filter((x) => x.status === 400)) {
      expect(r.body).toEqual({
        type: "validation_error",
        code: "unique_template_name_per_team",
        detail: "A dashboard template with this name already exists for this project.",
        attr: null
      })
    }
    const list = await client.get("dashboard_templates/")
    expect(list.body.count).toBe(1)
    expect(list.body.results[0].tiles).toEqual(tiles)
  })

  it("concurrent renames onto one name: exactly one wins", async () => {
    const ids: string[] = []
    for (let i = 0; i < 10; i++)
      ids.push((await client.post("dashboard_templates/", { template_name: `n${i}`, tiles })).body.id)
    const results = await Promise.all(
      ids.map((id) => client.patch(`dashboard_templates/${id}/`, { template_name: "Target" }))
    )
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status === 400)).toHaveLength(9)
  })

  it("concurrent comment edits each increment version exactly once", async () => {
    const c = await client.post("comments/", { content: "v0", scope: "Notebook" })
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.patch(`comments/${c.body.id}/`, { content: `v${i + 1}` }))
    )
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect((await client.get(`comments/${c.body.id}/`)).body.version).toBe(20)
  })
})
