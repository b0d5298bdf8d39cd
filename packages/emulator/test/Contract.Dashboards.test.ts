/** posthog-api-behaviour.md §3: dashboards. */
import { describe, expect, it } from "vitest"
import { tiles, useEmulator } from "./internal/Harness.js"

const { emu, client } = useEmulator()

const v = (detail: string, attr: string | null = null, code = "invalid_input") => ({
  type: "validation_error",
  code,
  detail,
  attr
})

const dashboard = async (body: Record<string, unknown>) => {
  const res = await client.post("dashboards/", body)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body
}

const names = (res: { body: { results: Array<{ name: string }> } }) => res.body.results.map((d) => d.name)

describe("§3.2 create", () => {
  it("§3.2 create → 201 with the detail shape: tiles [], creation_mode default, restriction 21, privilege 37", async () => {
    const d = await dashboard({ name: "Basic", description: "about", pinned: "true" })
    expect(d.id).toBeGreaterThan(0)
    expect(d).toMatchObject({
      name: "Basic",
      description: "about",
      pinned: true,
      tiles: [],
      creation_mode: "default",
      restriction_level: 21,
      effective_privilege_level: 37,
      deleted: false,
      is_shared: false,
      team_id: 1,
      created_by: { id: 1, email: "user@example.com" }
    })
  })

  it("§3.2 use_template and use_dashboard together → 400 attr null", async () => {
    const res = await client.post("dashboards/", { name: "x", use_template: "k", use_dashboard: 1 })
    expect(res.body).toEqual(v("`use_dashboard` and `use_template` cannot be used together"))
  })

  it("§3.2 use_dashboard not in the project → 400 attr use_dashboard Invalid value provided", async () => {
    const res = await client.post("dashboards/", { name: "x", use_dashboard: 9999 })
    expect(res.body).toEqual(v("Invalid value provided", "use_dashboard"))
  })

  it("§3.2 use_dashboard duplicates filters and tiles with creation_mode duplicate", async () => {
    const tpl = await client.post("dashboard_templates/", { template_name: "T", tiles })
    const src = await dashboard({ name: "Src", use_template: "T" })
    await client.patch(`dashboards/${src.id}/`, { filters: { date_from: "-7d" } })
    const copy = await dashboard({ name: "Copy", use_dashboard: src.id })
    expect(copy).toMatchObject({ creation_mode: "duplicate", filters: { date_from: "-7d" } })
    expect(copy.tiles).toHaveLength(1)
    expect(tpl.status).toBe(201)
  })

  it("§3.2 use_template unknown → 400 attr use_template; known → creation_mode template", async () => {
    expect((await client.post("dashboards/", { use_template: "nope" })).body).toEqual(
      v("Invalid template provided: nope", "use_template")
    )
    const t = await client.post("dashboard_templates/", {
      template_name: "Funnels",
      tiles,
      dashboard_description: "d"
    })
    const d = await dashboard({ name: "From template", use_template: t.body.id })
    expect(d.creation_mode).toBe("template")
    expect(d.tiles[0].insight.name).toBe("Pageviews")
  })

  it("§3.2 filters that are not an object → 400 attr null Filters must be a dictionary", async () => {
    expect((await client.post("dashboards/", { name: "x", filters: [1] })).body).toEqual(
      v("Filters must be a dictionary")
    )
  })

  it("§3.2 tags are kept when the organization has tagging", async () => {
    const d = await dashboard({ name: "Tagged", tags: ["a", "b", "a"] })
    expect(d.tags).toEqual(["a", "b"])
  })

  it("§3.2 tags are silently ignored without the tagging feature", async () => {
    const org = await client.admin("POST", "/_emulator/organizations", { name: "Free" })
    const project = await client.admin("POST", "/_emulator/projects", {
      organization_id: org.body.id,
      name: "P"
    })
    const user = await client.admin("POST", "/_emulator/users", {
      email: "f@example.com",
      organization_ids: [org.body.id]
    })
    const key = (
      await client.admin("POST", "/_emulator/personal_api_keys", { user_id: user.body.id, scopes: ["*"] })
    ).body.key
    const res = await client.post(
      `/api/projects/${project.body.id}/dashboards/`,
      { name: "x", tags: ["a"] },
      { key }
    )
    expect(res.status).toBe(201)
    expect(res.body.tags).toEqual([])
    expect(res.body.effective_restriction_level).toBe(21)
  })

  it("§3.2 name over 400 characters → max_length", async () => {
    expect((await client.post("dashboards/", { name: "n".repeat(401) })).body).toEqual(
      v("Ensure this field has no more than 400 characters.", "name", "max_length")
    )
  })

  it("§3.2 the 500-dashboards-per-project limit → 402 limit_exceeded with extra", async () => {
    for (let i = 0; i < 500; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) => client.post("dashboards/", { name: `d${i + j}` }))
      )
    }
    const res = await client.post("dashboards/", { name: "one too many" })
    expect(res.status).toBe(402)
    expect(res.body).toMatchObject({
      type: "limit_exceeded",
      code: "limit_exceeded",
      detail: "Resource limit exceeded.",
      attr: null,
      extra: { limit_key: "analytics.max_dashboards_per_team", limit: 500, current: 500 }
    })
    expect(res.body.extra.request.id).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe("§3.3 list", () => {
  it("§3.3 list items have the basic shape (no tiles) and search_match_type null without search", async () => {
    await dashboard({ name: "x" })
    const res = await client.get("dashboards/")
    expect(res.body.count).toBe(1)
    expect(res.body.results[0]).not.toHaveProperty("tiles")
    expect(res.body.results[0].search_match_type).toBeNull()
    expect(res.body.results[0]).toMatchObject({ access_control_version: "v2", user_access_level: "editor" })
  })

  it("§3.3 ordering is -pinned, name", async () => {
    await dashboard({ name: "b" })
    await dashboard({ name: "a" })
    await dashboard({ name: "z", pinned: true })
    expect(names(await client.get("dashboards/"))).toEqual(["z", "a", "b"])
  })

  it("§3.3 deleted and unlisted dashboards are excluded; ?creation_mode filters exactly", async () => {
    const gone = await dashboard({ name: "gone" })
    await client.patch(`dashboards/${gone.id}/`, { deleted: true })
    await dashboard({ name: "kept" })
    expect(names(await client.get("dashboards/"))).toEqual(["kept"])
    const t = await client.post("dashboard_templates/", { template_name: "T", tiles })
    await dashboard({ name: "from t", use_template: t.body.id })
    expect(names(await client.get("dashboards/?creation_mode=template"))).toEqual(["from t"])
  })

  it("§3.3 exclude_generated drops generated dashboards; tags filter is any-of", async () => {
    await dashboard({ name: "Generated Dashboard: x", tags: ["a"] })
    await dashboard({ name: "Mine", tags: ["b"] })
    await dashboard({ name: "Other", tags: ["c"] })
    expect(names(await client.get("dashboards/?exclude_generated=true"))).toEqual(["Mine", "Other"])
    expect(names(await client.get("dashboards/?tags=a&tags=b"))).toEqual(["Generated Dashboard: x", "Mine"])
  })

  it("§3.3 search: exact substring matches on name, description or tags first", async () => {
    await dashboard({ name: "Revenue overview" })
    await dashboard({ name: "Other", description: "about REVENUE" })
    await dashboard({ name: "Tagged", tags: ["revenue-team"] })
    await dashboard({ name: "Revenu" })
    const res = await client.get("dashboards/?search=revenue")
    expect(names(res)).toEqual(["Revenue overview", "Other", "Tagged"])
    expect(
      res.body.results.every((d: { search_match_type: string }) => d.search_match_type === "exact")
    ).toBe(true)
  })

  it("§3.3 search: no exact match → trigram similarity, marked similar", async () => {
    await dashboard({ name: "Retention cohorts" })
    await dashboard({ name: "Completely different" })
    const res = await client.get("dashboards/?search=retension cohort")
    expect(names(res)).toEqual(["Retention cohorts"])
    expect(res.body.results[0].search_match_type).toBe("similar")
  })

  it("§3.3 search longer than 200 characters → 400 attr search", async () => {
    const res = await client.get(`dashboards/?search=${"a".repeat(201)}`)
    expect(res.body).toEqual(v("Search query must be 200 characters or fewer.", "search"))
  })

  it("§3.3 search is NUL-stripped and trimmed", async () => {
    await dashboard({ name: "Revenue" })
    const res = await client.get(`dashboards/?search=${encodeURIComponent("  reve\u0000nue  ")}`)
    expect(names(res)).toEqual(["Revenue"])
  })
})

describe("§3.3 format", () => {
  it("§3.3 ?format=txt selects the text/event-stream renderer whose body degenerates to the keys", async () => {
    const res = await client.get("dashboards/?format=txt")
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toBe("text/event-stream")
    expect(res.text).toBe("countnextpreviousresults")
  })

  it("§3.3 an unknown format → 404 Not found., before authentication", async () => {
    const res = await client.get("dashboards/?format=xml", { key: null })
    expect(res.status).toBe(404)
    expect(res.body.detail).toBe("Not found.")
  })
})

describe("§3.2 quick filters", () => {
  it("§3.2 quick_filter_ids must be UUIDs that exist in the project", async () => {
    expect((await client.post("dashboards/", { quick_filter_ids: ["nope"] })).body).toEqual(
      v("Invalid UUID: nope", "quick_filter_ids")
    )
    const id = "00000000-0000-4000-8000-000000000001"
    expect((await client.post("dashboards/", { quick_filter_ids: [id] })).body).toEqual(
      v(`Quick filters not found: ${id}`, "quick_filter_ids")
    )
    expect((await client.post("dashboards/", { quick_filter_ids: [] })).status).toBe(201)
  })
})

describe("§3.4 retrieve, update, delete", () => {
  it("§3.4 retrieve returns tiles and updates last_accessed_at", async () => {
    const d = await dashboard({ name: "x" })
    expect(d.last_accessed_at).toBeNull()
    const got = await client.get(`dashboards/${d.id}/`)
    expect(got.body.tiles).toEqual([])
    expect(got.body.last_accessed_at).toMatch(/Z$/)
  })

  it("§3.4 a non-integer or unknown id → 404 Not found.", async () => {
    for (const id of ["abc", "999999"]) {
      const res = await client.get(`dashboards/${id}/`)
      expect(res.status).toBe(404)
      expect(res.body.detail).toBe("Not found.")
    }
  })

  it("§3.4 PATCH deleted:true soft-deletes (404 after); PATCH deleted:false restores", async () => {
    const d = await dashboard({ name: "x" })
    expect((await client.patch(`dashboards/${d.id}/`, { deleted: true })).body.deleted).toBe(true)
    expect((await client.get(`dashboards/${d.id}/`)).status).toBe(404)
    expect((await client.patch(`dashboards/${d.id}/`, { name: "y" })).status).toBe(404)
    const restored = await client.patch(`dashboards/${d.id}/`, { deleted: false })
    expect(restored.status).toBe(200)
    expect((await client.get(`dashboards/${d.id}/`)).status).toBe(200)
  })

  it("§3.4 creation_mode is read-only on PATCH; non-dict filters → 400", async () => {
    const d = await dashboard({ name: "x" })
    expect(
      (await client.patch(`dashboards/${d.id}/`, { creation_mode: "template" })).body.creation_mode
    ).toBe("default")
    expect((await client.patch(`dashboards/${d.id}/`, { filters: "x" })).body).toEqual(
      v("Filters must be a dictionary")
    )
  })

  it("§3.4 changing restriction_level of someone else's dashboard → 403", async () => {
    const d = await dashboard({ name: "x" })
    const user = await client.admin("POST", "/_emulator/users", {
      email: "b@example.com",
      organization_ids: [emu().organizationId]
    })
    const key = (
      await client.admin("POST", "/_emulator/personal_api_keys", { user_id: user.body.id, scopes: ["*"] })
    ).body.key
    const res = await client.patch(`dashboards/${d.id}/`, { restriction_level: 37 }, { key })
    expect(res.status).toBe(403)
    expect(res.body.detail).toBe(
      "Only the dashboard owner and project admins have the restriction rights required to change the dashboard's restriction level."
    )
    const own = await client.patch(`dashboards/${d.id}/`, { restriction_level: 37 })
    expect(own.body).toMatchObject({
      restriction_level: 37,
      effective_restriction_level: 37,
      access_control_version: "v1"
    })
  })

  it("§3.4 DELETE → 405 empty body and the dashboard is still retrievable", async () => {
    const d = await dashboard({ name: "x" })
    const res = await client.del(`dashboards/${d.id}/`)
    expect(res.status).toBe(405)
    expect(res.text).toBe("")
    expect((await client.get(`dashboards/${d.id}/`)).status).toBe(200)
  })
})
