/** posthog-api-behaviour.md §1: comments. */
import { describe, expect, it } from "vitest"
import { createUser, useEmulator } from "./internal/Harness.js"

const { emu, client } = useEmulator()

const v = (detail: string, attr: string | null = null, code = "invalid_input") => ({
  type: "validation_error",
  code,
  detail,
  attr
})

const comment = async (body: Record<string, unknown>) => {
  const res = await client.post("comments/", { scope: "Notebook", content: "hello", ...body })
  expect(res.status).toBe(201)
  return res.body
}

describe("§1.1 fields", () => {
  it("§1.1 create returns the exact shape, in PostHog's key order", async () => {
    const res = await client.post("comments/", { content: "This is a comment", scope: "Notebook" })
    expect(res.status).toBe(201)
    expect(Object.keys(res.body)).toEqual([
      "id",
      "created_by",
      "content",
      "rich_content",
      "deleted",
      "version",
      "created_at",
      "item_id",
      "item_context",
      "scope",
      "source_comment",
      "is_task",
      "completed_at",
      "completed_by",
      "slack_thread"
    ])
    expect(res.body).toMatchObject({
      content: "This is a comment",
      rich_content: null,
      deleted: false,
      version: 0,
      item_id: null,
      item_context: null,
      scope: "Notebook",
      source_comment: null,
      is_task: false,
      completed_at: null,
      completed_by: null,
      slack_thread: null
    })
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/)
  })

  it("§1.1 created_by is the caller as UserBasic", async () => {
    const c = await comment({})
    expect(Object.keys(c.created_by)).toEqual([
      "id",
      "uuid",
      "distinct_id",
      "first_name",
      "last_name",
      "email",
      "is_email_verified",
      "hedgehog_config",
      "role_at_organization"
    ])
    expect(c.created_by).toMatchObject({ id: 1, email: "user@example.com", hedgehog_config: null })
  })

  it("§1.1 version, id and created_at are read-only; mentions and slug are write-only", async () => {
    const c = await comment({ version: 7, id: "x", mentions: [1], slug: "/notebooks/1" })
    expect(c.version).toBe(0)
    expect(c).not.toHaveProperty("mentions")
    expect(c).not.toHaveProperty("slug")
  })
})

describe("§1.2 validation, in order", () => {
  it("§1.2.1 item_context not an object → 400 attr item_context Must be an object.", async () => {
    const res = await client.post("comments/", { content: "x", scope: "Notebook", item_context: [1] })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(v("Must be an object.", "item_context"))
  })

  it("§1.2.2 updating another user's comment → 403 You can only modify your own comments", async () => {
    const c = await comment({})
    const { key } = await createUser(client, {
      email: "b@example.com",
      organizationIds: [emu().organizationId]
    })
    const res = await client.patch(`comments/${c.id}/`, { content: "mine now" }, { key })
    expect(res.status).toBe(403)
    expect(res.body).toEqual({
      type: "authentication_error",
      code: "permission_denied",
      detail: "You can only modify your own comments",
      attr: null
    })
  })

  it("§1.2.2 changing is_task after creation → 400 attr is_task", async () => {
    const c = await comment({})
    const res = await client.patch(`comments/${c.id}/`, { content: "x", is_task: true })
    expect(res.body).toEqual(v("Cannot change task state after creation.", "is_task"))
  })

  it("§1.2.2 is_task: null → 400 This field may not be null.", async () => {
    const c = await comment({})
    const res = await client.patch(`comments/${c.id}/`, { content: "x", is_task: null })
    expect(res.body).toEqual(v("This field may not be null.", "is_task", "null"))
  })

  it("§1.2.3 create without scope or source_comment → 400 required attr scope", async () => {
    const res = await client.post("comments/", { content: "x" })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(v("This field is required.", "scope", "required"))
  })

  it("§1.2.4 EmailThread scope → 403 and such rows are invisible", async () => {
    const res = await client.post("comments/", { content: "x", scope: "EmailThread" })
    expect(res.status).toBe(403)
    expect(res.body.detail).toBe("Email thread messages cannot be managed through the comments API")
  })

  it("§1.2.5 a source_comment from another project → 400 attr source_comment Comment not found.", async () => {
    const other = await client.admin("POST", "/_emulator/projects", {
      organization_id: emu().organizationId,
      name: "B"
    })
    const parent = await client.post(`/api/projects/${other.body.id}/comments/`, {
      content: "p",
      scope: "Notebook"
    })
    const res = await client.post("comments/", { content: "r", source_comment: parent.body.id })
    expect(res.body).toEqual(v("Comment not found.", "source_comment"))
  })

  it("§1.2.5 a reply with a ticket/non-ticket scope mismatch → 400 attr scope", async () => {
    const parent = await comment({ scope: "Ticket", item_id: "t1" })
    const res = await client.post("comments/", { content: "r", scope: "Notebook", source_comment: parent.id })
    expect(res.body).toEqual(v("A reply must use the same scope as the comment it replies to.", "scope"))
  })

  it("§1.2.5 a ticket reply with another item_id → 400 attr item_id", async () => {
    const parent = await comment({ scope: "Ticket", item_id: "t1" })
    const res = await client.post("comments/", {
      content: "r",
      scope: "Ticket",
      item_id: "t2",
      source_comment: parent.id
    })
    expect(res.body).toEqual(
      v("A reply must belong to the same ticket as the comment it replies to.", "item_id")
    )
  })

  it("§1.2.6 replies are re-rooted and take the root's scope, item_id and context", async () => {
    const root = await comment({
      scope: "Insight",
      item_id: "42",
      item_context: { tab: "a", threadState: "open" }
    })
    const reply = await comment({ source_comment: root.id })
    const nested = await comment({
      scope: "Other",
      item_id: "99",
      source_comment: reply.id,
      item_context: { is_emoji: true, threadState: "resolved", other: 1 }
    })
    expect(nested.source_comment).toBe(root.id)
    expect(nested.scope).toBe("Insight")
    expect(nested.item_id).toBe("42")
    expect(nested.item_context).toEqual({ tab: "a", is_emoji: true, threadState: "resolved" })
  })

  it("§1.2.9 blank content without rich content → 400 A comment must have content", async () => {
    for (const body of [
      { scope: "Notebook" },
      { scope: "Notebook", content: "   " },
      {
        scope: "Notebook",
        rich_content: { type: "doc", content: [{ type: "paragraph" }] }
      }
    ]) {
      const res = await client.post("comments/", body)
      expect(res.body).toEqual(v("A comment must have content"))
    }
  })

  it("§1.2.9 rich content alone is enough", async () => {
    const c = await comment({
      content: "",
      rich_content: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "hi" }] }] }
    })
    expect(c.rich_content.type).toBe("doc")
  })

  it("§1.2.9 the content rule applies to PATCH too (restore without content fails)", async () => {
    const c = await comment({})
    expect((await client.patch(`comments/${c.id}/`, { deleted: true })).status).toBe(200)
    const restore = await client.patch(`comments/${c.id}/`, { deleted: false })
    expect(restore.body).toEqual(v("A comment must have content"))
    const ctxOnly = await client.patch(`comments/${c.id}/`, { item_context: { a: 1 } })
    expect(ctxOnly.body).toEqual(v("A comment must have content"))
    const withContent = await client.patch(`comments/${c.id}/`, { deleted: false, content: "back" })
    expect(withContent.status).toBe(200)
    expect(withContent.body.deleted).toBe(false)
  })

  it("§1.2.10 Slack keys in item_context are stripped", async () => {
    const c = await comment({
      item_context: {
        keep: 1,
        from_slack: true,
        slack_synced_ts: "1",
        slack_message_ts: "2",
        slack_author_name: "a",
        slack_author_avatar: "b"
      }
    })
    expect(c.item_context).toEqual({ keep: 1 })
  })

  it("§1.2.11 a reply cannot be a task", async () => {
    const root = await comment({})
    const res = await client.post("comments/", { content: "r", source_comment: root.id, is_task: true })
    expect(res.body).toEqual(v("Replies cannot be tasks.", "is_task"))
  })

  it("§1.2.11 an emoji reaction cannot be a task", async () => {
    const res = await client.post("comments/", {
      content: "👍",
      scope: "Notebook",
      is_task: true,
      item_context: { is_emoji: true }
    })
    expect(res.body.detail).toBe("Emoji reactions cannot be tasks.")
    expect(res.status).toBe(400)
  })

  it("§1.2 scope over 79 characters → max_length", async () => {
    const res = await client.post("comments/", { content: "x", scope: "s".repeat(80) })
    expect(res.body).toEqual(v("Ensure this field has no more than 79 characters.", "scope", "max_length"))
  })

  it("§1.2 item_id over 72 characters → max_length", async () => {
    const res = await client.post("comments/", { content: "x", scope: "Notebook", item_id: "i".repeat(73) })
    expect(res.body).toEqual(v("Ensure this field has no more than 72 characters.", "item_id", "max_length"))
  })

  it("§1.2 an unknown source_comment → attr source_comment Invalid pk", async () => {
    const id = "00000000-0000-4000-8000-000000000000"
    const res = await client.post("comments/", { content: "x", source_comment: id })
    expect(res.body).toEqual(
      v(`Invalid pk "${id}" - object does not exist.`, "source_comment", "does_not_exist")
    )
  })
})

describe("§1.3 create and update", () => {
  it("§1.3 create → 201; update → 200 with version incremented only when content is given", async () => {
    const c = await comment({})
    const edited = await client.patch(`comments/${c.id}/`, { content: "edited" })
    expect(edited.status).toBe(200)
    expect(edited.body.version).toBe(1)
    const again = await client.patch(`comments/${c.id}/`, { content: "edited again", version: 99 })
    expect(again.body.version).toBe(2)
    const richOnly = await client.patch(`comments/${c.id}/`, {
      rich_content: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "r" }] }] }
    })
    expect(richOnly.body.version).toBe(2)
  })

  it("§1.3 soft delete via PATCH keeps the content", async () => {
    const c = await comment({ content: "keep me" })
    const res = await client.patch(`comments/${c.id}/`, { deleted: true })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ deleted: true, content: "keep me" })
  })

  it("§1.3 complete and reopen have no owner check", async () => {
    const task = await comment({ is_task: true })
    const { key, user } = await createUser(client, {
      email: "b@example.com",
      organizationIds: [emu().organizationId]
    })
    const done = await client.post(`comments/${task.id}/complete/`, {}, { key })
    expect(done.status).toBe(200)
    expect(done.body.completed_by.id).toBe(user.id)
  })

  it("§1.3 mentions are accepted and do not change the body", async () => {
    const c = await comment({ mentions: [1, 2] })
    expect(c).not.toHaveProperty("mentions")
  })
})

describe("§1.4 querysets and filters", () => {
  it("§1.4 soft-deleted comments are hidden from list, count and thread, 404 on retrieve/PUT/complete/reopen, reachable by PATCH", async () => {
    const root = await comment({})
    const task = await comment({ is_task: true })
    const reply = await comment({ source_comment: root.id })
    await client.patch(`comments/${task.id}/`, { deleted: true })
    await client.patch(`comments/${reply.id}/`, { deleted: true })
    const list = await client.get("comments/")
    expect(list.body.results.map((c: { id: string }) => c.id)).toEqual([root.id])
    expect((await client.get("comments/count/")).body).toEqual({ count: 1 })
    expect((await client.get(`comments/${root.id}/thread/`)).body.results).toEqual([])
    expect((await client.get(`comments/${task.id}/`)).status).toBe(404)
    expect((await client.request("PUT", `comments/${task.id}/`, { content: "x" })).status).toBe(404)
    expect((await client.post(`comments/${task.id}/complete/`)).status).toBe(404)
    expect((await client.post(`comments/${task.id}/reopen/`)).status).toBe(404)
    expect((await client.patch(`comments/${task.id}/`, { content: "x", deleted: false })).status).toBe(200)
  })

  it("§1.4 ?deleted=true lists deleted and live comments", async () => {
    const a = await comment({})
    const b = await comment({})
    await client.patch(`comments/${a.id}/`, { deleted: true })
    const res = await client.get("comments/?deleted=true")
    expect(res.body.results.map((c: { id: string }) => c.id).sort()).toEqual([a.id, b.id].sort())
  })

  it("§1.4 scope and item_id filter exactly; without scope, ticket and task scopes are excluded", async () => {
    await comment({ scope: "Insight", item_id: "1" })
    await comment({ scope: "Insight", item_id: "2" })
    await comment({ scope: "Ticket", item_id: "t" })
    await comment({ scope: "task", item_id: "k" })
    expect((await client.get("comments/")).body.results).toHaveLength(2)
    expect((await client.get("comments/?scope=Insight&item_id=2")).body.results).toHaveLength(1)
    expect((await client.get("comments/?scope=Ticket")).body.results).toHaveLength(1)
    expect((await client.get("comments/count/?scope=task")).body.count).toBe(1)
  })

  it("§1.4 search is full-text on content (stems match)", async () => {
    await comment({ content: "The ponies are running" })
    await comment({ content: "Unrelated goat" })
    const res = await client.get("comments/?search=pony")
    expect(res.body.results.map((c: { content: string }) => c.content)).toEqual(["The ponies are running"])
  })

  it("§1.4 exclude_emoji_reactions=true drops truthy is_emoji rows only", async () => {
    await comment({ content: "emoji", item_context: { is_emoji: true } })
    await comment({ content: "not emoji", item_context: { is_emoji: false } })
    await comment({ content: "no key", item_context: { other: 1 } })
    await comment({ content: "null ctx" })
    const res = await client.get("comments/?exclude_emoji_reactions=true")
    expect(res.body.results.map((c: { content: string }) => c.content).sort()).toEqual([
      "no key",
      "not emoji",
      "null ctx"
    ])
  })

  it("§1.4 kind=task / kind=comment, completed only with kind=task", async () => {
    const t1 = await comment({ is_task: true })
    await comment({ is_task: true })
    await comment({})
    await client.post(`comments/${t1.id}/complete/`)
    expect((await client.get("comments/count/?kind=task")).body.count).toBe(2)
    expect((await client.get("comments/count/?kind=comment")).body.count).toBe(1)
    expect((await client.get("comments/count/?kind=task&completed=completed")).body.count).toBe(1)
    expect((await client.get("comments/count/?kind=task&completed=open")).body.count).toBe(1)
    expect((await client.get("comments/count/?completed=open")).body.count).toBe(3)
  })

  it("§1.4 source_comment filters replies of a parent", async () => {
    const root = await comment({})
    await comment({ source_comment: root.id })
    await comment({})
    expect((await client.get(`comments/?source_comment=${root.id}`)).body.results).toHaveLength(1)
  })

  it("§1.4 list and thread are newest first", async () => {
    const a = await comment({ content: "first" })
    const b = await comment({ content: "second" })
    const list = await client.get("comments/")
    expect(list.body.results.map((c: { id: string }) => c.id)).toEqual([b.id, a.id])
  })

  it("§1.4 retrieve: nonexistent or malformed id → 404 Not found.", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid", "123"]) {
      const res = await client.get(`comments/${id}/`)
      expect(res.status).toBe(404)
      expect(res.body).toEqual({
        type: "invalid_request",
        code: "not_found",
        detail: "Not found.",
        attr: null
      })
    }
  })

  it("§1.4 thread lists replies newest first, without the root; unknown root → empty page", async () => {
    const root = await comment({})
    const r1 = await comment({ source_comment: root.id, content: "r1" })
    const r2 = await comment({ source_comment: r1.id, content: "r2" })
    const res = await client.get(`comments/${root.id}/thread/`)
    expect(res.body.results.map((c: { id: string }) => c.id)).toEqual([r2.id, r1.id])
    const unknown = await client.get("comments/00000000-0000-4000-8000-000000000000/thread/")
    expect(unknown.status).toBe(200)
    expect(unknown.body).toEqual({ next: null, previous: null, results: [] })
  })

  it("§1.4 count → {count} honouring the filters", async () => {
    await comment({ scope: "Insight", item_id: "1" })
    await comment({ scope: "Insight", item_id: "1", content: "goat" })
    await comment({ scope: "Notebook" })
    expect((await client.get("comments/count/")).body).toEqual({ count: 3 })
    expect((await client.get("comments/count/?scope=Insight&item_id=1&search=goat")).body).toEqual({
      count: 1
    })
  })

  it("§1.4 complete sets completed_at/by; errors for non-tasks and already-complete tasks", async () => {
    const task = await comment({ is_task: true })
    const plain = await comment({})
    const done = await client.post(`comments/${task.id}/complete/`)
    expect(done.status).toBe(200)
    expect(done.body.completed_at).toMatch(/Z$/)
    expect(done.body.completed_by.id).toBe(1)
    expect((await client.post(`comments/${task.id}/complete/`)).body).toEqual(v("Task is already complete"))
    expect((await client.post(`comments/${plain.id}/complete/`)).body).toEqual(
      v("Only tasks can be marked complete")
    )
  })

  it("§1.4 reopen clears completion; errors for non-tasks and open tasks", async () => {
    const task = await comment({ is_task: true })
    const plain = await comment({})
    expect((await client.post(`comments/${task.id}/reopen/`)).body).toEqual(v("Task is already open"))
    await client.post(`comments/${task.id}/complete/`)
    const reopened = await client.post(`comments/${task.id}/reopen/`, { ignored: true })
    expect(reopened.body).toMatchObject({ completed_at: null, completed_by: null })
    expect((await client.post(`comments/${plain.id}/reopen/`)).body).toEqual(v("Only tasks can be reopened"))
  })
})
