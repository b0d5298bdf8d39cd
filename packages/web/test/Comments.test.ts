import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type Rig, settled, startRig } from "./support/harness.js"

let rig: Rig
const P = () => `/api/projects/${rig.emulator.projectId}`

interface Row {
  id: string
  content: string | null
  source_comment: string | null
  deleted: boolean
  version: number
  is_task: boolean
  completed_at: string | null
  completed_by: { id: number } | null
}

const comments = async (itemId: string) =>
  (
    await rig.emu<{ results: Array<Row> }>(
      "GET",
      `${P()}/comments/?scope=Dashboard&item_id=${itemId}&deleted=true`
    )
  ).results

const widget = (itemId: string) =>
  `<hogkit-comments api-base="${rig.apiBase}" scope="Dashboard" item-id="${itemId}" refresh-interval="0"></hogkit-comments>`

beforeAll(async () => {
  rig = await startRig()
})
beforeEach(async () => {
  await rig.emulator.reset()
})
afterAll(async () => {
  await rig?.close()
})

describe("<hogkit-comments>", () => {
  it("posts a comment and a reply, edits, deletes and undoes", async () => {
    const page = await rig.open(widget("7"))
    await settled(page)
    await expect.poll(() => page.getByText("No comments yet").count()).toBe(1)

    await page.getByLabel("Add a comment").fill("First thoughts on the funnel")
    await page.getByRole("button", { name: "Comment", exact: true }).click()
    const root = page.locator("li[part~=thread]").first()
    await root.getByText("First thoughts on the funnel").waitFor()
    let rows = await comments("7")
    expect(rows).toHaveLength(1)
    expect(rows[0]!.content).toBe("First thoughts on the funnel")
    await expect.poll(() => page.locator("[part~=count]").textContent()).toBe("1 comment")

    await root.getByRole("button", { name: "Reply" }).click()
    await page.getByLabel("Write a reply").fill("Agreed, let's dig in")
    await page.getByRole("button", { name: "Reply", exact: true }).last().click()
    await root.locator("[part~=replies]").getByText("Agreed, let's dig in").waitFor()
    rows = await comments("7")
    const reply = rows.find((r) => r.content === "Agreed, let's dig in")!
    expect(reply.source_comment).toBe(rows.find((r) => r.source_comment === null)!.id)
    await expect.poll(() => page.locator("[part~=count]").textContent()).toBe("2 comments")

    await root.locator("[data-menu] > button").first().click()
    await page.getByRole("menuitem", { name: "Edit" }).click()
    await page.getByLabel("Edit your comment").fill("Second thoughts on the funnel")
    await page.getByRole("button", { name: "Save" }).click()
    await root.getByText("Second thoughts on the funnel").waitFor()
    await root.getByText("(edited)").waitFor()
    const edited = (await comments("7")).find((r) => r.source_comment === null)!
    expect(edited.content).toBe("Second thoughts on the funnel")
    expect(edited.version).toBe(1)

    await page.locator(`[data-menu="c${reply.id}"] > button`).click()
    await page.getByRole("menuitem", { name: "Delete" }).click()
    await expect.poll(() => page.getByText("Agreed, let's dig in").count()).toBe(0)
    await page.getByText("Comment deleted.").waitFor()
    expect((await comments("7")).find((r) => r.id === reply.id)!.deleted).toBe(true)
    await expect.poll(() => page.locator("[part~=count]").textContent()).toBe("1 comment")

    await page.getByRole("button", { name: "Undo" }).click()
    await root.locator("[part~=replies]").getByText("Agreed, let's dig in").waitFor()
    const restored = (await comments("7")).find((r) => r.id === reply.id)!
    expect(restored.deleted).toBe(false)
    expect(restored.content).toBe("Agreed, let's dig in")
    await expect.poll(() => page.locator("[part~=count]").textContent()).toBe("2 comments")
    await page.close()
  })

  it("creates a task, completes it and reopens it", async () => {
    const page = await rig.open(widget("8"))
    await settled(page)
    await page.getByLabel("Add a comment").fill("Check the retention query")
    await page.getByLabel("Post as a task").check()
    await page.getByRole("button", { name: "Create task", exact: true }).click()
    const thread = page.locator("li[part~=thread]").first()
    await thread.getByText("Task", { exact: true }).waitFor()
    await thread.getByText("Open task").waitFor()
    let [task] = await comments("8")
    expect(task!.is_task).toBe(true)

    await thread.getByRole("button", { name: "Mark complete" }).click()
    await thread.getByText(/Completed by Emulator User/).waitFor()
    ;[task] = await comments("8")
    expect(task!.completed_at).not.toBeNull()
    expect(task!.completed_by?.id).toBe(rig.emulator.userId)

    await thread.getByRole("button", { name: "Reopen" }).click()
    await thread.getByText("Open task").waitFor()
    ;[task] = await comments("8")
    expect(task!.completed_at).toBeNull()
    await page.close()
  })

  it("loads older pages on demand", async () => {
    for (let i = 0; i < 104; i++) {
      await rig.emu("POST", `${P()}/comments/`, {
        content: `Comment number ${i}`,
        scope: "Dashboard",
        item_id: "9"
      })
    }
    const page = await rig.open(widget("9"))
    await settled(page)
    await expect.poll(() => page.locator("li[part~=thread]").count()).toBe(100)
    await expect.poll(() => page.locator("[part~=count]").textContent()).toBe("104 comments")
    expect(await page.getByText("Comment number 0", { exact: true }).count()).toBe(0)
    await page.getByRole("button", { name: "Load older comments" }).click()
    await expect.poll(() => page.locator("li[part~=thread]").count()).toBe(104)
    await page.getByText("Comment number 0", { exact: true }).waitFor()
    // Oldest first: the page just loaded sits above the one already shown.
    expect(await page.locator("li[part~=thread] [part~=body]").first().textContent()).toBe("Comment number 0")
    expect(await page.locator("li[part~=thread] [part~=body]").last().textContent()).toBe(
      "Comment number 103"
    )
    expect(await page.getByRole("button", { name: "Load older comments" }).count()).toBe(0)
    await page.close()
  })

  it("shows rich text with mentions as names and only http(s) links", async () => {
    await rig.emu("POST", `${P()}/comments/`, {
      scope: "Dashboard",
      item_id: "10",
      content: "",
      rich_content: {
        type: "doc",
        content: [
          {
            type: "paragraph",
            content: [
              { type: "text", text: "Hey " },
              { type: "ph-mention", attrs: { id: rig.emulator.userId } },
              { type: "text", text: ", see " },
              {
                type: "text",
                text: "the docs",
                marks: [{ type: "link", attrs: { href: "https://posthog.com/docs" } }]
              },
              { type: "text", text: " and " },
              {
                type: "text",
                text: "this",
                marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }]
              }
            ]
          }
        ]
      }
    })
    const page = await rig.open(widget("10"))
    await settled(page)
    const body = page.locator("[part~=body]").first()
    await body.getByText("@Emulator User").waitFor()
    const links = await body.locator("a").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))
    expect(links).toEqual(["https://posthog.com/docs"])
    expect(await body.textContent()).toContain("this")
    await page.close()
  })

  it("says what failed and recovers with retry", async () => {
    await rig.emu("PUT", "/_emulator/faults", { error_rate: 1, error_status: 500 })
    const page = await rig.open(widget("11"))
    const alert = page.getByRole("alert")
    await alert.getByText("The discussion could not be loaded.").waitFor({ timeout: 30_000 })
    await rig.emu("DELETE", "/_emulator/faults")
    await alert.getByRole("button", { name: "Try again" }).click()
    await page.getByText("No comments yet").waitFor()
    await page.close()
  })

  it("keeps the count live and offers the comments others posted", async () => {
    const page = await rig.open(
      `<hogkit-comments api-base="${rig.apiBase}" scope="Dashboard" item-id="13" refresh-interval="1"></hogkit-comments>`
    )
    await settled(page)
    await expect.poll(() => page.locator("[part~=count]").textContent()).toBe("0 comments")
    await rig.emu("POST", `${P()}/comments/`, {
      content: "Posted from elsewhere",
      scope: "Dashboard",
      item_id: "13"
    })
    await expect
      .poll(() => page.locator("[part~=count]").textContent(), { timeout: 15_000 })
      .toBe("1 comment")
    await page.getByText("There are new comments.").waitFor()
    await page.getByRole("button", { name: "Show them" }).click()
    await page.locator("[part~=body]").getByText("Posted from elsewhere").waitFor()
    await page.close()
  })

  it("shows the exact time of a comment when the pointer rests on its relative time", async () => {
    const posted = await rig.emu<{ created_at: string }>("POST", `${P()}/comments/`, {
      content: "Timed",
      scope: "Dashboard",
      item_id: "12"
    })
    const page = await rig.open(
      `<hogkit-comments api-base="${rig.apiBase}" scope="Dashboard" item-id="12" refresh-interval="0"
        locale="en-GB"></hogkit-comments>`
    )
    await settled(page)
    const time = page.locator("article time").first()
    await time.hover()
    const expected = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" }).format(
      new Date(posted.created_at)
    )
    await expect.poll(() => time.getAttribute("title")).toBe(expected)
    await page.close()
  })

  it("lets the host replace every string", async () => {
    const page = await rig.open(
      `<hogkit-comments api-base="${rig.apiBase}" scope="Dashboard" item-id="12" refresh-interval="0"
        strings='{"heading":"Diskussion","empty":"Noch keine Kommentare.","composerLabel":"Kommentar schreiben","post":"Senden"}'></hogkit-comments>`
    )
    await settled(page)
    await page.getByRole("heading", { name: "Diskussion" }).waitFor()
    await page.getByText("Noch keine Kommentare.").waitFor()
    await page.getByLabel("Kommentar schreiben").fill("Hallo")
    await page.getByRole("button", { name: "Senden" }).click()
    await page.locator("[part~=body]").getByText("Hallo").waitFor()
    await page.evaluate(() => {
      const el = document.querySelector("hogkit-comments") as HTMLElement & {
        strings: Record<string, unknown>
      }
      el.strings = { ...el.strings, count: (n: number) => `${n} Beiträge` }
    })
    await expect.poll(() => page.locator("[part~=count]").textContent()).toBe("1 Beiträge")
    await page.close()
  })
})

describe("<hogkit-comments> against PostHog's own refusals", () => {
  let strict: Rig
  beforeAll(async () => {
    strict = await startRig({}, "empty", { strictPostHog: true })
  })
  afterAll(async () => {
    await strict?.close()
  })

  it("says why completing a task failed and leaves it as it was", async () => {
    await strict.emu("POST", `/api/projects/${strict.emulator.projectId}/comments/`, {
      content: "Needs a session",
      scope: "Dashboard",
      item_id: "1",
      is_task: true
    })
    const page = await strict.open(
      `<hogkit-comments api-base="${strict.apiBase}" scope="Dashboard" item-id="1" refresh-interval="0"></hogkit-comments>`
    )
    await settled(page)
    await page.getByRole("button", { name: "Mark complete" }).click()
    await page
      .locator("[part~=toast]")
      .getByText(/personal API key|session/i)
      .waitFor()
    await page.getByText("Open task").waitFor()
    await page.close()
  })
})
