import type { Page } from "playwright-core"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { axeViolations, type Rig, settled, startRig } from "./support/harness.js"

let rig: Rig
const P = () => `/api/projects/${rig.emulator.projectId}`

interface Row {
  id: string
  content: string | null
  rich_content: unknown
  version: number
  source_comment: string | null
}

interface Person {
  id: number
  first_name: string
  last_name: string
  email: string
}

const comments = async (itemId: string) =>
  (await rig.emu<{ results: Array<Row> }>("GET", `${P()}/comments/?scope=Dashboard&item_id=${itemId}`))
    .results

const widget = (itemId: string) =>
  `<hogkit-comments api-base="${rig.apiBase}" scope="Dashboard" item-id="${itemId}" refresh-interval="0"></hogkit-comments>`

/** A second member of the organization, with a key of their own to comment with. */
const member = async (first_name: string, last_name: string, email: string) => {
  const user = await rig.emu<Person>("POST", "/_emulator/users", {
    email,
    first_name,
    last_name,
    organization_ids: [rig.emulator.organizationId]
  })
  const { key } = await rig.emu<{ key: string }>("POST", "/_emulator/personal_api_keys", {
    user_id: user.id,
    scopes: ["*"]
  })
  const comment = async (body: Record<string, unknown>) => {
    const res = await fetch(`${rig.emulator.url}${P()}/comments/`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body)
    })
    expect(res.status).toBe(201)
    return (await res.json()) as Row
  }
  return { user, comment }
}

/** Every `ph-mention` id in a TipTap document, in order. */
const mentionIdsOf = (doc: unknown): Array<unknown> => {
  const out: Array<unknown> = []
  const walk = (n: unknown) => {
    if (n === null || typeof n !== "object") return
    const node = n as { type?: unknown; attrs?: { id?: unknown }; content?: unknown }
    if (node.type === "ph-mention") out.push(node.attrs?.id)
    if (Array.isArray(node.content)) node.content.forEach(walk)
  }
  walk(doc)
  return out
}

const composer = (page: Page) => page.getByLabel("Add a comment")

beforeAll(async () => {
  rig = await startRig()
})
beforeEach(async () => {
  await rig.emulator.reset()
})
afterAll(async () => {
  await rig?.close()
})

describe("<hogkit-comments> mentions", () => {
  it("mentions someone of the discussion from the keyboard: @, arrows, Enter", async () => {
    const ada = await member("Ada", "Lovelace", "ada@example.com")
    await ada.comment({ scope: "Dashboard", item_id: "21", content: "The funnel dipped on Tuesday" })
    const page = await rig.open(widget("21"))
    await settled(page)
    await page.getByText("The funnel dipped on Tuesday").waitFor()

    await composer(page).click()
    await page.keyboard.type("Thanks @")
    const list = page.getByRole("listbox", { name: "People to mention" })
    await list.waitFor()
    // The viewer first, then the people of the discussion.
    const options = list.getByRole("option")
    expect(await options.count()).toBe(2)
    expect(await options.nth(0).textContent()).toContain("Emulator User")
    expect(await options.nth(1).textContent()).toBe("Ada Lovelace ada@example.com")
    expect(await axeViolations(page)).toEqual([])
    await page.keyboard.press("ArrowDown")
    expect(await options.nth(1).getAttribute("aria-selected")).toBe("true")
    const active = await options.nth(1).getAttribute("id")
    expect(await composer(page).getAttribute("aria-activedescendant")).toBe(active)
    // Typing narrows the list: Ada matches by her last name, the viewer does not.
    await page.keyboard.type("lov")
    await expect.poll(() => options.count()).toBe(1)
    await page.keyboard.press("Enter")
    await expect.poll(() => list.count()).toBe(0)
    expect(await composer(page).inputValue()).toBe("Thanks @Ada Lovelace ")
    await page.keyboard.type("— can you look?")
    await page.keyboard.press("Control+Enter")

    const mention = page.locator("[part~=mention]", { hasText: "@Ada Lovelace" })
    await mention.waitFor()
    const posted = (await comments("21")).find((r) => r.content?.startsWith("Thanks"))!
    expect(posted.content).toBe("Thanks @Ada Lovelace — can you look?")
    expect(mentionIdsOf(posted.rich_content)).toEqual([ada.user.id])
    expect(posted.rich_content).toMatchObject({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Thanks " },
            { type: "ph-mention", attrs: { id: ada.user.id } },
            { type: "text", text: " — can you look?" }
          ]
        }
      ]
    })
    await page.close()
  })

  it("offers the host's members and picks one with the mouse in a reply", async () => {
    const root = await rig.emu<Row>("POST", `${P()}/comments/`, {
      scope: "Dashboard",
      item_id: "22",
      content: "Who owns the pricing page?"
    })
    const grace = await member("Grace", "Hopper", "grace@example.com")
    const page = await rig.open(widget("22"))
    await settled(page)
    // Grace never commented here: only the host's list knows her.
    await page.evaluate((g) => {
      const el = document.querySelector("hogkit-comments") as HTMLElement & { members: unknown }
      el.members = [g]
    }, grace.user)
    await page.getByRole("button", { name: "Reply" }).click()
    const reply = page.getByLabel("Write a reply")
    await reply.pressSequentially("@gra")
    await page.getByRole("option", { name: /Grace Hopper/ }).click()
    await reply.pressSequentially("does.")
    expect(await reply.inputValue()).toBe("@Grace Hopper does.")
    await page.getByRole("button", { name: "Reply", exact: true }).last().click()

    await page.locator("[part~=replies] [part~=mention]", { hasText: "@Grace Hopper" }).waitFor()
    const posted = (await comments("22")).find((r) => r.source_comment === root.id)!
    expect(posted.content).toBe("@Grace Hopper does.")
    expect(mentionIdsOf(posted.rich_content)).toEqual([grace.user.id])
    await page.close()
  })

  it("Escape closes the list without leaving the editor, and typed text stays plain", async () => {
    const page = await rig.open(widget("23"))
    await settled(page)
    await composer(page).click()
    await page.keyboard.type("mail @emu")
    await page.getByRole("listbox").waitFor()
    await page.keyboard.press("Escape")
    await expect.poll(() => page.getByRole("listbox").count()).toBe(0)
    await page.keyboard.type("lator")
    // Dismissed for this @: more letters do not bring it back.
    expect(await page.getByRole("listbox").count()).toBe(0)
    await page.keyboard.type(" later")
    await page.keyboard.press("Control+Enter")
    await page.locator("[part~=body]", { hasText: "mail @emulator later" }).waitFor()
    const [row] = await comments("23")
    // Nobody was picked, so nothing was mentioned: a plain comment, as before.
    expect(row!.content).toBe("mail @emulator later")
    expect(row!.rich_content ?? null).toBeNull()
    await page.close()
  })
})

describe("<hogkit-comments> editing a rich comment", () => {
  const richDoc = (adaId: number) => ({
    type: "doc",
    content: [
      {
        type: "paragraph",
        content: [
          { type: "text", text: "Launch ", marks: [{ type: "bold" }] },
          {
            type: "text",
            text: "checklist",
            marks: [{ type: "link", attrs: { href: "https://posthog.com/docs" } }]
          }
        ]
      },
      {
        type: "paragraph",
        content: [
          { type: "text", text: "Ask " },
          { type: "ph-mention", attrs: { id: adaId } },
          { type: "text", text: " about the copy" }
        ]
      }
    ]
  })

  it("keeps formatting and mentions it did not touch, and adds a new mention", async () => {
    const ada = await member("Ada", "Lovelace", "ada@example.com")
    await ada.comment({ scope: "Dashboard", item_id: "24", content: "Ready when you are" })
    const original = await rig.emu<Row>("POST", `${P()}/comments/`, {
      scope: "Dashboard",
      item_id: "24",
      content: "",
      rich_content: richDoc(ada.user.id)
    })
    const page = await rig.open(widget("24"))
    await settled(page)
    await page.locator(`[data-menu="c${original.id}"] > button`).click()
    await page.getByRole("menuitem", { name: "Edit" }).click()
    const editor = page.getByLabel("Edit your comment")
    // The editor shows the document as markdown-style text, the mention by name (PostHog's node carries
    // only the id); the space the bold mark covered moves outside the markers, where markdown reads it.
    expect(await editor.inputValue()).toBe(
      "**Launch** [checklist](https://posthog.com/docs)\nAsk @Ada Lovelace about the copy"
    )

    await editor.press("Control+End")
    await editor.pressSequentially(" and ping @emul")
    await page.keyboard.press("Tab")
    await page.getByRole("button", { name: "Save" }).click()
    await page.getByText("(edited)").waitFor()

    const saved = (await comments("24")).find((r) => r.id === original.id)!
    expect(saved.version).toBe(1)
    expect(saved.content).toBe("Launch checklist\nAsk @Ada Lovelace about the copy and ping @Emulator User")
    const doc = saved.rich_content as { content: Array<unknown> }
    // The untouched first paragraph is kept as it was: bold and link marks included.
    expect(doc.content[0]).toEqual(richDoc(ada.user.id).content[0])
    expect(mentionIdsOf(doc)).toEqual([ada.user.id, rig.emulator.userId])
    const body = page.locator(`[part~=body]`).filter({ hasText: "Launch" })
    await body.locator("strong", { hasText: "Launch" }).waitFor()
    expect(await body.locator("a").getAttribute("href")).toBe("https://posthog.com/docs")
    expect(await body.locator("[part~=mention]").allTextContents()).toEqual([
      "@Ada Lovelace",
      "@Emulator User"
    ])
    await page.close()
  })

  it("saves nothing when the text is unchanged, so the comment is not marked edited", async () => {
    const original = await rig.emu<Row>("POST", `${P()}/comments/`, {
      scope: "Dashboard",
      item_id: "25",
      content: "",
      rich_content: richDoc(rig.emulator.userId)
    })
    const page = await rig.open(widget("25"))
    await settled(page)
    await page.locator(`[data-menu="c${original.id}"] > button`).click()
    await page.getByRole("menuitem", { name: "Edit" }).click()
    await page.getByRole("button", { name: "Save" }).click()
    await page.locator(`[data-menu="c${original.id}"] > button:focus`).waitFor()
    const saved = (await comments("25")).find((r) => r.id === original.id)!
    expect(saved.version).toBe(0)
    expect(saved.rich_content).toEqual(richDoc(rig.emulator.userId))
    expect(await page.getByText("(edited)").count()).toBe(0)
    await page.close()
  })
})
