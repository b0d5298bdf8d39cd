import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { focused, type Rig, settled, startRig } from "./support/harness.js"

let rig: Rig
let staffKey: string
let otherProject: number
const P = () => `/api/projects/${rig.emulator.projectId}`

const asStaff = async (path: string, body: unknown) => {
  const res = await fetch(rig.emulator.url + path, {
    method: "POST",
    headers: { authorization: `Bearer ${staffKey}`, "content-type": "application/json" },
    body: JSON.stringify(body)
  })
  if (!res.ok) throw new Error(`${path} → ${res.status} ${await res.text()}`)
  return res.json() as Promise<{ id: string; template_name: string }>
}

const tiles = [{ type: "INSIGHT", name: "Trend", query: { kind: "TrendsQuery" } }]

/** Boot-state extras the emulator's reset removes: a staff user (global templates) and a second project. */
const seedOrg = async () => {
  const info = await rig.emu<{ organization_id: string }>("GET", "/_emulator/info")
  const user = await rig.emu<{ id: number }>("POST", "/_emulator/users", {
    email: "staff@example.com",
    first_name: "Staff",
    is_staff: true,
    organization_ids: [info.organization_id]
  })
  staffKey = (
    await rig.emu<{ key: string }>("POST", "/_emulator/personal_api_keys", {
      user_id: user.id,
      scopes: ["*"]
    })
  ).key
  const project = await rig.emu<{ id: number }>("POST", "/_emulator/projects", {
    organization_id: info.organization_id,
    name: "Staging"
  })
  otherProject = project.id
}

beforeAll(async () => {
  // The second project the reset recreates gets the same id each time, so the proxy can allow it up front.
  rig = await startRig({ templateSourceProjects: [2] })
})
beforeEach(async () => {
  await rig.emulator.reset()
  await seedOrg()
  expect(otherProject).toBe(2)
})
afterAll(async () => {
  await rig?.close()
})

const widget = () =>
  `<hogkit-dashboard-templates api-base="${rig.apiBase}" page-size="4"
    source-projects='[{"id":2,"name":"Staging"}]'></hogkit-dashboard-templates>`

describe("<hogkit-dashboard-templates>", () => {
  it("browses by scope with featured templates first", async () => {
    await rig.emu("POST", `${P()}/dashboard_templates/`, { template_name: "Team metrics", tiles })
    await asStaff(`${P()}/dashboard_templates/`, { template_name: "A plain global", scope: "global", tiles })
    await asStaff(`${P()}/dashboard_templates/`, {
      template_name: "Zeta featured",
      scope: "global",
      is_featured: true,
      tiles
    })
    await asStaff(`${P()}/dashboard_templates/`, {
      template_name: "Flag rollout",
      scope: "feature_flag",
      tiles
    })
    const page = await rig.open(widget())
    await settled(page)
    const names = () => page.locator("[part~=list] [part~=name]").allTextContents()
    await expect.poll(names).toEqual(["Team metrics"])

    await page.getByRole("tab", { name: "Global" }).click()
    await expect.poll(names).toEqual(["Zeta featured", "A plain global"])
    expect(
      await page.locator("[part~=list] [part~=item]").first().getByText("★ Featured", { exact: true }).count()
    ).toBe(1)

    await page.getByRole("tab", { name: "Global" }).press("ArrowRight")
    await expect.poll(names).toEqual(["Flag rollout"])
    expect(await page.getByRole("tab", { name: "Feature flags" }).getAttribute("aria-selected")).toBe("true")
    await page.close()
  })

  it("searches and pages", async () => {
    for (let i = 1; i <= 6; i++)
      await rig.emu("POST", `${P()}/dashboard_templates/`, { template_name: `Growth ${i}`, tiles })
    await rig.emu("POST", `${P()}/dashboard_templates/`, {
      template_name: "Churn radar",
      dashboard_description: "Who leaves",
      tiles
    })
    const page = await rig.open(widget())
    await settled(page)
    await expect.poll(() => page.locator("[part~=list] [part~=item]").count()).toBe(4)
    await page.getByRole("button", { name: "Next" }).click()
    await expect.poll(() => page.locator("[part~=list] [part~=item]").count()).toBe(3)
    await page.getByLabel("Search templates").fill("churn")
    await expect
      .poll(() => page.locator("[part~=list] [part~=name]").allTextContents())
      .toEqual(["Churn radar"])
    await page.close()
  })

  it("copies a template from another project of the organization into this one", async () => {
    const source = await rig.emu<{ id: string }>(
      "POST",
      `/api/projects/${otherProject}/dashboard_templates/`,
      {
        template_name: "Staging checklist",
        tiles
      }
    )
    const page = await rig.open(widget())
    await settled(page)
    const copyButton = page.getByRole("button", { name: "Copy Staging checklist into this project" })
    await copyButton.click()
    await page.getByText("Template copied as “Staging checklist”.").waitFor()
    await page.locator("[part~=list] [part~=name]").getByText("Staging checklist").waitFor()
    const mine = await rig.emu<{ results: Array<{ template_name: string; id: string; scope: string }> }>(
      "GET",
      `${P()}/dashboard_templates/?scope=team`
    )
    const copy = mine.results.find((t) => t.template_name === "Staging checklist")
    expect(copy).toBeDefined()
    expect(copy!.id).not.toBe(source.id)
    expect(copy!.scope).toBe("team")

    await copyButton.click()
    await page.getByText("Template copied as “Staging checklist (copy)”.").waitFor()
    await page.close()
  })

  it("shows the other project's failure, not an empty list, when the network fails, and retries", async () => {
    await rig.emu("POST", `/api/projects/${otherProject}/dashboard_templates/`, {
      template_name: "Over there",
      tiles
    })
    const page = await rig.open(widget())
    // Every request for the other project's templates fails at the network, as a dropped connection would.
    await page.route(`**/posthog/api/projects/${otherProject}/dashboard_templates/**`, (route) =>
      route.abort("failed")
    )
    await page.reload()
    await settled(page)
    const failure = page.locator("[part~=source-error]")
    await failure.getByText("The other project's templates could not be loaded.").waitFor()
    expect(((await failure.locator(".user-text").textContent()) ?? "").length).toBeGreaterThan(10)
    expect(await page.getByText("That project has no templates of its own.").count()).toBe(0)
    // This project's own templates are unaffected.
    expect(await page.locator("[part~=list], [part~=empty]").count()).toBeGreaterThan(0)

    await page.unroute(`**/posthog/api/projects/${otherProject}/dashboard_templates/**`)
    await failure.getByRole("button", { name: "Try again" }).click()
    await page.getByRole("button", { name: "Copy Over there into this project" }).waitFor()
    expect(await focused(page)).toBe("select|source")
    await page.close()
  })

  it("says an empty other project is empty", async () => {
    const page = await rig.open(widget())
    await settled(page)
    await page.getByText("That project has no templates of its own.").waitFor()
    await page.close()
  })
})
