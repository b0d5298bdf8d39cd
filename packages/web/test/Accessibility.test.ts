import { mkdirSync } from "node:fs"
import { join } from "node:path"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  axeViolations,
  type Rig,
  screenshotDir,
  seedSharingAndStaging,
  settled,
  startRig
} from "./support/harness.js"

let rig: Rig
let dashboardId: number
let itemId: string

beforeAll(async () => {
  rig = await startRig({ templateSourceProjects: [2] }, "demo")
  const P = `/api/projects/${rig.emulator.projectId}`
  const page = await rig.emu<{ results: Array<{ id: number }> }>("GET", `${P}/dashboards/?limit=1`)
  dashboardId = page.results[0]!.id
  const comments = await rig.emu<{
    results: Array<{ item_id: string; is_task: boolean; id: string; source_comment: string | null }>
  }>("GET", `${P}/comments/?scope=Dashboard`)
  // The item whose discussion has a task and a reply makes the richest picture.
  const task = comments.results.find(
    (c) => c.is_task && comments.results.some((r) => r.source_comment === c.id)
  )
  itemId = (task ?? comments.results[0]!).item_id
  const open = comments.results.find((c) => c.is_task && c.item_id === itemId)
  if (open) await rig.emu("POST", `${P}/comments/${open.id}/complete/`)
  await rig.emu("POST", `${P}/comments/`, {
    scope: "Dashboard",
    item_id: itemId,
    content: "",
    rich_content: {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "ph-mention", attrs: { id: rig.emulator.userId } },
            { type: "text", text: " the numbers are in the " },
            {
              type: "text",
              text: "weekly report",
              marks: [{ type: "link", attrs: { href: "https://example.com/report" } }]
            }
          ]
        }
      ]
    }
  })
  await seedSharingAndStaging(rig, dashboardId, "Release health")
  mkdirSync(screenshotDir, { recursive: true })
})
afterAll(async () => {
  await rig?.close()
})

const widgets = () => ({
  comments: `<hogkit-comments api-base="${rig.apiBase}" scope="Dashboard" item-id="${itemId}" refresh-interval="0"></hogkit-comments>`,
  dashboards: `<hogkit-dashboards api-base="${rig.apiBase}" page-size="6"></hogkit-dashboards>`,
  templates: `<hogkit-dashboard-templates api-base="${rig.apiBase}" page-size="6"
    source-projects='[{"id":2,"name":"Staging"}]'></hogkit-dashboard-templates>`,
  sharing: `<hogkit-sharing api-base="${rig.apiBase}" dashboard-id="${dashboardId}" share-base="https://us.posthog.com"></hogkit-sharing>`
})

const shoot = async (page: Page, name: string) => {
  const el = page
    .locator("hogkit-comments, hogkit-dashboards, hogkit-dashboard-templates, hogkit-sharing")
    .first()
  await el.screenshot({ path: join(screenshotDir, `${name}.png`), animations: "disabled" })
}

describe("accessibility and looks", () => {
  for (const theme of ["light", "dark"] as const) {
    for (const name of ["comments", "dashboards", "templates", "sharing"] as const) {
      it(`${name} has no axe violations in the ${theme} theme (screenshot saved)`, async () => {
        const page = await rig.open(`<div style="max-width:720px">${widgets()[name]}</div>`, {
          colorScheme: theme
        })
        await settled(page)
        await page.waitForTimeout(150)
        await shoot(page, `${name}-${theme}`)
        expect(await axeViolations(page)).toEqual([])
        await page.close()
      })
    }
  }

  it("has no violations with the forms open", async () => {
    const w = widgets()
    const page = await rig.open(`${w.comments}${w.dashboards}`, { colorScheme: "dark" })
    await settled(page)
    await page.getByRole("button", { name: "New dashboard" }).click()
    await page.getByLabel("A template").check()
    await page.locator("li[part~=thread]").first().getByRole("button", { name: "Reply" }).click()
    await page.locator("hogkit-comments [data-menu] > button").first().click()
    await page.getByRole("menuitem", { name: "Edit" }).click()
    await page
      .locator("hogkit-dashboards")
      .screenshot({ path: join(screenshotDir, "dashboards-create-dark.png") })
    await page
      .locator("hogkit-comments")
      .screenshot({ path: join(screenshotDir, "comments-editing-dark.png") })
    expect(await axeViolations(page)).toEqual([])
    await page.close()
  })

  it("has no violations in the error state", async () => {
    const page = await rig.open(
      `<hogkit-sharing api-base="${rig.apiBase}" dashboard-id="999999"></hogkit-sharing>`
    )
    await page.getByRole("alert").waitFor()
    await shoot(page, "sharing-error-light")
    expect(await axeViolations(page)).toEqual([])
    await page.close()
  })

  it("lets the theme attribute override the system preference", async () => {
    const page = await rig.open(
      `<hogkit-dashboards api-base="${rig.apiBase}" theme="dark"></hogkit-dashboards>
       <hogkit-dashboard-templates api-base="${rig.apiBase}"></hogkit-dashboard-templates>`,
      { colorScheme: "light" }
    )
    await settled(page)
    const bg = (tag: string) => page.locator(tag).evaluate((el) => getComputedStyle(el).backgroundColor)
    expect(await bg("hogkit-dashboards")).toBe("rgb(27, 29, 36)")
    expect(await bg("hogkit-dashboard-templates")).toBe("rgb(255, 255, 255)")
    await page.evaluate(() => document.querySelector("hogkit-dashboards")!.setAttribute("theme", "light"))
    expect(await bg("hogkit-dashboards")).toBe("rgb(255, 255, 255)")
    await page.close()
  })

  it("takes colours from CSS custom properties and styling through ::part", async () => {
    const page = await rig.open(
      `<style>
        hogkit-dashboards { --hogkit-bg: rgb(1, 2, 3); --hogkit-accent: rgb(200, 0, 0); }
        hogkit-dashboards::part(title) { text-transform: uppercase; }
      </style>
      <hogkit-dashboards api-base="${rig.apiBase}"></hogkit-dashboards>`
    )
    await settled(page)
    const host = page.locator("hogkit-dashboards")
    expect(await host.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(1, 2, 3)")
    const create = page.getByRole("button", { name: "New dashboard" })
    expect(await create.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(200, 0, 0)")
    expect(
      await page
        .locator("hogkit-dashboards [part~=title]")
        .evaluate((el) => getComputedStyle(el).textTransform)
    ).toBe("uppercase")
    await page.close()
  })
})
