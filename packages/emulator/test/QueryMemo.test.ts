/**
 * Dashboard lists remember their ordering between pages until the next write: every page must still
 * be what the database gives now.
 */
import { describe, expect, it } from "vitest"
import { QueryMemo } from "../src/QueryMemo.js"
import { useEmulator } from "./internal/Harness.js"

const { client } = useEmulator()

const names = (res: { body: { results: Array<{ name: string }> } }) => res.body.results.map((d) => d.name)

const create = async (name: string, extra: Record<string, unknown> = {}) => {
  const res = await client.post("dashboards/", { name, ...extra })
  expect(res.status).toBe(201)
  return res.body.id as number
}

describe("dashboard list pages after a write", () => {
  it("a dashboard created between pages shows up in its place and in count", async () => {
    for (const name of ["b", "d", "f"]) await create(name)
    const before = await client.get("dashboards/?limit=2&offset=0")
    expect(names(before)).toEqual(["b", "d"])
    expect((await client.get("dashboards/?limit=2&offset=2")).body.count).toBe(3)
    await create("a")
    const first = await client.get("dashboards/?limit=2&offset=0")
    expect(names(first)).toEqual(["a", "b"])
    expect(first.body.count).toBe(4)
    expect(names(await client.get("dashboards/?limit=2&offset=2"))).toEqual(["d", "f"])
  })

  it("a rename, a pin and a soft delete between pages reorder the next page", async () => {
    const ids: Record<string, number> = {}
    for (const name of ["a", "b", "c", "d"]) ids[name] = await create(name)
    expect(names(await client.get("dashboards/?limit=2"))).toEqual(["a", "b"])
    await client.patch(`dashboards/${ids.a}/`, { name: "z" })
    expect(names(await client.get("dashboards/?limit=2&offset=2"))).toEqual(["d", "z"])
    await client.patch(`dashboards/${ids.d}/`, { pinned: true })
    expect(names(await client.get("dashboards/?limit=2"))).toEqual(["d", "b"])
    await client.patch(`dashboards/${ids.b}/`, { deleted: true })
    const page = await client.get("dashboards/?limit=2")
    expect(names(page)).toEqual(["d", "c"])
    expect(page.body.count).toBe(3)
  })

  it("different filters never share an ordering", async () => {
    await create("tagged", { tags: ["x"] })
    await create("plain")
    expect(names(await client.get("dashboards/"))).toEqual(["plain", "tagged"])
    expect(names(await client.get("dashboards/?tags=x"))).toEqual(["tagged"])
    expect(names(await client.get("dashboards/?search=plain"))).toEqual(["plain"])
  })

  it("a retrieve between pages updates last_accessed_at on the next page without reordering", async () => {
    const a = await create("a")
    await create("b")
    expect((await client.get("dashboards/")).body.results[0].last_accessed_at).toBeNull()
    const seen = (await client.get(`dashboards/${a}/`)).body.last_accessed_at
    const list = await client.get("dashboards/")
    expect(names(list)).toEqual(["a", "b"])
    expect(list.body.results[0].last_accessed_at).toBe(seen)
  })
})

describe("QueryMemo", () => {
  it("computes once per generation and forgets everything when it moves", async () => {
    const memo = new QueryMemo()
    let generation = 1
    let computed = 0
    const get = () =>
      memo.get(
        "k",
        () => generation,
        async () => ++computed
      )
    expect(await get()).toBe(1)
    expect(await get()).toBe(1)
    generation = 2
    expect(await get()).toBe(2)
  })

  it("does not keep a value whose generation moved while it was computed", async () => {
    const memo = new QueryMemo()
    let generation = 1
    let computed = 0
    const value = await memo.get(
      "k",
      () => generation,
      async () => {
        generation = 2
        return ++computed
      }
    )
    expect(value).toBe(1)
    expect(
      await memo.get(
        "k",
        () => generation,
        async () => ++computed
      )
    ).toBe(2)
  })

  it("keeps at most its entry cap, least recently used out first", async () => {
    const memo = new QueryMemo(2)
    const at = () => 1
    let computed = 0
    for (const key of ["a", "b", "a", "c"]) await memo.get(key, at, async () => ++computed)
    expect(computed).toBe(3)
    expect(await memo.get("a", at, async () => ++computed)).toBe(1)
    expect(await memo.get("b", at, async () => ++computed)).toBe(4)
  })
})
