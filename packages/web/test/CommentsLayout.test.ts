/**
 * `<hogkit-comments>` with everything showing (formatting, reactions, a task, replies) at phone and desktop
 * widths in light and dark: nothing overflows at 320 and 375 px, axe finds nothing with the menu or the
 * reaction picker open, and the screenshots are kept in test/screenshots for people to look at.
 */
import { mkdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { axeViolations, type Rig, settled, startRig } from "./support/harness.js"
import { member } from "./support/people.js"

const shots = join(dirname(fileURLToPath(import.meta.url)), "screenshots")
let rig: Rig
let page: Page

const widget = () =>
  `<hogkit-comments api-base="${rig.apiBase}" scope="Dashboard" item-id="60" refresh-interval="0"></hogkit-comments>`

/** Whatever sticks out past the widget's right edge, or out of the page, described. */
const overflow = (p: Page) =>
  p.evaluate(() => {
    const host = document.querySelector("hogkit-comments")!
    const edge = host.getBoundingClientRect().right + 0.5
    const out: Array<string> = []
    if (document.documentElement.scrollWidth > window.innerWidth)
      out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`)
    for (const el of host.shadowRoot!.querySelectorAll("*")) {
      const r = el.getBoundingClientRect()
      if (r.width > 0 && r.right > edge)
        out.push(
          `${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(r.right)} > ${Math.round(edge)}`
        )
    }
    return out
  })

beforeAll(async () => {
  rig = await startRig()
  mkdirSync(shots, { recursive: true })
  const P = `/api/projects/${rig.emulator.projectId}`
  const ada = await member(rig, "Ada", "Lovelace", "ada@example.com")
  const root = await ada.comment({
    scope: "Dashboard",
    item_id: "60",
    content: "Weekly numbers",
    rich_content: {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Weekly numbers", marks: [{ type: "bold" }] },
            { type: "text", text: " are in; see " },
            {
              type: "text",
              text: "https://example.com/a/very/long/path/that/does/not/break/nicely/anywhere/at/all",
              marks: [{ type: "link", attrs: { href: "https://example.com/report" } }]
            },
            { type: "text", text: " and run " },
            { type: "text", text: "pnpm bench --filter web", marks: [{ type: "code" }] }
          ]
        },
        {
          type: "bulletList",
          content: [
            {
              type: "listItem",
              content: [{ type: "paragraph", content: [{ type: "text", text: "signups up 4%" }] }]
            },
            {
              type: "listItem",
              content: [{ type: "paragraph", content: [{ type: "text", text: "churn flat" }] }]
            }
          ]
        }
      ]
    }
  })
  for (const emoji of ["👍", "🎉", "🦔"])
    await ada.comment({
      scope: "Dashboard",
      item_id: "60",
      content: emoji,
      source_comment: root.id,
      item_context: { is_emoji: true }
    })
  await rig.emu("POST", `${P}/comments/`, {
    content: "👍",
    source_comment: root.id,
    item_context: { is_emoji: true }
  })
  await rig.emu("POST", `${P}/comments/`, { content: "Thanks, looks good to me", source_comment: root.id })
  await rig.emu("POST", `${P}/comments/`, {
    scope: "Dashboard",
    item_id: "60",
    is_task: true,
    content: "Follow up on churn @Ada Lovelace",
    rich_content: {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Follow up on churn " },
            { type: "ph-mention", attrs: { id: ada.user.id } }
          ]
        }
      ]
    }
  })
})
afterAll(async () => {
  await page?.close()
  await rig?.close()
})

describe("<hogkit-comments> layout", () => {
  for (const width of [320, 375, 1024]) {
    for (const scheme of ["light", "dark"] as const) {
      it(`fits ${width} px in ${scheme} with the reaction picker and the menu open`, async () => {
        page = await rig.open(widget(), { colorScheme: scheme })
        await page.setViewportSize({ width, height: 1100 })
        await settled(page)
        const host = page.locator("hogkit-comments")
        await page.locator("button[part~=reaction]").first().waitFor()
        expect(await overflow(page)).toEqual([])
        if (width !== 320) await host.screenshot({ path: join(shots, `comments-${width}-${scheme}.png`) })

        await page.getByRole("button", { name: "Add a reaction" }).first().click()
        await page.getByRole("group", { name: "Pick a reaction" }).waitFor()
        expect(await overflow(page)).toEqual([])
        expect(await axeViolations(page)).toEqual([])
        if (width === 375)
          await host.screenshot({ path: join(shots, `comments-${width}-picker-${scheme}.png`) })
        await page.keyboard.press("Escape")

        await page.locator("[data-menu] > button").last().click()
        await page.getByRole("menu").waitFor()
        expect(await overflow(page)).toEqual([])
        expect(await axeViolations(page)).toEqual([])
        if (width === 375)
          await host.screenshot({ path: join(shots, `comments-${width}-menu-${scheme}.png`) })
        await page.close()
      })
    }
  }
})
