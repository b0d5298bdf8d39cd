// What each widget shows besides its data: a misconfigured page (no api-base), a failed load with its retry,
// and a dashboard just created, shown at once on the page the user is on, with an event for the host page.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { axeViolations, focused, type Rig, settled, startRig } from "./support/harness.js"

let rig: Rig
const P = () => `/api/projects/${rig.emulator.projectId}`

beforeAll(async () => {
  rig = await startRig()
})
beforeEach(async () => {
  await rig.emulator.reset()
})
afterAll(async () => {
  await rig?.close()
})

describe("misconfigured widgets", () => {
  it("name the missing api-base attribute and how to set it, offer no Try again, and pass axe", async () => {
    const page = await rig.open(`
      <hogkit-comments scope="Dashboard" item-id="1"></hogkit-comments>
      <hogkit-dashboards></hogkit-dashboards>
      <hogkit-dashboard-templates source-projects="2"></hogkit-dashboard-templates>
      <hogkit-sharing dashboard-id="1"></hogkit-sharing>`)
    const requests: Array<string> = []
    page.on("request", (r) => requests.push(r.url()))
    for (const tag of [
      "hogkit-comments",
      "hogkit-dashboards",
      "hogkit-dashboard-templates",
      "hogkit-sharing"
    ]) {
      await page
        .locator(`${tag} [part~=misconfigured]`)
        .getByText(
          'This widget needs an api-base attribute: the URL where your server mounts the hogkit proxy, e.g. api-base="/posthog".'
        )
        .waitFor()
    }
    expect(await page.getByRole("button", { name: "Try again" }).count()).toBe(0)
    expect(await page.locator("[part~=loading]").count()).toBe(0)
    expect(requests.filter((u) => u.includes("/api/"))).toEqual([])
    expect(await axeViolations(page)).toEqual([])

    // Setting the attribute is all it takes.
    await page.evaluate(
      (base) => document.querySelector("hogkit-dashboards")!.setAttribute("api-base", base),
      rig.apiBase
    )
    await page.locator("hogkit-dashboards").getByText("This project has no dashboards yet.").waitFor()
    await page.close()
  })
})

describe("a failed load", () => {
  it("says what failed with Try again, passes axe, and after a retry puts focus on the loaded widget", async () => {
    await rig.emu("POST", `${P()}/dashboards/`, { name: "Survivor" })
    await rig.emu("PUT", "/_emulator/faults", { error_rate: 1, error_status: 500 })
    let page: Awaited<ReturnType<Rig["open"]>>
    try {
      page = await rig.open(`<hogkit-dashboards api-base="${rig.apiBase}"></hogkit-dashboards>`)
      await page
        .getByRole("alert")
        .getByText("The dashboards could not be loaded.")
        .waitFor({ timeout: 30_000 })
      expect(await axeViolations(page)).toEqual([])
    } finally {
      await rig.emu("DELETE", "/_emulator/faults")
    }
    await page.getByRole("button", { name: "Try again" }).click()
    await page.locator("[part~=item]").getByText("Survivor").waitFor()
    expect(await focused(page)).toBe("h2|heading")
    await page.close()
  })
})

describe("a dashboard just created", () => {
  it("is shown at once on the current page, highlighted and linked, with focus on it and an event to navigate by", async () => {
    for (let i = 1; i <= 12; i++) {
      await rig.emu("POST", `${P()}/dashboards/`, { name: `Board ${String(i).padStart(2, "0")}` })
    }
    const page = await rig.open(
      `<hogkit-dashboards api-base="${rig.apiBase}" page-size="5" link-template="/dashboards/{id}"></hogkit-dashboards>`
    )
    await settled(page)
    await page.evaluate(() => {
      document.addEventListener("hogkit-dashboard-created", (e) => {
        ;(globalThis as unknown as { created: unknown }).created = (e as CustomEvent).detail
      })
    })
    await page.getByRole("button", { name: "Next" }).click()
    await expect.poll(() => page.locator("#range").textContent()).toContain("6–10 of 12")
    await page.getByRole("button", { name: "New dashboard" }).click()
    await page.getByLabel("Name").fill("Aaa first of all")
    await page.getByRole("button", { name: "Create dashboard" }).click()

    const created = page.locator("[part~=created]")
    await created.getByText("Aaa first of all").waitFor()
    await created.getByText("New").waitFor()
    // Still on page 2: the new one is there, highlighted, above that page's dashboards.
    expect(await page.locator("#range").textContent()).toContain("6–10 of 13")
    expect((await page.locator("[part~=item] [part~=name]").first().textContent())?.trim()).toBe(
      "Aaa first of all"
    )
    const id = await rig
      .emu<{ results: Array<{ id: number }> }>("GET", `${P()}/dashboards/?search=Aaa`)
      .then((r) => r.results[0]!.id)
    expect(await created.getByRole("link", { name: "Aaa first of all" }).getAttribute("href")).toBe(
      `/dashboards/${id}`
    )
    expect(await focused(page)).toBe("a|Aaa first of all")
    expect(await page.evaluate(() => (globalThis as unknown as { created: unknown }).created)).toEqual({
      id,
      name: "Aaa first of all",
      url: `/dashboards/${id}`
    })
    expect(await axeViolations(page)).toEqual([])
    // Dismissing the status line takes its button away: focus goes to the widget's heading, not the page.
    await page.getByRole("button", { name: "Dismiss" }).click()
    expect(await focused(page)).toBe("h2|heading")
    await page.close()
  })

  it("says so when a template list cannot load in the form, and retries it", async () => {
    const page = await rig.open(`<hogkit-dashboards api-base="${rig.apiBase}"></hogkit-dashboards>`)
    await settled(page)
    await page.getByRole("button", { name: "New dashboard" }).click()
    await page.route("**/posthog/api/projects/*/dashboard_templates/**", (route) => route.abort("failed"))
    await page.getByLabel("A template").check()
    const form = page.locator("[part~=create-form]")
    await form.getByRole("alert").waitFor({ timeout: 30_000 })
    expect(await axeViolations(page)).toEqual([])
    await page.unroute("**/posthog/api/projects/*/dashboard_templates/**")
    await form.getByRole("button", { name: "Try again" }).click()
    await form.getByText("This project has no templates yet.").waitFor()
    await page.close()
  })
})
