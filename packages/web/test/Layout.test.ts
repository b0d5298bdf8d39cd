// How the dashboards, templates and sharing widgets look on a phone and a desktop, light and dark, with a
// menu open and in their error and misconfigured states: axe-clean each time, and screenshots committed in
// test/screenshots/ for people to look at. At 320 px nothing scrolls sideways.
import { mkdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { axeViolations, type Rig, seedSharingAndStaging, settled, startRig } from "./support/harness.js"

const shots = join(dirname(fileURLToPath(import.meta.url)), "screenshots")
let rig: Rig
let dashboardId: number

beforeAll(async () => {
  rig = await startRig({ templateSourceProjects: [2] }, "demo")
  const P = `/api/projects/${rig.emulator.projectId}`
  const first = await rig.emu<{ results: Array<{ id: number }> }>("GET", `${P}/dashboards/?limit=1`)
  dashboardId = first.results[0]!.id
  // Long words and names, the usual cause of sideways scrolling on a phone.
  await rig.emu("POST", `${P}/dashboards/`, {
    name: "Customer-acquisition-cost-by-channel-and-region-quarterly",
    description: "Supercalifragilisticexpialidocious-metrics-for-the-board",
    tags: ["marketing-attribution-long-tag", "finance"],
    pinned: true
  })
  await seedSharingAndStaging(rig, dashboardId, "Release health across every platform we ship")
  mkdirSync(shots, { recursive: true })
})
afterAll(async () => {
  await rig?.close()
})

const widgets = () => ({
  dashboards: `<hogkit-dashboards api-base="${rig.apiBase}" page-size="4" link-template="/dashboards/{id}"></hogkit-dashboards>`,
  templates: `<hogkit-dashboard-templates api-base="${rig.apiBase}" page-size="4"
    source-projects='[{"id":2,"name":"Staging"}]'></hogkit-dashboard-templates>`,
  sharing: `<hogkit-sharing api-base="${rig.apiBase}" dashboard-id="${dashboardId}" share-base="https://us.posthog.com"></hogkit-sharing>`
})
const TAGS = "hogkit-dashboards, hogkit-dashboard-templates, hogkit-sharing"
const widths = { phone: 375, desktop: 900 } as const

const openAt = async (body: string, width: number, theme: "light" | "dark"): Promise<Page> => {
  const page = await rig.open(body, { colorScheme: theme })
  await page.setViewportSize({ width, height: 900 })
  return page
}

const shoot = (page: Page, name: string) =>
  page
    .locator(TAGS)
    .first()
    .screenshot({ path: join(shots, `${name}.png`), animations: "disabled" })

/** Every widget host, and every card or row inside one, whose content is wider than its box. */
const overflowing = (page: Page) =>
  page.evaluate((tags) => {
    const out: Array<string> = []
    for (const host of document.querySelectorAll(tags)) {
      const boxes = [
        host,
        ...(host.shadowRoot?.querySelectorAll("[part~=item], [part~=source-item], li, .header, form, .row") ??
          [])
      ]
      for (const el of boxes) {
        if (el.scrollWidth > el.clientWidth + 1) {
          out.push(
            `${host.tagName.toLowerCase()} ${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}`
          )
        }
      }
    }
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth)
      out.push("the page scrolls sideways")
    return out
  }, TAGS)

describe("layout and looks", () => {
  for (const theme of ["light", "dark"] as const) {
    for (const [size, width] of Object.entries(widths)) {
      for (const name of ["dashboards", "templates", "sharing"] as const) {
        it(`${name} at ${width} px in the ${theme} theme: axe-clean, no overflow (screenshot ${name}-${size}-${theme}.png)`, async () => {
          const page = await openAt(widgets()[name], width, theme)
          await settled(page)
          await shoot(page, `${name}-${size}-${theme}`)
          expect(await overflowing(page)).toEqual([])
          expect(await axeViolations(page)).toEqual([])
          await page.close()
        })
      }
    }
  }

  it("nothing scrolls sideways at 320 px, with the create form and a menu open", async () => {
    const w = widgets()
    const page = await openAt(`${w.dashboards}${w.templates}${w.sharing}`, 320, "light")
    await settled(page)
    expect(await overflowing(page)).toEqual([])
    await page.getByRole("button", { name: "New dashboard" }).click()
    await page.getByLabel("A copy of a dashboard").check()
    await page.getByLabel("Dashboard to copy").waitFor()
    await page.getByRole("button", { name: /^More actions for Customer/ }).click()
    await page.getByRole("menu").waitFor()
    expect(await overflowing(page)).toEqual([])
    await page.close()
  })

  for (const theme of ["light", "dark"] as const) {
    it(`a card's menu open at 375 px (${theme}): axe-clean (screenshot dashboards-menu-${theme}.png)`, async () => {
      const page = await openAt(widgets().dashboards, 375, theme)
      await settled(page)
      await page.getByRole("button", { name: /^More actions for Customer/ }).click()
      await page.getByRole("menu").waitFor()
      await shoot(page, `dashboards-menu-${theme}`)
      expect(await axeViolations(page)).toEqual([])
      await page.close()
    })
  }

  it("a dashboard just created and the other project failing, at 375 px: axe-clean (screenshots)", async () => {
    const page = await openAt(widgets().dashboards, 375, "light")
    await settled(page)
    await page.getByRole("button", { name: "Next" }).click()
    await page.getByRole("button", { name: "New dashboard" }).click()
    await page.getByLabel("Name").fill("Launch week")
    await page.getByRole("button", { name: "Create dashboard" }).click()
    await page.locator("[part~=created]").getByText("New").waitFor()
    await shoot(page, "dashboards-created-phone-light")
    expect(await overflowing(page)).toEqual([])
    expect(await axeViolations(page)).toEqual([])
    await page.close()

    const templates = await openAt(widgets().templates, 375, "dark")
    await templates.route("**/posthog/api/projects/2/dashboard_templates/**", (route) =>
      route.abort("failed")
    )
    await templates.reload()
    await templates.locator("[part~=source-error]").waitFor({ timeout: 30_000 })
    await templates.locator("[part~=source-error]").scrollIntoViewIfNeeded()
    await shoot(templates, "templates-source-error-phone-dark")
    expect(await overflowing(templates)).toEqual([])
    expect(await axeViolations(templates)).toEqual([])
    await templates.close()
  })

  it("the error and misconfigured states at 375 px: axe-clean (screenshots)", async () => {
    const page = await openAt(
      `<hogkit-sharing api-base="${rig.apiBase}" dashboard-id="999999"></hogkit-sharing>`,
      375,
      "light"
    )
    await page.getByRole("alert").getByRole("button", { name: "Try again" }).waitFor()
    await shoot(page, "sharing-error-phone-light")
    expect(await axeViolations(page)).toEqual([])
    await page.close()

    const missing = await openAt(`<hogkit-dashboards></hogkit-dashboards>`, 375, "dark")
    await missing.locator("[part~=misconfigured]").waitFor()
    await shoot(missing, "dashboards-misconfigured-phone-dark")
    expect(await overflowing(missing)).toEqual([])
    expect(await axeViolations(missing)).toEqual([])
    await missing.close()
  })
})
