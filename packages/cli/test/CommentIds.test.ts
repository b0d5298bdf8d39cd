/**
 * Comment ids by a unique start of their UUID, as git takes short SHAs: resolved with as few requests as
 * PostHog's fixed-size cursor pages allow, refused with the candidates when ambiguous, and shown short in
 * the table so they can be pasted back.
 */
import { beforeEach, describe, expect, it } from "vitest"
import { useEmulator } from "./helpers.js"

const h = useEmulator()

interface Comment {
  readonly id: string
  readonly content: string
}

const create = (content: string): Promise<Comment> =>
  h.api("comments/", {
    method: "POST",
    body: JSON.stringify({ content, scope: "Dashboard", item_id: "1" })
  })

/** Requests hogkit sent, from --debug's request lines. */
const requests = (stderr: string) => stderr.match(/^> GET .*$/gm) ?? []

/** Comments created until two ids share their first four hex digits (a few hundred, by the birthday bound). */
const seedUntilClash = async () => {
  const byPrefix = new Map<string, Comment>()
  const all: Array<Comment> = []
  for (let batch = 0; batch < 60; batch++) {
    const made = await Promise.all(Array.from({ length: 25 }, (_, i) => create(`c${batch}-${i}`)))
    all.push(...made)
    for (const c of made) {
      const earlier = byPrefix.get(c.id.slice(0, 4))
      if (earlier !== undefined) return { all, pair: [earlier, c] as const }
      byPrefix.set(c.id.slice(0, 4), c)
    }
  }
  throw new Error("no two of 1,500 random UUIDs shared four hex digits")
}

describe("comment ids by prefix", () => {
  beforeEach(async () => {
    await h.emu.reset()
  })

  it("resolves a unique prefix, with or without dashes, and uses a full id without a lookup", async () => {
    const a = await create("first")
    await create("second")
    const prefix = a.id.slice(0, 10)
    const got = await h.run(["comments", "get", prefix, "--jq", ".content", "--debug"])
    expect(got.code, got.stderr).toBe(0)
    expect(got.stdout).toBe("first\n")
    // One page of the list, then the comment itself.
    expect(requests(got.stderr)).toHaveLength(2)
    const dashless = await h.run(["comments", "get", a.id.replace(/-/g, "").slice(0, 12), "--jq", ".id"])
    expect(dashless.stdout).toBe(`${a.id}\n`)
    const upper = await h.run(["comments", "get", a.id.toUpperCase(), "--jq", ".id", "--debug"])
    expect(upper.stdout).toBe(`${a.id}\n`)
    expect(requests(upper.stderr)).toHaveLength(1)
  })

  it("acts on the comment a prefix names: update, delete, restore (among deleted ones), reply", async () => {
    const a = await create("keep")
    const short = a.id.slice(0, 8)
    const upd = await h.run(["comments", "update", short, "--content", "edited", "--yes"])
    expect(upd.code, upd.stderr).toBe(0)
    expect((await h.api(`comments/${a.id}/`)).content).toBe("edited")
    expect((await h.run(["comments", "delete", short, "--yes"])).code).toBe(0)
    // Deleted comments are hidden from get, but restore looks among them.
    const hidden = await h.run(["comments", "get", short])
    expect(hidden.code).toBe(3)
    expect(hidden.stderr).toContain(`No comment id starts with "${short}"`)
    const restored = await h.run(["comments", "restore", short, "--jq", ".deleted"])
    expect(restored.code, restored.stderr).toBe(0)
    expect(restored.stdout).toBe("false\n")
    const reply = await h.run([
      "comments",
      "create",
      "--reply-to",
      short,
      "--content",
      "re",
      "--jq",
      ".source_comment"
    ])
    expect(reply.stdout).toBe(`${a.id}\n`)
    // Without --yes and without a terminal, a destructive command still refuses (after finding the id).
    const refused = await h.run(["comments", "delete", short])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(`comment ${a.id}`)
    expect((await h.api(`comments/${a.id}/`)).deleted).toBe(false)
  })

  it("refuses a malformed or too short id before sending anything", async () => {
    for (const bad of ["abc", "xyz12345", "12-", ""]) {
      const r = await h.run(["comments", "get", bad, "--debug"])
      expect(r.code, bad).toBe(2)
      expect(r.stderr).toContain("at least 4 hex digits")
      expect(requests(r.stderr)).toHaveLength(0)
    }
  })

  it("refuses an ambiguous prefix with the candidates, reading no page after the one that proved it", async () => {
    const { all, pair } = await seedUntilClash()
    const prefix = pair[0].id.slice(0, 4)
    const r = await h.run(["comments", "get", prefix, "--debug"])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`"${prefix}" is ambiguous`)
    expect(r.stderr).toContain(pair[0].id)
    expect(r.stderr).toContain(pair[1].id)
    expect(r.stdout).toBe("")
    // Newest first, 100 a page: the second match's page is the last one read.
    const order: ReadonlyArray<Comment> = [...all].reverse()
    const positions = order.flatMap((c, i) => (c.id.startsWith(prefix) ? [i] : []))
    const secondPage = Math.floor((positions[1] ?? 0) / 100) + 1
    expect(requests(r.stderr)).toHaveLength(secondPage)

    // A prefix only one comment has reads the whole list (PostHog has no prefix filter), page by page.
    const lone = order.find((c) => order.every((o) => o === c || !o.id.startsWith(c.id.slice(0, 6))))
    expect(lone).toBeDefined()
    const one = await h.run(["comments", "get", lone!.id.slice(0, 6), "--jq", ".id", "--debug"])
    expect(one.stdout).toBe(`${lone!.id}\n`)
    expect(requests(one.stderr)).toHaveLength(Math.ceil(all.length / 100) + 1)
  })

  it("the table shows short ids, unique among the rows, that paste back", async () => {
    for (let i = 0; i < 6; i++) await create(`row ${i}`)
    const table = await h.run(["comments", "list", "--format", "table"])
    const ids = table.stdout
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.split(/\s+/)[0] ?? "")
    expect(ids).toHaveLength(6)
    expect(new Set(ids).size).toBe(6)
    for (const id of ids) {
      expect(id.length).toBeGreaterThanOrEqual(8)
      expect(id.length).toBeLessThan(36)
      const back = await h.run(["comments", "get", id, "--jq", ".id"])
      expect(back.code, back.stderr).toBe(0)
      expect(back.stdout.startsWith(id)).toBe(true)
    }
  })
})
