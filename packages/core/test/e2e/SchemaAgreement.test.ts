/**
 * The emulator's raw answers parse with core's response schemas: what the oracle answers over HTTP is what
 * core accepts. (The emulator has no schema of core's; this is where the two meet.)
 */
import {
  Comment,
  CommentPage,
  Dashboard,
  DashboardPage,
  DashboardTemplate,
  DashboardTemplatePage,
  SharingConfiguration
} from "@hogkit/core/schema"
import { describe, expect, it } from "vitest"
import { useCoreAgainstEmulator } from "./support.js"

const h = useCoreAgainstEmulator()

const call = async (method: string, path: string, body?: unknown) => {
  const e = h.emu()
  const res = await fetch(`${e.url}/api/projects/${e.projectId}/${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${e.apiKey}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" })
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  expect(res.status).toBeLessThan(300)
  return res.json()
}

describe("the emulator's answers parse with core's schemas", () => {
  it("comments: a created comment and a list page", async () => {
    const created = await call("POST", "comments/", { content: "hi", scope: "Notebook" })
    expect(Comment.parse(created).id).toBe(created.id)
    expect(CommentPage.parse(await call("GET", "comments/")).results).toHaveLength(1)
  })

  it("dashboard templates: a created template and a list page", async () => {
    const created = await call("POST", "dashboard_templates/", {
      template_name: "T",
      tiles: [{ type: "INSIGHT", name: "Pageviews", query: { kind: "TrendsQuery" } }]
    })
    expect(DashboardTemplate.parse(created).id).toBe(created.id)
    expect(DashboardTemplatePage.parse(await call("GET", "dashboard_templates/")).count).toBe(1)
  })

  it("dashboards and sharing: a created dashboard, a list page and its sharing configuration", async () => {
    const created = await call("POST", "dashboards/", { name: "D" })
    expect(Dashboard.parse(created).id).toBe(created.id)
    expect(DashboardPage.parse(await call("GET", "dashboards/")).count).toBe(1)
    expect(SharingConfiguration.parse(await call("GET", `dashboards/${created.id}/sharing/`)).enabled).toBe(
      false
    )
  })
})
