/**
 * Pages that know their next request, against the emulator's real pagination (DRF offset pages for
 * dashboards, PostHog's cursor pages of 100 for comments): the Promise facade's `hasNextPage()`,
 * `getNextPage()`, `pages()` and `take(n)`, and the Effect services' `pages` and `take`. Requests are
 * counted by wrapping the real `fetch`.
 */
import { Comments, Dashboards, Paging } from "@hogkit/core"
import { createClient, type PostHogPromiseClient } from "@hogkit/core/promise"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { afterEach, describe, expect, it } from "vitest"
import { useCoreAgainstEmulator } from "./support.js"

const { run, emu } = useCoreAgainstEmulator()

let client: PostHogPromiseClient | undefined
afterEach(async () => {
  await client?.close()
  client = undefined
})

/** A Promise client on the emulator that records the URL of every request it sends. */
const countingClient = () => {
  const urls: Array<URL> = []
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(new URL(input instanceof Request ? input.url : String(input)))
    return globalThis.fetch(input, init)
  }) as typeof globalThis.fetch
  const e = emu()
  client = createClient({ apiKey: e.apiKey, host: e.url, projectId: e.projectId, fetch })
  return { client, urls }
}

const seedDashboards = async (n: number) => {
  const { client, urls } = countingClient()
  for (let i = 1; i <= n; i++) await client.dashboards.create({ name: `Board ${String(i).padStart(3, "0")}` })
  urls.length = 0
  return { client, urls }
}

const seedComments = async (n: number) => {
  const { client, urls } = countingClient()
  for (let i = 1; i <= n; i++) await client.comments.create({ scope: "Notebook", content: `note ${i}` })
  urls.length = 0
  return { client, urls }
}

describe("pages against the emulator", () => {
  it("an offset page walks to the end with getNextPage(), and every dashboard is seen once", async () => {
    const { client, urls } = await seedDashboards(25)
    const seen: Array<number> = []
    let page = await client.dashboards.list({ limit: 10 })
    seen.push(...page.results.map((d) => d.id))
    while (page.hasNextPage()) {
      page = await page.getNextPage()
      seen.push(...page.results.map((d) => d.id))
    }
    expect(page.count).toBe(25)
    expect(new Set(seen).size).toBe(25)
    expect(urls.map((u) => u.searchParams.get("offset"))).toEqual([null, "10", "20"])
  })

  it("a comments page's getNextPage() continues at PostHog's cursor", async () => {
    const { client, urls } = await seedComments(105)
    const first = await client.comments.list({ scope: "Notebook" })
    expect(first.results).toHaveLength(100)
    expect(first.hasNextPage()).toBe(true)
    const second = await first.getNextPage()
    expect(second.results).toHaveLength(5)
    expect(second.hasNextPage()).toBe(false)
    const ids = new Set([...first.results, ...second.results].map((c) => c.id))
    expect(ids.size).toBe(105)
    expect(urls).toHaveLength(2)
    expect(urls[1]?.searchParams.get("cursor")).toBeTruthy()
    expect(urls[1]?.searchParams.get("scope")).toBe("Notebook")
  })

  it("take(n) fetches only the pages it needs", async () => {
    const { client, urls } = await seedDashboards(30)
    const some = await client.dashboards.list({ limit: 10 }).take(15)
    expect(some).toHaveLength(15)
    expect(urls.map((u) => u.searchParams.get("limit"))).toEqual(["10", "5"])
    urls.length = 0
    const all = await client.dashboards.list().take(1000)
    expect(all).toHaveLength(30)
    expect(urls).toHaveLength(1)
  })

  it("pages() and for await still cover every comment of a cursor list", async () => {
    const { client, urls } = await seedComments(150)
    const sizes: Array<number> = []
    for await (const page of client.comments.list().pages()) sizes.push(page.results.length)
    expect(sizes).toEqual([100, 50])
    urls.length = 0
    const ids = new Set<string>()
    for await (const c of client.comments.list()) ids.add(c.id)
    expect(ids.size).toBe(150)
    expect(urls).toHaveLength(2)
    urls.length = 0
    expect(await client.comments.list().take(101)).toHaveLength(101)
    expect(urls).toHaveLength(2)
  })

  it("the Effect services' pages, take and Paging.nextOffsetParams agree with the server", async () => {
    await seedDashboards(12)
    const sizes = await run(
      Stream.runCollect(Stream.unwrap(Dashboards.use((d) => Effect.succeed(d.pages({ limit: 5 }))))).pipe(
        Effect.map((pages) => pages.map((p) => p.results.length))
      )
    )
    expect(sizes).toEqual([5, 5, 2])
    const taken = await run(
      Stream.runCollect(Stream.unwrap(Dashboards.use((d) => Effect.succeed(d.take(7, { limit: 5 })))))
    )
    expect(taken).toHaveLength(7)
    const next = await run(
      Dashboards.use((d) => Effect.map(d.list({ limit: 5 }), (p) => Paging.nextOffsetParams({ limit: 5 }, p)))
    )
    expect(next).toEqual(Option.some({ limit: 5, offset: 5 }))
    await seedComments(3)
    const comments = await run(
      Stream.runCollect(Stream.unwrap(Comments.use((c) => Effect.succeed(c.take(2, { scope: "Notebook" })))))
    )
    expect(comments).toHaveLength(2)
  })
})
