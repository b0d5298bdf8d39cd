/**
 * Property tests: walking `next` links yields every row exactly once, for any page size and starting
 * offset (limit/offset) and for cursor pages, while other rows are being inserted.
 */
import fc from "fast-check"
import { beforeAll, describe, expect, it } from "vitest"
import { type Emulator, startEmulator } from "../src/index.js"
import { clientFor } from "./internal/Harness.js"

let emu: Emulator
const client = clientFor(() => emu)

beforeAll(async () => {
  emu = await startEmulator({ port: 0 })
  return () => emu.close()
})

const walk = async (url: string) => {
  const seen: Array<string | number> = []
  let next: string | null = url
  let pages = 0
  while (next !== null) {
    const res: { status: number; body: any } = await client.get(next)
    expect(res.status).toBe(200)
    seen.push(...res.body.results.map((r: { id: string | number }) => r.id))
    next = res.body.next
    if (++pages > 500) throw new Error("pagination does not terminate")
  }
  return seen
}

describe("offset pagination (dashboards)", () => {
  it("from any offset with any limit, next links cover the rest exactly once, in order, despite concurrent inserts", async () => {
    for (let i = 0; i < 37; i++)
      await client.post("dashboards/", { name: `Row ${String(i).padStart(2, "0")}` })
    const all = (await client.get("dashboards/?limit=1000")).body.results.map(
      (d: { id: number }) => d.id
    ) as number[]
    expect(all).toHaveLength(37)
    let inserted = 0
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 45 }),
        fc.integer({ min: 0, max: 5 }),
        async (limit, offset, inserts) => {
          // Inserted rows sort after every row before them ("zz", then a growing zero-padded number): offset
          // paging only promises stable pages when rows are appended after the pages being read.
          const writer = (async () => {
            // One after another, so each new row sorts after the previous one.
            for (let i = 0; i < inserts; i++) {
              await client.post("dashboards/", { name: `zz new ${String(inserted++).padStart(6, "0")}` })
            }
          })()
          const seen = await walk(`dashboards/?limit=${limit}&offset=${offset}`)
          await writer
          const originals = seen.filter((id) => all.includes(id as number))
          expect(originals).toEqual(all.slice(offset))
          expect(new Set(seen).size).toBe(seen.length)
        }
      ),
      { numRuns: 25 }
    )
  })
})

describe("cursor pagination (comments)", () => {
  it("next links yield every existing comment exactly once, newest first, while new comments arrive", async () => {
    const created: string[] = []
    for (let i = 0; i < 230; i += 23) {
      const batch = await Promise.all(
        Array.from({ length: 23 }, (_, j) =>
          client.post("comments/", { content: `c${i + j}`, scope: "Notebook" })
        )
      )
      created.push(...batch.map((r) => r.body.id as string))
    }
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 8 }), async (inserts) => {
        const before = (await walk("comments/")) as string[]
        const writer = Promise.all(
          Array.from({ length: inserts }, () =>
            client.post("comments/", { content: "late", scope: "Notebook" })
          )
        )
        const during = (await walk("comments/")) as string[]
        await writer
        expect(new Set(during).size).toBe(during.length)
        expect(during.filter((id) => before.includes(id))).toEqual(before)
        for (const id of created) expect(during).toContain(id)
      }),
      { numRuns: 6 }
    )
  })

  it("previous links walk back over the same rows", async () => {
    let page = await client.get("comments/")
    const forward: string[] = []
    const pages: string[][] = []
    while (true) {
      const ids = page.body.results.map((r: { id: string }) => r.id)
      forward.push(...ids)
      pages.push(ids)
      if (page.body.next === null) break
      page = await client.get(page.body.next)
    }
    expect(pages.length).toBeGreaterThan(1)
    const backward: string[][] = [page.body.results.map((r: { id: string }) => r.id)]
    while (page.body.previous !== null) {
      page = await client.get(page.body.previous)
      backward.unshift(page.body.results.map((r: { id: string }) => r.id))
    }
    expect(backward.flat()).toEqual(forward)
  })
})
