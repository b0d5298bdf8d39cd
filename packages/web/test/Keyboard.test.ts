import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { focused, focusRingVisible, type Rig, settled, startRig, tabTo } from "./support/harness.js"

let rig: Rig
const P = () => `/api/projects/${rig.emulator.projectId}`

beforeAll(async () => {
  rig = await startRig({ templateSourceProjects: [2] })
  await rig.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: rig.origin })
})
beforeEach(async () => {
  await rig.emulator.reset()
})
afterAll(async () => {
  await rig?.close()
})

describe("keyboard only", () => {
  it("runs a discussion: post, reply, edit, cancel, delete and undo", async () => {
    const page = await rig.open(
      `<hogkit-comments api-base="${rig.apiBase}" scope="Dashboard" item-id="3" refresh-interval="0"></hogkit-comments>`
    )
    await settled(page)
    await tabTo(page, /^textarea\|composer$/)
    expect(await focusRingVisible(page)).toBe(true)
    await page.keyboard.type("Typed without a mouse")
    await page.keyboard.press("Control+Enter")
    await page.locator("[part~=body]").getByText("Typed without a mouse").waitFor()

    await tabTo(page, /^button\|Reply$/, 40, "Shift+Tab")
    expect(await focusRingVisible(page)).toBe(true)
    await page.keyboard.press("Enter")
    expect(await focused(page)).toMatch(/^textarea\|reply-/)
    await page.keyboard.type("A keyboard reply")
    await page.keyboard.press("Control+Enter")
    await page.locator("[part~=replies]").getByText("A keyboard reply").waitFor()
    expect(await focused(page)).toBe("button|Reply")

    // Edit and Delete sit in the reply's "more actions" menu.
    const more = "button|More actions for the comment by Emulator User"
    await tabTo(page, /^button\|More actions for the comment by Emulator User$/)
    await page.keyboard.press("Enter")
    expect(await focused(page)).toBe("button|Edit")
    await page.keyboard.press("Enter")
    expect(await focused(page)).toMatch(/^textarea\|edit-/)
    await page.keyboard.press("Escape")
    expect(await focused(page)).toBe(more)

    await page.keyboard.press("ArrowUp")
    expect(await focused(page)).toBe("button|Delete")
    await page.keyboard.press("Enter")
    await page.getByText("Comment deleted.").waitFor()
    // Focus goes to the comment the reply answered, not back to the composer.
    await expect.poll(() => focused(page)).toMatch(/^article\|Comment by Emulator User$/)
    await tabTo(page, /^button\|Undo$/)
    await page.keyboard.press("Enter")
    await page.locator("[part~=body]").getByText("Typed without a mouse").waitFor()
    const rows = await rig.emu<{ results: Array<{ deleted: boolean }> }>(
      "GET",
      `${P()}/comments/?scope=Dashboard&item_id=3`
    )
    expect(rows.results).toHaveLength(2)
    await page.close()
  })

  it("creates, searches and pages dashboards", async () => {
    for (let i = 1; i <= 12; i++) await rig.emu("POST", `${P()}/dashboards/`, { name: `Keyboard ${i}` })
    const page = await rig.open(
      `<hogkit-dashboards api-base="${rig.apiBase}" page-size="5"></hogkit-dashboards>`
    )
    await settled(page)
    await tabTo(page, /^button\|New dashboard$/)
    expect(await focusRingVisible(page)).toBe(true)
    await page.keyboard.press("Enter")
    expect(await focused(page)).toBe("input|new-name")
    await page.keyboard.type("Made by keyboard")
    await page.keyboard.press("Enter")
    await page.getByText("Dashboard “Made by keyboard” created.").waitFor()
    // The new dashboard is on this page, highlighted, with focus on it; its menu opens from the keyboard.
    expect(await focused(page)).toBe("button|More actions for Made by keyboard")
    await page.keyboard.press("ArrowDown")
    expect(await focused(page)).toBe("button|Duplicate")
    await page.keyboard.press("Escape")
    expect(await focused(page)).toBe("button|More actions for Made by keyboard")

    await tabTo(page, /^input\|search$/, 40, "Shift+Tab")
    await page.keyboard.type("Keyboard 1")
    await expect.poll(() => page.locator("[part~=item]").count()).toBeLessThan(5)
    await page.keyboard.press("Control+A")
    await page.keyboard.press("Backspace")
    await expect.poll(() => page.locator("#range").textContent()).toContain("1–5 of 13")
    await tabTo(page, /^button\|Next$/)
    await page.keyboard.press("Enter")
    await expect.poll(() => page.locator("#range").textContent()).toContain("6–10 of 13")
    await page.close()
  })

  it("switches template scopes with the arrow keys and copies with Enter", async () => {
    const info = await rig.emu<{ organization_id: string }>("GET", "/_emulator/info")
    await rig.emu("POST", "/_emulator/projects", { organization_id: info.organization_id, name: "Staging" })
    await rig.emu("POST", "/api/projects/2/dashboard_templates/", {
      template_name: "Elsewhere",
      tiles: [{ type: "INSIGHT", name: "x" }]
    })
    const page = await rig.open(
      `<hogkit-dashboard-templates api-base="${rig.apiBase}" source-projects="2"></hogkit-dashboard-templates>`
    )
    await settled(page)
    await tabTo(page, /^button\|tab-team$/)
    expect(await focusRingVisible(page)).toBe(true)
    await page.keyboard.press("ArrowRight")
    expect(await focused(page)).toBe("button|tab-global")
    await page.keyboard.press("End")
    expect(await focused(page)).toBe("button|tab-feature_flag")
    await page.keyboard.press("Home")
    await tabTo(page, /^button\|Copy Elsewhere into this project$/)
    await page.keyboard.press("Enter")
    await page.getByText("Template copied as “Elsewhere”.").waitFor()
    await page.close()
  })

  it("shares, refreshes through the dialog and closes it with Escape", async () => {
    const d = await rig.emu<{ id: number }>("POST", `${P()}/dashboards/`, { name: "Keys" })
    const page = await rig.open(
      `<hogkit-sharing api-base="${rig.apiBase}" dashboard-id="${d.id}"></hogkit-sharing>`
    )
    await settled(page)
    await tabTo(page, /^button\|$/)
    expect(await focusRingVisible(page)).toBe(true)
    await page.keyboard.press("Space")
    await page.getByRole("textbox", { name: "Public link" }).waitFor()
    const before = await rig.emu<{ access_token: string; enabled: boolean }>(
      "GET",
      `${P()}/dashboards/${d.id}/sharing/`
    )
    expect(before.enabled).toBe(true)

    await tabTo(page, /^button\|Refresh link$/)
    await page.keyboard.press("Enter")
    expect(await focused(page)).toBe("button|Cancel")
    await page.keyboard.press("Escape")
    expect(await focused(page)).toBe("button|Refresh link")
    await page.keyboard.press("Enter")
    await page.keyboard.press("Tab")
    expect(await focused(page)).toBe("button|Refresh link")
    await page.keyboard.press("Enter")
    await page.getByText("A new link was created; the old one no longer works.").waitFor()
    const after = await rig.emu<{ access_token: string }>("GET", `${P()}/dashboards/${d.id}/sharing/`)
    expect(after.access_token).not.toBe(before.access_token)
    await page.close()
  })
})
