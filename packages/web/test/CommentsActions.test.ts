/**
 * `<hogkit-comments>`'s rarer actions and its editor, end to end through the proxy against the emulator:
 * the overflow menu (menu-button pattern), where focus goes after each action, turning a comment into a
 * task and back (PostHog fixes `is_task` at creation, so the widget re-posts), and formatting written
 * from the toolbar, shortcuts and markdown as PostHog's TipTap `rich_content`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { axeViolations, focused, type Rig, settled, startRig } from "./support/harness.js"
import { member, type Row, rowsOf } from "./support/people.js"

let rig: Rig
const P = () => `/api/projects/${rig.emulator.projectId}`

const widget = (itemId: string) =>
  `<hogkit-comments api-base="${rig.apiBase}" scope="Dashboard" item-id="${itemId}" refresh-interval="0"></hogkit-comments>`

const post = (itemId: string, body: Record<string, unknown>) =>
  rig.emu<Row>("POST", `${P()}/comments/`, { scope: "Dashboard", item_id: itemId, ...body })

/** The comment element focus is on, by its comment id, or "" when focus is not on a comment. */
const focusedComment = (page: import("playwright-core").Page) =>
  page.evaluate(() => {
    let a: Element | null = document.activeElement
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement
    return a?.getAttribute("data-comment") ?? ""
  })

beforeAll(async () => {
  rig = await startRig()
})
beforeEach(async () => {
  await rig.emulator.reset()
})
afterAll(async () => {
  await rig?.close()
})

describe("<hogkit-comments> overflow menu", () => {
  it("keeps edit and delete in a keyboard menu and moves focus to the next comment after a delete", async () => {
    const root = await post("50", { content: "Funnel is down 4%" })
    const first = await post("50", { content: "Looking into it", source_comment: root.id })
    const second = await post("50", { content: "Found it: a broken event", source_comment: root.id })
    const page = await rig.open(widget("50"))
    await settled(page)
    // No red Delete links on every comment: the actions sit behind one button per comment.
    expect(await page.getByRole("button", { name: "Delete" }).count()).toBe(0)
    const button = page.locator(`[data-menu="c${first.id}"] > button`)
    expect(await button.getAttribute("aria-label")).toBe("More actions for the comment by Emulator User")
    expect(await button.getAttribute("aria-haspopup")).toBe("menu")

    await button.focus()
    await page.keyboard.press("Enter")
    const menu = page.getByRole("menu")
    await menu.waitFor()
    expect(await button.getAttribute("aria-expanded")).toBe("true")
    expect(await menu.getByRole("menuitem").allTextContents()).toEqual(["Edit", "Delete"])
    expect(await focused(page)).toBe("button|Edit")
    expect(await axeViolations(page)).toEqual([])
    await page.keyboard.press("ArrowDown")
    expect(await focused(page)).toBe("button|Delete")
    await page.keyboard.press("Escape")
    await menu.waitFor({ state: "detached" })
    expect(await focused(page)).toBe("button|More actions for the comment by Emulator User")
    expect(await button.getAttribute("aria-expanded")).toBe("false")

    // ArrowUp opens on the last item; Enter deletes; focus goes on to the next reply, not the composer.
    await page.keyboard.press("ArrowUp")
    expect(await focused(page)).toBe("button|Delete")
    await page.keyboard.press("Enter")
    await page.getByText("Comment deleted.").waitFor()
    await expect.poll(() => focusedComment(page)).toBe(second.id)
    expect((await rowsOf(rig, "50")).find((r) => r.id === first.id)!.deleted).toBe(true)

    // Undo brings it back and focus goes to it.
    await page.getByRole("button", { name: "Undo" }).click()
    await page.getByText("Looking into it").waitFor()
    await expect.poll(() => focusedComment(page)).toBe(first.id)
    expect((await rowsOf(rig, "50")).find((r) => r.id === first.id)!.deleted).toBe(false)

    // The last reply goes: focus moves to the one before it.
    await page.locator(`[data-menu="c${second.id}"] > button`).click()
    await page.getByRole("menuitem", { name: "Delete" }).click()
    await expect.poll(() => focusedComment(page)).toBe(first.id)
    await page.close()
  })

  it("moves focus to the heading when the only comment is deleted", async () => {
    const only = await post("51", { content: "Lonely comment" })
    const page = await rig.open(widget("51"))
    await settled(page)
    await page.locator(`[data-menu="c${only.id}"] > button`).click()
    await page.getByRole("menuitem", { name: "Delete" }).click()
    await page.getByText("No comments yet").waitFor()
    await expect.poll(() => focused(page)).toBe("h2|heading")
    await page.close()
  })

  it("edits from the menu and returns focus to the menu button", async () => {
    const c = await post("52", { content: "Typo in here" })
    const page = await rig.open(widget("52"))
    await settled(page)
    await page.locator(`[data-menu="c${c.id}"] > button`).click()
    await page.getByRole("menuitem", { name: "Edit" }).click()
    const editor = page.getByLabel("Edit your comment")
    await expect.poll(() => focused(page)).toBe(`textarea|edit-${c.id}`)
    await editor.fill("No typo in here")
    await editor.press("Control+Enter")
    await page.getByText("No typo in here").waitFor()
    await expect.poll(() => focused(page)).toBe("button|More actions for the comment by Emulator User")
    await page.close()
  })
})

describe("<hogkit-comments> tasks", () => {
  it("turns a comment into a task and back, showing who it mentions, with undo", async () => {
    const ada = await member(rig, "Ada", "Lovelace", "ada@example.com")
    const rich = {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Check the " },
            { type: "text", text: "retention", marks: [{ type: "bold" }] },
            { type: "text", text: " query, " },
            { type: "ph-mention", attrs: { id: ada.user.id } }
          ]
        }
      ]
    }
    const c = await post("53", { content: "Check the retention query, @Ada Lovelace", rich_content: rich })
    const busy = await post("53", { content: "Has a reply" })
    // Ada replies elsewhere in the discussion, so the widget knows her name (a mention node has only her id).
    await ada.comment({ scope: "Dashboard", item_id: "53", content: "the reply", source_comment: busy.id })
    const page = await rig.open(widget("53"))
    await settled(page)

    // A thread with replies keeps its kind (the replies would stay on the deleted original).
    await page.locator(`[data-menu="c${busy.id}"] > button`).click()
    expect(await page.getByRole("menu").getByRole("menuitem").allTextContents()).toEqual(["Edit", "Delete"])
    await page.keyboard.press("Escape")

    await page.locator(`[data-menu="c${c.id}"] > button`).click()
    await page.getByRole("menuitem", { name: "Make it a task" }).click()
    await page.getByText("The comment is now a task.").waitFor()
    const task = page.locator("li[part~=thread]", { has: page.getByText("Open task") })
    await task.locator("[part~=task-people]").getByText("Mentioned: Ada Lovelace").waitFor()
    let rows = await rowsOf(rig, "53")
    const made = rows.find((r) => r.is_task && !r.deleted)!
    expect(made.content).toBe("Check the retention query, @Ada Lovelace")
    expect(made.rich_content).toEqual(rich)
    expect(rows.find((r) => r.id === c.id)!.deleted).toBe(true)
    await expect.poll(() => focusedComment(page)).toBe(made.id)
    await expect.poll(() => page.locator("[part~=count]").textContent()).toBe("3 comments")

    await page.locator(`[data-menu="c${made.id}"] > button`).click()
    await page.getByRole("menuitem", { name: "Make it a comment" }).click()
    await page.getByText("The task is now a comment.").waitFor()
    rows = await rowsOf(rig, "53")
    expect(rows.find((r) => r.id === made.id)!.deleted).toBe(true)
    const plain = rows.find((r) => !r.deleted && r.content?.startsWith("Check the"))!
    expect(plain.is_task).toBe(false)
    expect(await page.getByText("Open task").count()).toBe(0)

    // Undo puts the task back as it was.
    await page.getByRole("button", { name: "Undo" }).click()
    await page.getByText("Open task").waitFor()
    rows = await rowsOf(rig, "53")
    expect(rows.find((r) => r.id === made.id)!.deleted).toBe(false)
    expect(rows.find((r) => r.id === plain.id)!.deleted).toBe(true)
    await expect.poll(() => focusedComment(page)).toBe(made.id)
    await page.close()
  })
})

describe("<hogkit-comments> formatting", () => {
  it("writes bold, italic, code, links and lists as PostHog's rich_content, from shortcuts and markdown", async () => {
    const page = await rig.open(widget("54"))
    await settled(page)
    const composer = page.getByLabel("Add a comment")
    await composer.fill("Ship")
    await composer.press("Control+a")
    await composer.press("Control+b")
    expect(await composer.inputValue()).toBe("**Ship**")
    // The same shortcut again takes the markers off.
    await composer.press("Control+b")
    expect(await composer.inputValue()).toBe("Ship")
    await composer.press("Control+b")
    await composer.press("End")
    await composer.pressSequentially(" it ")
    await composer.press("Control+i")
    await composer.pressSequentially("today")
    await composer.press("End")
    await composer.pressSequentially(", run `pnpm test` and read [the docs](https://posthog.com/docs)")
    await composer.press("Enter")
    await composer.pressSequentially("- one")
    await composer.press("Enter")
    await composer.pressSequentially("- two")
    expect(await composer.inputValue()).toBe(
      "**Ship** it *today*, run `pnpm test` and read [the docs](https://posthog.com/docs)\n- one\n- two"
    )
    await composer.press("Control+Enter")
    const body = page.locator("[part~=body]").first()
    await body.locator("strong", { hasText: "Ship" }).waitFor()
    expect(await body.locator("em").textContent()).toBe("today")
    expect(await body.locator("code").textContent()).toBe("pnpm test")
    expect(await body.locator("li").allTextContents()).toEqual(["one", "two"])
    const link = body.locator("a")
    expect(await link.getAttribute("href")).toBe("https://posthog.com/docs")
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer nofollow ugc")

    const [row] = await rowsOf(rig, "54")
    expect(row!.content).toBe("Ship it today, run pnpm test and read the docs\none\ntwo")
    expect(row!.rich_content).toEqual({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Ship", marks: [{ type: "bold" }] },
            { type: "text", text: " it " },
            { type: "text", text: "today", marks: [{ type: "italic" }] },
            { type: "text", text: ", run " },
            { type: "text", text: "pnpm test", marks: [{ type: "code" }] },
            { type: "text", text: " and read " },
            {
              type: "text",
              text: "the docs",
              marks: [{ type: "link", attrs: { href: "https://posthog.com/docs" } }]
            }
          ]
        },
        {
          type: "bulletList",
          content: [
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "one" }] }] },
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "two" }] }] }
          ]
        }
      ]
    })
    await page.close()
  })

  it("offers the toolbar as one tab stop with arrow keys; its buttons format the selection", async () => {
    const page = await rig.open(widget("55"))
    await settled(page)
    const composer = page.getByLabel("Add a comment")
    await composer.fill("docs")
    await composer.press("Control+a")
    const toolbar = page.getByRole("toolbar", { name: "Formatting" })
    await toolbar.getByRole("button", { name: "Link" }).click()
    // The address is selected, ready to be typed over.
    await page.keyboard.type("https://posthog.com")
    expect(await composer.inputValue()).toBe("[docs](https://posthog.com)")

    await composer.fill("one\ntwo")
    await composer.press("Control+a")
    await toolbar.getByRole("button", { name: "Bulleted list" }).click()
    expect(await composer.inputValue()).toBe("- one\n- two")

    await toolbar.getByRole("button", { name: "Bold" }).focus()
    await page.keyboard.press("ArrowRight")
    expect(await focused(page)).toBe("button|Italic")
    await page.keyboard.press("End")
    expect(await focused(page)).toBe("button|Mention someone")
    // One tab stop: Tab leaves the toolbar for the text.
    expect(await toolbar.locator('button[tabindex="0"]').count()).toBe(1)
    await page.keyboard.press("Enter")
    // The mention button types `@` in the text, which opens the list of people.
    await page.getByRole("listbox", { name: "People to mention" }).waitFor()
    expect(await composer.inputValue()).toBe("- one\n- two @")
    expect(await focused(page)).toBe("textarea|composer")
    await page.close()
  })

  it("presses the toolbar's buttons for the formats at the caret, and a pressed button takes its format off", async () => {
    const page = await rig.open(widget("57"))
    await settled(page)
    const composer = page.getByLabel("Add a comment")
    const toolbar = page.getByRole("toolbar", { name: "Formatting" })
    /** The formats whose buttons are pressed, once they settle on `expected`. */
    const pressed = (expected: Array<string>) =>
      expect
        .poll(() =>
          toolbar
            .locator('button[aria-pressed="true"]')
            .evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset.format))
        )
        .toEqual(expected)
    // Every format but mention (an action) is a toggle button.
    expect(
      await toolbar
        .getByRole("button")
        .evaluateAll((bs) =>
          bs.map((b) => `${(b as HTMLElement).dataset.format}:${b.getAttribute("aria-pressed")}`)
        )
    ).toEqual(["bold:false", "italic:false", "code:false", "link:false", "list:false", "mention:null"])

    // The caret moving with the arrow keys: into the bold word, past it, into the italic one.
    await composer.fill("plain **bold** *it*")
    await composer.press("End")
    await pressed([])
    await composer.press("ArrowLeft")
    await pressed(["italic"])
    await composer.press("Home")
    await pressed([])
    for (let i = 0; i < 9; i++) await composer.press("ArrowRight")
    await pressed(["bold"])
    expect(await axeViolations(page)).toEqual([])
    // Pressed, Ctrl+B takes bold off at the caret: what is typed there is plain.
    await composer.press("Control+b")
    await pressed([])
    await composer.pressSequentially("X")
    await pressed([])
    // A shortcut at the end turns italic on for what comes next, and off again.
    await composer.press("End")
    await composer.pressSequentially(" ")
    await composer.press("Control+i")
    await pressed(["italic"])
    await composer.pressSequentially("new")
    await pressed(["italic"])
    await composer.press("Control+i")
    await pressed([])
    await composer.pressSequentially(" after")
    expect(await composer.inputValue()).toBe("plain **b**X**old** *it* *new* after")
    // A selection shows what all of it has: mixed text presses nothing, the bold word presses bold.
    await composer.press("Control+a")
    await pressed([])
    await composer.evaluate((el: HTMLTextAreaElement) => {
      el.setSelectionRange(13, 16)
      el.dispatchEvent(new Event("select", { bubbles: true }))
    })
    await pressed(["bold"])

    // What the toolbar said is what is sent.
    await composer.press("Control+Enter")
    const body = page.locator("[part~=body]").first()
    await body.locator("strong", { hasText: "old" }).waitFor()
    expect(await body.locator("strong").allTextContents()).toEqual(["b", "old"])
    expect(await body.locator("em").allTextContents()).toEqual(["it", "new"])
    await pressed([])

    // Lists and links, from a click and the toolbar's buttons.
    await composer.fill("- one\n- two")
    await composer.click()
    await pressed(["list"])
    await composer.press("Control+a")
    await toolbar.getByRole("button", { name: "Bulleted list" }).click()
    expect(await composer.inputValue()).toBe("one\ntwo")
    await pressed([])
    await composer.fill("read [the docs](https://posthog.com) `now`")
    await composer.press("Home")
    for (let i = 0; i < 8; i++) await composer.press("ArrowRight")
    await pressed(["link"])
    await composer.press("End")
    await composer.press("ArrowLeft")
    await pressed(["code"])
    // In the address, what is typed changes the address, not the linked text.
    for (let i = 0; i < 10; i++) await composer.press("ArrowLeft")
    await pressed([])
    await composer.press("Home")
    for (let i = 0; i < 12; i++) await composer.press("ArrowRight")
    await pressed(["link"])
    expect(await axeViolations(page)).toEqual([])
    await toolbar.getByRole("button", { name: "Link" }).click()
    expect(await composer.inputValue()).toBe("read the docs `now`")
    await pressed([])
    await page.close()
  })

  it("renders PostHog's rich content inertly: no images loaded, no script, only http(s) links", async () => {
    await post("56", {
      content: "",
      rich_content: {
        type: "doc",
        content: [
          {
            type: "paragraph",
            content: [
              { type: "text", text: "<img src=x onerror=alert(1)>" },
              { type: "text", text: "bad", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }
            ]
          },
          { type: "image", attrs: { src: `${rig.origin}/tracker.png` } },
          { type: "codeBlock", content: [{ type: "text", text: "<script>alert(1)</script>" }] },
          {
            type: "blockquote",
            content: [{ type: "paragraph", content: [{ type: "text", text: "quoted" }] }]
          }
        ]
      }
    })
    const requests: Array<string> = []
    const page = await rig.open(widget("56"))
    page.on("request", (r) => requests.push(r.url()))
    await settled(page)
    const body = page.locator("[part~=body]").first()
    await body.getByText("<img src=x onerror=alert(1)>").waitFor()
    expect(await body.locator("img, script, iframe").count()).toBe(0)
    expect(await body.locator("a").count()).toBe(0)
    expect(await body.locator("pre").textContent()).toBe("<script>alert(1)</script>")
    expect(await body.locator("blockquote").textContent()).toBe("quoted")
    expect(requests.filter((u) => u.includes("tracker.png"))).toEqual([])
    await page.close()
  })
})
