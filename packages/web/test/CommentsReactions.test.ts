/**
 * Emoji reactions in `<hogkit-comments>`, end to end through the proxy against the emulator: PostHog stores
 * a reaction as a reply with `item_context.is_emoji`, takes one back with a soft delete, and leaves
 * reactions out of the thread and the count.
 */
import type { Page } from "playwright-core"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { axeViolations, focused, type Rig, settled, startRig, tabTo } from "./support/harness.js"
import { member, rowsOf } from "./support/people.js"

let rig: Rig

const widget = (itemId: string) =>
  `<hogkit-comments api-base="${rig.apiBase}" scope="Dashboard" item-id="${itemId}" refresh-interval="0"></hogkit-comments>`

const reaction = (page: Page, emoji: string) => page.locator(`button[part~=reaction][data-emoji="${emoji}"]`)

beforeAll(async () => {
  rig = await startRig()
})
beforeEach(async () => {
  await rig.emulator.reset()
})
afterAll(async () => {
  await rig?.close()
})

describe("<hogkit-comments> reactions", () => {
  it("shows who reacted, toggles your own reaction, and keeps reactions out of the thread and count", async () => {
    const ada = await member(rig, "Ada", "Lovelace", "ada@example.com")
    const root = await ada.comment({ scope: "Dashboard", item_id: "40", content: "Shipped the new funnel" })
    await ada.comment({
      scope: "Dashboard",
      item_id: "40",
      content: "👍",
      source_comment: root.id,
      item_context: { is_emoji: true }
    })
    const page = await rig.open(widget("40"))
    await settled(page)

    // The reaction is on the comment, not a reply in the thread, and not counted as a comment.
    await expect.poll(() => page.locator("[part~=count]").textContent()).toBe("1 comment")
    expect(await page.locator("[part~=replies]").count()).toBe(0)
    const thumbs = reaction(page, "👍")
    expect(await thumbs.getAttribute("aria-label")).toBe("👍 1 reaction")
    expect(await thumbs.getAttribute("aria-pressed")).toBe("false")

    // Who reacted shows on hover and is the button's description for screen readers.
    const who = page.locator("[part~=reaction-people]").first()
    expect(await who.isVisible()).toBe(false)
    await thumbs.hover()
    await expect.poll(() => who.isVisible()).toBe(true)
    expect(await who.textContent()).toBe("Ada Lovelace")
    expect(await thumbs.getAttribute("aria-describedby")).toBe(await who.getAttribute("id"))

    await thumbs.click()
    await expect.poll(() => thumbs.getAttribute("aria-pressed")).toBe("true")
    expect(await thumbs.getAttribute("aria-label")).toBe("👍 2 reactions, including you")
    expect(await who.textContent()).toBe("Ada Lovelace and you")
    expect(await focused(page)).toBe("button|👍 2 reactions, including you")
    let mine = (await rowsOf(rig, "40")).filter((r) => r.created_by?.id === rig.emulator.userId)
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({
      content: "👍",
      source_comment: root.id,
      item_context: { is_emoji: true },
      deleted: false
    })
    await expect.poll(() => page.locator("[part~=count]").textContent()).toBe("1 comment")

    // Space on the focused button takes it back: PostHog's soft delete.
    await page.keyboard.press("Space")
    await expect.poll(() => thumbs.getAttribute("aria-pressed")).toBe("false")
    expect(await thumbs.getAttribute("aria-label")).toBe("👍 1 reaction")
    mine = (await rowsOf(rig, "40")).filter((r) => r.created_by?.id === rig.emulator.userId)
    expect(mine.map((r) => r.deleted)).toEqual([true])

    // A reload shows what the server holds.
    await page.reload()
    await settled(page)
    expect(await reaction(page, "👍").getAttribute("aria-label")).toBe("👍 1 reaction")
    await page.close()
  })

  it("picks a reaction from the keyboard; Escape closes the picker where it opened", async () => {
    await rig.emu("POST", `/api/projects/${rig.emulator.projectId}/comments/`, {
      scope: "Dashboard",
      item_id: "41",
      content: "Can someone check the retention numbers?"
    })
    const page = await rig.open(widget("41"))
    await settled(page)
    const add = page.getByRole("button", { name: "Add a reaction" })
    await add.focus()
    await page.keyboard.press("Enter")
    const picker = page.getByRole("group", { name: "Pick a reaction" })
    await picker.waitFor()
    expect(await add.getAttribute("aria-expanded")).toBe("true")
    expect(await focused(page)).toBe("button|React with 👍")
    expect(await axeViolations(page)).toEqual([])

    await page.keyboard.press("Escape")
    await picker.waitFor({ state: "detached" })
    expect(await focused(page)).toBe("button|Add a reaction")
    expect(await add.getAttribute("aria-expanded")).toBe("false")

    await page.keyboard.press("Enter")
    await picker.waitFor()
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight")
    expect(await focused(page)).toBe("button|React with 🎉")
    await page.keyboard.press("Enter")
    await picker.waitFor({ state: "detached" })
    await expect.poll(() => focused(page)).toBe("button|🎉 1 reaction, including you")
    // Reached from the keyboard, the button shows who reacted without a pointer.
    await page.mouse.move(0, 0)
    const who = page.locator("[part~=reaction-people]")
    await expect.poll(() => who.isVisible()).toBe(true)
    expect(await who.textContent()).toBe("you")
    const rows = await rowsOf(rig, "41")
    expect(rows.filter((r) => r.item_context?.is_emoji).map((r) => r.content)).toEqual(["🎉"])

    // Tabbing on out of an open picker (End is its last emoji) closes it.
    await add.click()
    await picker.waitFor()
    await page.keyboard.press("End")
    expect(await focused(page)).toBe("button|React with 🦔")
    await page.keyboard.press("Tab")
    await picker.waitFor({ state: "detached" })
    await page.close()
  })

  it("dismisses who reacted with Escape without moving focus, and keeps it open while it is hovered", async () => {
    const ada = await member(rig, "Ada", "Lovelace", "ada@example.com")
    const root = await ada.comment({
      scope: "Dashboard",
      item_id: "43",
      content: "Dashboards load twice as fast"
    })
    await ada.comment({
      scope: "Dashboard",
      item_id: "43",
      content: "🚀",
      source_comment: root.id,
      item_context: { is_emoji: true }
    })
    const page = await rig.open(widget("43"))
    await settled(page)
    const rocket = reaction(page, "🚀")
    const who = page.locator("[part~=reaction-people]")

    // Reached from the keyboard the tooltip shows; Escape hides it and focus stays on the button.
    await tabTo(page, /^button\|🚀 1 reaction$/)
    await expect.poll(() => who.isVisible()).toBe(true)
    expect(await axeViolations(page)).toEqual([])
    await page.keyboard.press("Escape")
    await expect.poll(() => who.isVisible()).toBe(false)
    expect(await focused(page)).toBe("button|🚀 1 reaction")
    expect(await rocket.getAttribute("aria-describedby")).toBe(await who.getAttribute("id"))
    expect(await axeViolations(page)).toEqual([])
    // Leaving and coming back shows it again.
    await page.keyboard.press("Tab")
    await page.keyboard.press("Shift+Tab")
    expect(await focused(page)).toBe("button|🚀 1 reaction")
    await expect.poll(() => who.isVisible()).toBe(true)

    // Hovered while a reply is being written: the pointer can travel from the button onto the tooltip
    // (crossing the gap between them) and it stays; the first Escape hides it and leaves the reply alone.
    await page.getByRole("button", { name: "Reply", exact: true }).click()
    const reply = page.getByLabel("Write a reply")
    await reply.fill("Half a thought")
    expect(await focused(page)).toMatch(/^textarea\|reply-/)
    await rocket.hover()
    await expect.poll(() => who.isVisible()).toBe(true)
    const button = (await rocket.boundingBox())!
    const tip = (await who.boundingBox())!
    expect(tip.y + tip.height).toBeLessThan(button.y)
    await page.mouse.move(tip.x + tip.width / 2, tip.y + tip.height / 2, { steps: 25 })
    expect(await who.isVisible()).toBe(true)
    expect(await who.evaluate((el) => el.matches(":hover"))).toBe(true)
    expect(await axeViolations(page)).toEqual([])

    await page.keyboard.press("Escape")
    await expect.poll(() => who.isVisible()).toBe(false)
    expect(await focused(page)).toMatch(/^textarea\|reply-/)
    expect(await reply.inputValue()).toBe("Half a thought")
    // With nothing left to dismiss, Escape does what it did before: it cancels the reply.
    await page.keyboard.press("Escape")
    await reply.waitFor({ state: "detached" })

    // The pointer leaving and returning shows it again.
    await page.mouse.move(0, 0)
    await rocket.hover()
    await expect.poll(() => who.isVisible()).toBe(true)
    await page.close()
  })

  it("says why a reaction failed and leaves the bar as it was", async () => {
    await rig.emu("POST", `/api/projects/${rig.emulator.projectId}/comments/`, {
      scope: "Dashboard",
      item_id: "42",
      content: "Numbers look off"
    })
    const page = await rig.open(widget("42"))
    await settled(page)
    await page.getByRole("button", { name: "Add a reaction" }).click()
    await rig.emu("PUT", "/_emulator/faults", { error_rate: 1, error_status: 500 })
    await page.getByRole("button", { name: "React with 👀" }).click()
    await page.locator("[part~=toast]").waitFor({ timeout: 30_000 })
    await rig.emu("DELETE", "/_emulator/faults")
    expect(await page.locator("button[part~=reaction]").count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])
    await page.close()
  })
})
