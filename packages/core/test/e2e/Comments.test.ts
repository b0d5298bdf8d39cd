import { Comments, PostHogClient } from "@hogkit/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { describe, expect, it } from "vitest"
import { useCoreAgainstEmulator } from "./support.js"

const { run, fail } = useCoreAgainstEmulator()

describe("Comments against the emulator", () => {
  it("creates, reads, edits and lists a comment", async () => {
    const created = await run(
      Comments.use((c) => c.create({ scope: "Dashboard", item_id: "42", content: "Looks off" }))
    )
    expect(created).toMatchObject({
      scope: "Dashboard",
      item_id: "42",
      content: "Looks off",
      deleted: false,
      version: 0
    })
    const got = await run(Comments.use((c) => c.get(created.id)))
    expect(got.id).toBe(created.id)
    expect(got.created_by?.email).toBe("user@example.com")
    const edited = await run(Comments.use((c) => c.update(created.id, { content: "Looks fine now" })))
    expect(edited).toMatchObject({ content: "Looks fine now", version: 1 })
    const page = await run(Comments.use((c) => c.list({ scope: "Dashboard", item_id: "42" })))
    expect(page.results.map((r) => r.id)).toEqual([created.id])
    expect(page).not.toHaveProperty("count")
  })

  it("soft-deletes: the comment disappears from reads but keeps its content", async () => {
    const created = await run(Comments.use((c) => c.create({ scope: "Notebook", content: "bye" })))
    const deleted = await run(Comments.use((c) => c.delete(created.id)))
    expect(deleted).toMatchObject({ deleted: true, content: "bye" })
    const error = await fail(Comments.use((c) => c.get(created.id)))
    expect(error.reason._tag).toBe("NotFound")
    expect(await run(Comments.use((c) => c.count({ scope: "Notebook" })))).toBe(0)
    const withDeleted = await run(Comments.use((c) => c.list({ scope: "Notebook", deleted: true })))
    expect(withDeleted.results.map((r) => r.id)).toEqual([created.id])
  })

  it("a hard DELETE is refused with 405 and an explanation", async () => {
    const created = await run(Comments.use((c) => c.create({ scope: "Notebook", content: "x" })))
    const error = await fail(
      PostHogClient.use((c) =>
        c.request({ operation: "api", method: "DELETE", path: `comments/${created.id}/` })
      )
    )
    expect(error.reason._tag).toBe("MethodNotAllowed")
    expect(error.reason.status).toBe(405)
    expect(error.message).toContain("soft-delete")
  })

  it("completes and reopens a task, and refuses to complete a plain comment", async () => {
    const task = await run(
      Comments.use((c) => c.create({ scope: "Dashboard", item_id: "1", content: "fix it", is_task: true }))
    )
    const done = await run(Comments.use((c) => c.complete(task.id)))
    expect(done.completed_at).toBeTruthy()
    expect(done.completed_by?.id).toBe(1)
    const again = await fail(Comments.use((c) => c.complete(task.id)))
    expect(again.reason._tag).toBe("ValidationError")
    expect(again.reason.detail).toBe("Task is already complete")
    const reopened = await run(Comments.use((c) => c.reopen(task.id)))
    expect(reopened.completed_at).toBeNull()
    expect(reopened.completed_by).toBeNull()
    const plain = await run(
      Comments.use((c) => c.create({ scope: "Dashboard", item_id: "1", content: "just a note" }))
    )
    const notTask = await fail(Comments.use((c) => c.complete(plain.id)))
    expect(notTask.reason.detail).toBe("Only tasks can be marked complete")
    expect(notTask.message).toBe(
      `Comments.complete failed: Only tasks can be marked complete (POST /api/projects/1/comments/${plain.id}/complete/)`
    )
  })

  it("reads a thread page by page and as a stream, without the root", async () => {
    const root = await run(Comments.use((c) => c.create({ scope: "Insight", item_id: "9", content: "root" })))
    const replies: Array<string> = []
    for (let i = 0; i < 3; i++) {
      const reply = await run(
        Comments.use((c) => c.create({ source_comment: root.id, content: `reply ${i}` }))
      )
      expect(reply).toMatchObject({ scope: "Insight", item_id: "9", source_comment: root.id })
      replies.push(reply.id)
    }
    const page = await run(Comments.use((c) => c.thread(root.id)))
    expect(page.results.map((r) => r.id)).toEqual([...replies].reverse())
    const streamed = await run(
      Stream.runCollect(Stream.unwrap(Comments.use((c) => Effect.succeed(c.streamThread(root.id)))))
    )
    expect(streamed.map((r) => r.id)).toEqual([...replies].reverse())
  })

  it("counts with filters", async () => {
    await run(
      Comments.use((c) =>
        Effect.all([
          c.create({ scope: "Dashboard", item_id: "1", content: "a" }),
          c.create({ scope: "Dashboard", item_id: "1", content: "b", is_task: true }),
          c.create({ scope: "Dashboard", item_id: "2", content: "c" })
        ])
      )
    )
    expect(await run(Comments.use((c) => c.count({ scope: "Dashboard" })))).toBe(3)
    expect(await run(Comments.use((c) => c.count({ scope: "Dashboard", item_id: "1" })))).toBe(2)
    expect(await run(Comments.use((c) => c.count({ scope: "Dashboard", kind: "task" })))).toBe(1)
  })

  it("streams more than one cursor page, newest first, each comment once", async () => {
    await run(
      Comments.use((c) =>
        Effect.forEach(
          Array.from({ length: 130 }, (_, i) => i),
          (i) => c.create({ scope: "Bulk", content: `#${i}` }),
          {
            concurrency: 8
          }
        )
      )
    )
    const first = await run(Comments.use((c) => c.list({ scope: "Bulk" })))
    expect(first.results).toHaveLength(100)
    expect(first.next).toBeTruthy()
    const all = await run(
      Stream.runCollect(Stream.unwrap(Comments.use((c) => Effect.succeed(c.stream({ scope: "Bulk" })))))
    )
    expect(all).toHaveLength(130)
    expect(new Set(all.map((c) => c.id)).size).toBe(130)
    // Compare instants, not strings: PostHog renders a whole second without a fraction ("…:51Z"), which
    // sorts after "…:51.674000Z" as text although it is earlier.
    const created = all.map((c) => Date.parse(c.created_at ?? ""))
    expect([...created].sort((a, b) => b - a)).toEqual(created)
  })

  it("the emulator's own validation reaches the caller when the client cannot check ahead", async () => {
    const error = await fail(
      Comments.use((c) =>
        c.create({ source_comment: "0b7c1d2e-1111-4222-8333-123456789abc", content: "orphan" })
      )
    )
    expect(error.reason._tag).toBe("ValidationError")
    if (error.reason._tag === "ValidationError") expect(error.reason.attr).toBe("source_comment")
  })
})
