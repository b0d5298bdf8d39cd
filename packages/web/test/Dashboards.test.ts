import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { focused, type Rig, settled, startRig } from "./support/harness.js"

let rig: Rig
const P = () => `/api/projects/${rig.emulator.projectId}`
const widget = () => `<hogkit-dashboards api-base="${rig.apiBase}" page-size="10"></hogkit-dashboards>`

beforeAll(async () => {
  rig = await startRig()
})
beforeEach(async () => {
  await rig.emulator.reset()
})
afterAll(async () => {
  await rig?.close()
})

const seedDashboards = async () => {
  for (let i = 1; i <= 23; i++) {
    await rig.emu("POST", `${P()}/dashboards/`, {
      name: `Board ${String(i).padStart(2, "0")}`,
      description: i === 5 ? "Weekly revenue numbers" : `Dashboard number ${i}`,
      pinned: i === 17 || i === 21
    })
  }
}

describe("<hogkit-dashboards>", () => {
  it("lists pinned dashboards first and pages through the rest", async () => {
    await seedDashboards()
    const page = await rig.open(widget())
    await settled(page)
    const names = () => page.locator("[part~=item] [part~=name]").allTextContents()
    await expect.poll(() => page.locator("#range").textContent()).toContain("1–10 of 23")
    const first = await names()
    expect(first.slice(0, 2).map((n) => n.trim())).toEqual(["Board 17", "Board 21"])
    expect(await page.locator("[part~=item]").first().getByText("Pinned").count()).toBe(1)

    await page.getByRole("button", { name: "Next" }).click()
    await expect.poll(() => page.locator("#range").textContent()).toContain("11–20 of 23")
    expect(await focused(page)).toBe("button|Next")
    const second = await names()
    expect(second.some((n) => first.includes(n))).toBe(false)
    await page.getByRole("button", { name: "Next" }).click()
    await expect.poll(() => page.locator("#range").textContent()).toContain("21–23 of 23")
    expect(await page.getByRole("button", { name: "Next" }).isDisabled()).toBe(true)
    // Next is disabled on the last page: focus goes to Previous rather than being lost.
    expect(await focused(page)).toBe("button|Previous")
    const all = await rig.emu<{ count: number }>("GET", `${P()}/dashboards/?limit=1`)
    expect(all.count).toBe(23)
    await page.close()
  })

  it("searches after the user stops typing", async () => {
    await seedDashboards()
    // A long quiet period keeps the test about debouncing, not about how fast a loaded machine types.
    const page = await rig.open(
      `<hogkit-dashboards api-base="${rig.apiBase}" page-size="10" search-delay="1500"></hogkit-dashboards>`
    )
    await settled(page)
    const requests: Array<string> = []
    page.on("request", (r) => {
      if (r.url().includes("/dashboards/") && r.url().includes("search=")) requests.push(r.url())
    })
    await page.getByLabel("Search dashboards").pressSequentially("revenue", { delay: 30 })
    await expect.poll(() => page.locator("[part~=item]").count(), { timeout: 15_000 }).toBe(1)
    await page.locator("[part~=item]").getByText("Board 05").waitFor()
    // One request for the whole word, not one per keystroke.
    expect(requests).toHaveLength(1)
    await page.getByLabel("Search dashboards").fill("nothing like this")
    await page.getByText("No dashboards match “nothing like this”.").waitFor()
    await page.close()
  })

  it("creates a dashboard blank, from a template and as a copy", async () => {
    await rig.emu("POST", `${P()}/dashboard_templates/`, {
      template_name: "Onboarding funnel",
      dashboard_description: "Signup to activation",
      tiles: [{ type: "INSIGHT", name: "Signups", query: { kind: "TrendsQuery" } }]
    })
    const source = await rig.emu<{ id: number }>("POST", `${P()}/dashboards/`, { name: "Original" })
    const page = await rig.open(widget())
    await settled(page)

    await page.getByRole("button", { name: "New dashboard" }).click()
    await page.getByLabel("Name").fill("Blank one")
    await page.getByRole("button", { name: "Create dashboard" }).click()
    await page.getByText("Dashboard “Blank one” created.").waitFor()

    await page.getByRole("button", { name: "New dashboard" }).click()
    await page.getByLabel("Name").fill("From the template")
    await page.getByLabel("A template").check()
    await page.getByLabel("Template", { exact: true }).selectOption({ label: "Onboarding funnel" })
    await page.getByRole("button", { name: "Create dashboard" }).click()
    await page.getByText("Dashboard “From the template” created.").waitFor()

    await page.getByRole("button", { name: "New dashboard" }).click()
    await page.getByLabel("Name").fill("The copy")
    await page.getByLabel("A copy of a dashboard").check()
    await page.getByLabel("Dashboard to copy").selectOption({ label: "Original" })
    await page.getByRole("button", { name: "Create dashboard" }).click()
    await page.getByText("Dashboard “The copy” created.").waitFor()
    await page.locator("[part~=item]").getByText("From the template").waitFor()

    const list = await rig.emu<{ results: Array<{ id: number; name: string; creation_mode: string }> }>(
      "GET",
      `${P()}/dashboards/?limit=100`
    )
    const byName = Object.fromEntries(list.results.map((d) => [d.name, d]))
    expect(byName["Blank one"]?.creation_mode).toBe("default")
    expect(byName["From the template"]?.creation_mode).toBe("template")
    expect(byName["The copy"]?.creation_mode).toBe("duplicate")
    const full = await rig.emu<{ tiles: unknown[] }>(
      "GET",
      `${P()}/dashboards/${byName["From the template"]!.id}/`
    )
    expect(full.tiles.length).toBeGreaterThan(0)
    expect(source.id).toBeGreaterThan(0)
    await page.close()
  })

  it("says a create cut off by a server failure may have landed, and to check before trying again", async () => {
    const page = await rig.open(widget())
    await settled(page)
    await page.getByRole("button", { name: "New dashboard" }).click()
    await page.getByLabel("Name").fill("Maybe made")
    await rig.emu("PUT", "/_emulator/faults", { error_rate: 1, error_status: 502 })
    try {
      await page.getByRole("button", { name: "Create dashboard" }).click()
      await page
        .getByRole("alert")
        .getByText(
          "Could not create a dashboard: PostHog failed with status 502. PostHog may have done it: check (list dashboards), then try again only if it did not."
        )
        .waitFor()
    } finally {
      await rig.emu("DELETE", "/_emulator/faults")
    }
    await page.close()
  })

  it("deletes softly from the card's overflow menu and undoes, focus landing on a card each time", async () => {
    const d = await rig.emu<{ id: number }>("POST", `${P()}/dashboards/`, { name: "Short-lived" })
    await rig.emu("POST", `${P()}/dashboards/`, { name: "Keeper" })
    const page = await rig.open(widget())
    await settled(page)
    // No Delete on the cards themselves: it sits in each card's menu, styled as destructive.
    expect(await page.getByRole("button", { name: /^Delete/ }).count()).toBe(0)
    await page.getByRole("button", { name: "More actions for Short-lived" }).click()
    await page.getByRole("menuitem", { name: "Delete" }).click()
    await page.getByText("Dashboard “Short-lived” deleted.").waitFor()
    await expect.poll(() => page.locator("[part~=item]").count()).toBe(1)
    await expect.poll(() => focused(page)).toBe("button|More actions for Keeper")
    await expect(rig.emu("GET", `${P()}/dashboards/${d.id}/`)).rejects.toThrow(/404/)
    await page.getByRole("button", { name: "Undo" }).click()
    await expect.poll(() => page.locator("[part~=item]").count()).toBe(2)
    await expect.poll(() => focused(page)).toBe("button|More actions for Short-lived")
    const back = await rig.emu<{ name: string; deleted: boolean }>("GET", `${P()}/dashboards/${d.id}/`)
    expect(back.deleted).toBe(false)
    await page.close()
  })

  it("duplicates from the menu and shows the copy at once", async () => {
    const d = await rig.emu<{ id: number }>("POST", `${P()}/dashboards/`, { name: "Weekly" })
    const page = await rig.open(widget())
    await settled(page)
    await page.getByRole("button", { name: "More actions for Weekly" }).click()
    await page.getByRole("menuitem", { name: "Duplicate" }).click()
    await page.getByText("Dashboard “Weekly (copy)” created.").waitFor()
    const copy = page.locator("[part~=created]")
    await copy.getByText("Weekly (copy)").waitFor()
    await copy.getByText("New").waitFor()
    await expect.poll(() => focused(page)).toBe("button|More actions for Weekly (copy)")
    const list = await rig.emu<{ results: Array<{ name: string; creation_mode: string }> }>(
      "GET",
      `${P()}/dashboards/?search=Weekly`
    )
    expect(list.results.find((x) => x.name === "Weekly (copy)")?.creation_mode).toBe("duplicate")
    expect(d.id).toBeGreaterThan(0)
    await page.close()
  })

  it("shows an empty project as such", async () => {
    const page = await rig.open(widget())
    await settled(page)
    await page.getByText("This project has no dashboards yet.").waitFor()
    await page.close()
  })
})
