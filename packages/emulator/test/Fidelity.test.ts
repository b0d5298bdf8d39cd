/**
 * Facts from PostHog's newest serializers, helpers and tests, each a test named after it (issue 15,
 * "Fidelity to PostHog's newest API"). Runs on PGlite and, in the PostgreSQL pass, on a server.
 */
import { describe, expect, it } from "vitest"
import { keyWithScopes, tiles, useEmulator } from "./internal/Harness.js"

const { client } = useEmulator()

describe("fidelity to PostHog's newest API", () => {
  it("the scope of a comment is trimmed before the permission check: ' Ticket ' with only comment:write gets PostHog's 403", async () => {
    const key = await keyWithScopes(client, 1, ["comment:write", "comment:read"])
    const res = await client.post("comments/", { content: "hi", scope: " Ticket ", item_id: "1" }, { key })
    expect(res.status).toBe(403)
    expect(res.body.detail).toBe("API key missing required scope 'ticket:write'")
    // Nothing was stored under the trimmed scope.
    expect((await client.get("comments/?scope=Ticket")).body.results).toEqual([])
    // A key with the ticket scope may, and the stored scope is the trimmed one.
    const ok = await client.post("comments/", { content: "hi", scope: " Ticket ", item_id: "1" })
    expect(ok.status).toBe(201)
    expect(ok.body.scope).toBe("Ticket")
  })

  it("dashboard use_template accepts PostHog's built-in keys DEFAULT_APP and WEBSITE_TRAFFIC with creation_mode template", async () => {
    const app = await client.post("dashboards/", { name: "App", use_template: "DEFAULT_APP" })
    expect(app.status).toBe(201)
    expect(app.body.creation_mode).toBe("template")
    expect(app.body.tiles.map((t: { insight: { name: string } }) => t.insight.name)).toEqual([
      "Daily active users (DAUs)",
      "Weekly active users (WAUs)",
      "Retention",
      "Growth accounting",
      "Referring domain (last 14 days)",
      "Pageview funnel, by browser"
    ])
    const web = await client.post("dashboards/", { name: "Web", use_template: "WEBSITE_TRAFFIC" })
    expect(web.status).toBe(201)
    expect(web.body).toMatchObject({ name: "Web", creation_mode: "template", filters: { date_from: "-30d" } })
    expect(web.body.tags).toEqual(["marketing"])
    expect(web.body.tiles[0].insight.name).toBe("Website Unique Users (Total)")
    expect(web.body.tiles).toHaveLength(9)
  })

  it("dashboard use_template accepts the original built-in template's name 'Product analytics' when no stored template has it", async () => {
    expect((await client.get("dashboard_templates/?search=Product")).body.count).toBe(0)
    const res = await client.post("dashboards/", { use_template: "Product analytics" })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ name: "Product analytics", creation_mode: "template" })
    expect(res.body.tiles).toHaveLength(6)
    // A stored template of that name wins over the built-in, as PostHog looks stored templates up first.
    await client.post("dashboard_templates/", { template_name: "Product analytics", tiles })
    const stored = await client.post("dashboards/", { use_template: "Product analytics" })
    expect(stored.body.tiles.map((t: { insight: { name: string } }) => t.insight.name)).toEqual(["Pageviews"])
    // Anything else is still PostHog's error.
    const bad = await client.post("dashboards/", { use_template: "NO_SUCH_TEMPLATE" })
    expect(bad.status).toBe(400)
    expect(bad.body.detail).toBe("Invalid template provided: NO_SUCH_TEMPLATE")
  })

  it("dashboard templates' json_schema lists every property PostHog's test expects, including is_featured", async () => {
    const res = await client.get("dashboard_templates/json_schema/")
    expect(res.status).toBe(200)
    expect(Object.keys(res.body.properties)).toEqual([
      "id",
      "template_name",
      "team_id",
      "created_at",
      "image_url",
      "dashboard_description",
      "dashboard_filters",
      "tiles",
      "variables",
      "tags",
      "is_featured"
    ])
    expect(res.body.properties.is_featured.type).toBe("boolean")
  })

  it("dashboards carry folder: the folder they were created in, else null", async () => {
    const plain = await client.post("dashboards/", { name: "Plain" })
    expect(plain.body).toHaveProperty("folder", null)
    const filed = await client.post("dashboards/", { name: "Filed", _create_in_folder: "Team/Reports" })
    expect(filed.body.folder).toBe("Team/Reports")
    expect((await client.get(`dashboards/${filed.body.id}/`)).body.folder).toBe("Team/Reports")
    const listed = (await client.get("dashboards/")).body.results
    expect(listed.map((d: { folder: string | null }) => d.folder).sort()).toEqual(
      ["Team/Reports", null].sort()
    )
  })

  it("dashboard lists carry search_match_type on every row, null when not searching", async () => {
    await client.post("dashboards/", { name: "Revenue" })
    await client.post("dashboards/", { name: "Signups" })
    const all = (await client.get("dashboards/")).body.results
    expect(all).toHaveLength(2)
    for (const row of all) expect(row).toHaveProperty("search_match_type", null)
    const found = (await client.get("dashboards/?search=Revenue")).body.results
    expect(found.map((d: { search_match_type: string }) => d.search_match_type)).toEqual(["exact"])
  })

  it("templates carry non_portable_references {actions, cohorts, warehouse_tables}", async () => {
    const plain = await client.post("dashboard_templates/", { template_name: "Plain", tiles })
    expect(plain.body.non_portable_references).toEqual({ actions: [], cohorts: [], warehouse_tables: [] })
    const referring = await client.post("dashboard_templates/", {
      template_name: "Referring",
      tiles: [
        {
          type: "INSIGHT",
          name: "Signups",
          query: {
            kind: "InsightVizNode",
            source: {
              kind: "TrendsQuery",
              series: [
                { kind: "ActionsNode", id: 12 },
                { kind: "DataWarehouseNode", table_name: "stripe_charges" }
              ],
              properties: [{ type: "cohort", key: "id", value: 7 }]
            }
          }
        }
      ]
    })
    expect(referring.body.non_portable_references).toEqual({
      actions: [12],
      cohorts: [7],
      warehouse_tables: ["stripe_charges"]
    })
    const listed = (await client.get("dashboard_templates/")).body.results
    expect(listed.every((t: object) => "non_portable_references" in t)).toBe(true)
  })

  it("quick_filter_ids is [], not null", async () => {
    const created = await client.post("dashboards/", { name: "Q" })
    expect(created.body.quick_filter_ids).toEqual([])
    expect((await client.get(`dashboards/${created.body.id}/`)).body.quick_filter_ids).toEqual([])
    const copy = await client.post("dashboards/", { name: "Copy", use_dashboard: created.body.id })
    expect(copy.body.quick_filter_ids).toEqual([])
  })

  it("sharing GET carries user_access_level", async () => {
    const { body: d } = await client.post("dashboards/", { name: "Shared" })
    expect((await client.get(`dashboards/${d.id}/sharing/`)).body.user_access_level).toBe("editor")
    const saved = await client.patch(`dashboards/${d.id}/sharing/`, { enabled: true })
    expect(saved.body.user_access_level).toBe("editor")
    expect((await client.get(`dashboards/${d.id}/sharing/`)).body.user_access_level).toBe("editor")
  })

  it("re-enabling sharing after disabling it issues a new token, and the old token stops working", async () => {
    const { body: d } = await client.post("dashboards/", { name: "Toggled" })
    const first = await client.patch(`dashboards/${d.id}/sharing/`, { enabled: true })
    // Saving settings while enabled keeps the link.
    const kept = await client.patch(`dashboards/${d.id}/sharing/`, { settings: { noHeader: true } })
    expect(kept.body.access_token).toBe(first.body.access_token)
    await client.patch(`dashboards/${d.id}/sharing/`, { enabled: false })
    const second = await client.patch(`dashboards/${d.id}/sharing/`, { enabled: true })
    expect(second.body.enabled).toBe(true)
    expect(second.body.access_token).toHaveLength(30)
    expect(second.body.access_token).not.toBe(first.body.access_token)
    // The old token is no longer the dashboard's link: the configuration answers only the new one.
    const now = await client.get(`dashboards/${d.id}/sharing/`)
    expect(now.body.access_token).toBe(second.body.access_token)
    expect((await client.get(`dashboards/${d.id}/`)).body.is_shared).toBe(true)
  })

  it("persisted_filters and persisted_variables are null while the dashboard's filters and variables are empty", async () => {
    const empty = await client.post("dashboards/", { name: "Plain" })
    expect(empty.body).toMatchObject({ filters: {}, persisted_filters: null, persisted_variables: null })
    const retrieved = await client.get(`dashboards/${empty.body.id}/`)
    expect(retrieved.body).toMatchObject({ persisted_filters: null, persisted_variables: null })
    const filtered = await client.patch(`dashboards/${empty.body.id}/`, { filters: { date_from: "-7d" } })
    expect(filtered.body.persisted_filters).toEqual({ date_from: "-7d" })
    expect(filtered.body.persisted_variables).toBeNull()
    const cleared = await client.patch(`dashboards/${empty.body.id}/`, { filters: {} })
    expect(cleared.body.persisted_filters).toBeNull()
  })
})
