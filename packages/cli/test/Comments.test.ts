import { describe, expect, it } from "vitest"
import { useEmulator } from "./helpers.js"

const h = useEmulator()

const createComment = (body: Record<string, unknown>) =>
  h.api("comments/", { method: "POST", body: JSON.stringify(body) })

describe("hogkit comments", () => {
  it("creates a comment and a task, in every format", async () => {
    const json = await h.run([
      "comments",
      "create",
      "--content",
      "Looks good",
      "--scope",
      "Dashboard",
      "--item-id",
      "7",
      "--format",
      "json"
    ])
    expect(json.code).toBe(0)
    const c = JSON.parse(json.stdout)
    expect(c).toMatchObject({ content: "Looks good", scope: "Dashboard", item_id: "7", is_task: false })
    const task = await h.run([
      "comments",
      "create",
      "--content",
      "Fix it",
      "--scope",
      "Dashboard",
      "--task",
      "--format",
      "jsonl"
    ])
    expect(JSON.parse(task.stdout).is_task).toBe(true)
    const tsv = await h.run(["comments", "create", "--content", "Third", "--scope", "Notebook"])
    expect(tsv.stdout.split("\t").slice(1, 4)).toEqual(["Notebook", "", "Third"])
    const table = await h.run(["comments", "create", "--content", "Fourth", "--scope", "Notebook"], {
      tty: true
    })
    expect(table.stdout).toMatch(/content:\s+Fourth/)
    expect((await h.api("comments/count")).count).toBe(4)
  })

  it("lists newest first with filters, and counts", async () => {
    await createComment({ content: "one", scope: "Dashboard", item_id: "1" })
    await createComment({ content: "two", scope: "Dashboard", item_id: "2" })
    await createComment({ content: "task", scope: "Dashboard", item_id: "1", is_task: true })
    const all = await h.run(["comments", "list", "--fields", "content"])
    expect(all.stdout).toBe("task\ntwo\none\n")
    const item = await h.run(["comments", "list", "--item-id", "1", "--kind", "comment", "--format", "json"])
    expect(JSON.parse(item.stdout).map((c: { content: string }) => c.content)).toEqual(["one"])
    const jsonl = await h.run([
      "comments",
      "list",
      "--kind",
      "task",
      "--completed",
      "open",
      "--format",
      "jsonl"
    ])
    expect(
      jsonl.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).content)
    ).toEqual(["task"])
    const table = await h.run(["comments", "list"], { tty: true })
    expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+SCOPE\s+ITEM\s+CONTENT\s+TASK\s+AUTHOR\s+CREATED/)
    expect(table.stdout).toContain("user@example.com")
    const count = await h.run(["comments", "count", "--scope", "Dashboard", "--item-id", "1"])
    expect(count.stdout).toBe("2\n")
    const countJson = await h.run(["comments", "count", "--format", "json"])
    expect(JSON.parse(countJson.stdout)).toEqual({ count: 3 })
    const countJsonl = await h.run(["comments", "count", "--format", "jsonl", "--kind", "task"])
    expect(JSON.parse(countJsonl.stdout)).toEqual({ count: 1 })
    const countTable = await h.run(["comments", "count"], { tty: true })
    expect(countTable.stdout.trim()).toBe("3")
  })

  it("--limit takes the newest N with one request", async () => {
    for (let i = 0; i < 5; i++) await createComment({ content: `c${i}`, scope: "Notebook" })
    const limited = await h.run(["comments", "list", "--limit", "3", "--format", "jsonl", "--debug"])
    expect(
      limited.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).content)
    ).toEqual(["c4", "c3", "c2"])
    expect(limited.stderr.match(/^> GET /gm)).toHaveLength(1)
  })

  it("--all follows cursor pages and streams every comment", async () => {
    for (let i = 0; i < 105; i++) await createComment({ content: `c${i}`, scope: "Notebook" })
    const all = await h.run(["comments", "list", "--all", "--format", "jsonl", "--debug"])
    const lines = all.stdout.trim().split("\n")
    expect(lines).toHaveLength(105)
    expect(new Set(lines.map((l) => JSON.parse(l).id)).size).toBe(105)
    expect(all.stderr.match(/^> GET /gm)).toHaveLength(2)
    const page = await h.run(["comments", "list", "--format", "json"])
    expect(JSON.parse(page.stdout)).toHaveLength(100)
  }, 120_000)

  it("gets, updates, completes, reopens and deletes", async () => {
    const c = await createComment({ content: "draft", scope: "Notebook", is_task: true })
    const get = await h.run(["comments", "get", c.id, "--format", "json"])
    expect(JSON.parse(get.stdout)).toEqual(await h.api(`comments/${c.id}/`))
    expect((await h.run(["comments", "get", c.id], { tty: true })).stdout).toMatch(/content:\s+draft/)
    expect((await h.run(["comments", "get", c.id])).stdout.startsWith(`${c.id}\tNotebook`)).toBe(true)
    expect(JSON.parse((await h.run(["comments", "get", c.id, "--format", "jsonl"])).stdout).id).toBe(c.id)

    const upd = await h.run(["comments", "update", c.id, "--content", "final", "--yes", "--format", "json"])
    expect(JSON.parse(upd.stdout)).toMatchObject({ content: "final", version: 1 })
    expect(
      (await h.run(["comments", "update", c.id, "--content", "final2", "--yes"], { tty: true })).stdout
    ).toMatch(/content:\s+final2/)

    const done = await h.run(["comments", "complete", c.id, "--format", "jsonl"])
    expect(JSON.parse(done.stdout).completed_at).not.toBeNull()
    const reopened = await h.run(["comments", "reopen", c.id, "--format", "json"])
    expect(JSON.parse(reopened.stdout).completed_at).toBeNull()
    const again = await h.run(["comments", "complete", c.id])
    expect(again.code).toBe(0)
    expect((await h.run(["comments", "reopen", c.id], { tty: true })).stdout).toMatch(/completed:\s*$/m)

    const del = await h.run(["comments", "delete", c.id, "--yes"])
    expect(del.code).toBe(0)
    expect((await h.api("comments/count")).count).toBe(0)
    expect((await h.run(["comments", "get", c.id])).code).toBe(3)
  })

  it("replies and reads a thread", async () => {
    const root = await createComment({ content: "root", scope: "Dashboard", item_id: "3" })
    const reply = await h.run([
      "comments",
      "create",
      "--content",
      "a reply",
      "--reply-to",
      root.id,
      "--format",
      "json"
    ])
    expect(reply.code).toBe(0)
    expect(JSON.parse(reply.stdout)).toMatchObject({
      source_comment: root.id,
      scope: "Dashboard",
      item_id: "3"
    })
    const thread = await h.run(["comments", "thread", root.id, "--fields", "content"])
    expect(thread.stdout).toBe("a reply\n")
    const json = await h.run(["comments", "thread", root.id, "--format", "json"])
    expect(JSON.parse(json.stdout)).toHaveLength(1)
    const jsonl = await h.run(["comments", "thread", root.id, "--format", "jsonl", "--all"])
    expect(JSON.parse(jsonl.stdout).content).toBe("a reply")
    expect((await h.run(["comments", "thread", root.id], { tty: true })).stdout).toContain("a reply")
  })

  it("explains that a personal API key cannot complete tasks on strict PostHog", async () => {
    const c = await createComment({ content: "t", scope: "Notebook", is_task: true })
    // Same endpoints, but PostHog's real refusal: the emulator's strict mode, started just for this.
    const { startEmulator } = await import("@hogkit/emulator")
    const strict = await startEmulator({
      port: 0,
      apiKey: "phx_strictKeyForCliTests0123456789abcdef",
      strictPostHog: true
    })
    try {
      const r = await h.run(["comments", "complete", c.id], {
        env: {
          POSTHOG_HOST: strict.url,
          POSTHOG_PERSONAL_API_KEY: "phx_strictKeyForCliTests0123456789abcdef"
        }
      })
      expect(r.code).toBe(4)
      expect(r.stderr).toMatch(/does not accept personal API keys .*logged-in PostHog session/)
    } finally {
      await strict.close()
    }
  })
})
