import { afterEach, assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { Comments, Dashboards, Paging } from "../src/index.js"
import { createClient, type PostHogPromiseClient } from "../src/promise/index.js"
import { fakeHttp, json, KEY, type Seen, testLayer } from "./support/FakeHttp.js"

const dashboard = (id: number) => ({ id, name: `d${id}` })
const comment = (i: number) => ({ id: `c${i}`, scope: "Notebook", content: `comment ${i}` })

/** A DRF offset page of `total` dashboards for a request URL. */
const offsetAnswer = (url: URL, total: number) => {
  const limit = Number(url.searchParams.get("limit") ?? 100)
  const offset = Number(url.searchParams.get("offset") ?? 0)
  const results = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) =>
    dashboard(offset + i + 1)
  )
  const next =
    offset + limit < total
      ? `https://us.posthog.com${url.pathname}?limit=${limit}&offset=${offset + limit}`
      : null
  return { count: total, next, previous: null, results }
}

/** Comments in cursor pages of `pageSize` (PostHog ignores `limit` there); cursors are opaque strings. */
const cursorAnswer = (url: URL, total: number, pageSize: number) => {
  const cursor = url.searchParams.get("cursor")
  const start = cursor === null ? 0 : Number(cursor.replace("page-", "")) * pageSize
  const results = Array.from({ length: Math.max(0, Math.min(pageSize, total - start)) }, (_, i) =>
    comment(start + i + 1)
  )
  const nextIndex = start / pageSize + 1
  const next =
    start + pageSize < total
      ? `https://us.posthog.com${url.pathname}?cursor=page-${nextIndex}&scope=Notebook`
      : null
  return { next, previous: null, results }
}

const offsetServer = (total: number) => fakeHttp((req: Seen) => json(200, offsetAnswer(req.url, total)))
const cursorServer = (total: number, pageSize: number) =>
  fakeHttp((req: Seen) => json(200, cursorAnswer(req.url, total, pageSize)))
const limits = (seen: ReadonlyArray<{ readonly url: URL }>) =>
  seen.map((s) => s.url.searchParams.get("limit"))
const offsets = (seen: ReadonlyArray<{ readonly url: URL }>) =>
  seen.map((s) => s.url.searchParams.get("offset"))

describe("Effect: pages and take", () => {
  it.effect("pages() gives every offset page as PostHog sent it, one request each", () =>
    Effect.gen(function* () {
      const fake = offsetServer(250)
      const pages = yield* Stream.runCollect(
        Stream.unwrap(Dashboards.use((d) => Effect.succeed(d.pages({ limit: 100 }))))
      ).pipe(Effect.provide(testLayer(fake)))
      assert.deepStrictEqual(
        pages.map((p) => p.results.length),
        [100, 100, 50]
      )
      assert.strictEqual(pages[0]?.count, 250)
      assert.deepStrictEqual(offsets(fake.seen), [null, "100", "200"])
    })
  )

  it.effect("pages() follows the cursor of each comments page and keeps the filters", () =>
    Effect.gen(function* () {
      const fake = cursorServer(5, 2)
      const pages = yield* Stream.runCollect(
        Stream.unwrap(Comments.use((c) => Effect.succeed(c.pages({ scope: "Notebook" }))))
      ).pipe(Effect.provide(testLayer(fake)))
      assert.deepStrictEqual(
        pages.map((p) => p.results.map((c) => c.id)),
        [["c1", "c2"], ["c3", "c4"], ["c5"]]
      )
      assert.deepStrictEqual(
        fake.seen.map((s) => s.url.searchParams.get("cursor")),
        [null, "page-1", "page-2"]
      )
      assert.isTrue(fake.seen.every((s) => s.url.searchParams.get("scope") === "Notebook"))
      assert.isTrue(
        fake.seen.every((s) => s.url.host === "ph.test"),
        "the next request goes to the configured host"
      )
    })
  )

  it.effect("take(n) on an offset list asks for exactly the items still wanted, one page after another", () =>
    Effect.gen(function* () {
      const fake = offsetServer(1000)
      const ids = yield* Stream.runCollect(
        Stream.unwrap(Dashboards.use((d) => Effect.succeed(d.take(150))))
      ).pipe(
        Effect.map((items) => items.map((i) => i.id)),
        Effect.provide(testLayer(fake))
      )
      assert.deepStrictEqual(
        ids,
        Array.from({ length: 150 }, (_, i) => i + 1)
      )
      assert.strictEqual(fake.seen.length, 2, "two pages fetched for 150 items, not the whole list")
      assert.deepStrictEqual(limits(fake.seen), ["100", "50"])
      assert.deepStrictEqual(offsets(fake.seen), [null, "100"])
      assert.strictEqual(fake.maxInFlight, 1, "sequential")
    })
  )

  it.effect("take(n) keeps a page size the caller gave, and stops at the end of a short list", () =>
    Effect.gen(function* () {
      const fake = offsetServer(45)
      const ids = yield* Stream.runCollect(
        Stream.unwrap(Dashboards.use((d) => Effect.succeed(d.take(100, { limit: 20 }))))
      ).pipe(
        Effect.map((items) => items.map((i) => i.id)),
        Effect.provide(testLayer(fake))
      )
      assert.strictEqual(ids.length, 45)
      assert.deepStrictEqual(limits(fake.seen), ["20", "20", "20"])
    })
  )

  it.effect("take(n) on a cursor list follows next only while items are still wanted", () =>
    Effect.gen(function* () {
      const fake = cursorServer(1000, 100)
      const ids = yield* Stream.runCollect(
        Stream.unwrap(Comments.use((c) => Effect.succeed(c.take(101))))
      ).pipe(
        Effect.map((items) => items.map((i) => i.id)),
        Effect.provide(testLayer(fake))
      )
      assert.strictEqual(ids.length, 101)
      assert.strictEqual(ids[100], "c101")
      assert.strictEqual(fake.seen.length, 2)
    })
  )

  it.effect("take(0) sends nothing", () =>
    Effect.gen(function* () {
      const fake = offsetServer(10)
      const items = yield* Stream.runCollect(
        Stream.unwrap(Dashboards.use((d) => Effect.succeed(d.take(0))))
      ).pipe(Effect.provide(testLayer(fake)))
      assert.strictEqual(items.length, 0)
      assert.strictEqual(fake.seen.length, 0)
    })
  )

  it.effect("Paging.nextOffsetParams and nextCursorParams give the next request, none on the last page", () =>
    Effect.gen(function* () {
      const fake = offsetServer(150)
      const params = { search: "web", limit: 100 }
      const next = yield* Dashboards.use((d) =>
        Effect.gen(function* () {
          const first = yield* d.list(params)
          const next = Paging.nextOffsetParams(params, first)
          assert.isTrue(Paging.hasNextPage(first))
          assert.deepStrictEqual(next, Option.some({ search: "web", limit: 100, offset: 100 }))
          const second = yield* d.list(Option.getOrThrow(next))
          assert.isFalse(Paging.hasNextPage(second))
          return Paging.nextOffsetParams(params, second)
        })
      ).pipe(Effect.provide(testLayer(fake)))
      assert.isTrue(Option.isNone(next))
      assert.deepStrictEqual(
        Paging.nextCursorParams(
          { scope: "Notebook" } as { readonly scope: string; readonly cursor?: string },
          {
            next: "https://us.posthog.com/api/projects/1/comments/?cursor=abc%3D&scope=Notebook",
            results: []
          }
        ),
        Option.some({ scope: "Notebook", cursor: "abc=" })
      )
      assert.isTrue(Option.isNone(Paging.nextCursorParams({}, { next: null, results: [] })))
    })
  )
})

describe("positions for readers that resume", () => {
  const page = { next: "https://us.posthog.com/api/projects/1/comments/?cursor=p2", results: [1, 2, 3, 4, 5] }

  const notebook: { readonly scope: string; readonly cursor?: string } = { scope: "Notebook" }

  it("a token resumes inside the page until it is read, then at PostHog's next page", () => {
    const start = Paging.readCursorToken(undefined)
    assert.deepStrictEqual(start, { cursor: null, skip: 0 })
    if (start === undefined) return
    assert.deepStrictEqual(Paging.unreadAt(page, start, 2), [1, 2])
    const middle = Paging.readCursorToken(Paging.cursorToken(page, start, 2) ?? "")
    assert.deepStrictEqual(middle, { cursor: null, skip: 2 })
    if (middle === undefined) return
    assert.deepStrictEqual(Paging.unreadAt(page, middle, 10), [3, 4, 5])
    const after = Paging.readCursorToken(Paging.cursorToken(page, middle, 3) ?? "")
    assert.deepStrictEqual(after, { cursor: "p2", skip: 0 })
    if (after === undefined) return
    assert.deepStrictEqual(Paging.paramsAt(notebook, after), { scope: "Notebook", cursor: "p2" })
    assert.isNull(Paging.cursorToken({ next: null, results: [1] }, { cursor: "p2", skip: 0 }, 1))
  })

  it("a token hogkit did not write is refused rather than guessed", () => {
    assert.isUndefined(Paging.readCursorToken("not-a-token"))
    assert.isUndefined(Paging.readCursorToken(btoa(JSON.stringify({ c: 1, s: -1 }))))
  })

  it("offsetAfter points after what was read, null when nothing follows", () => {
    const offsetPage = { count: 30, next: "https://x/?offset=20", results: Array(10).fill(0) }
    assert.strictEqual(Paging.offsetAfter(offsetPage, 10, 4), 14)
    assert.strictEqual(Paging.offsetAfter(offsetPage, 10, 10), 20)
    assert.isNull(Paging.offsetAfter({ count: 20, next: null, results: Array(10).fill(0) }, 10, 10))
  })
})

// ------------------------------------------------------------------------------------ Promise facade

interface Call {
  readonly url: URL
}

const fakeFetch = (answer: (url: URL) => unknown) => {
  const calls: Array<Call> = []
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init)
    const url = new URL(request.url)
    calls.push({ url })
    return Response.json(answer(url))
  }) as typeof globalThis.fetch
  return { fetch, calls }
}

let client: PostHogPromiseClient | undefined
afterEach(async () => {
  await client?.close()
  client = undefined
})

describe("Promise: pages that know their next request", () => {
  const open = (answer: (url: URL) => unknown) => {
    const f = fakeFetch(answer)
    client = createClient({ apiKey: KEY, host: "https://ph.test", projectId: 1, fetch: f.fetch })
    return { client, calls: f.calls }
  }

  it("an awaited offset page has PostHog's fields, hasNextPage() and getNextPage()", async () => {
    const { client, calls } = open((url) => offsetAnswer(url, 25))
    const first = await client.dashboards.list({ limit: 10, search: "x" })
    assert.strictEqual(first.count, 25)
    assert.strictEqual(first.results.length, 10)
    assert.isTrue(first.hasNextPage())
    assert.deepStrictEqual(first.nextPageParams(), { limit: 10, search: "x", offset: 10 })
    const second = await first.getNextPage()
    assert.strictEqual(second.results[0]?.id, 11)
    const third = await second.getNextPage()
    assert.deepStrictEqual(
      third.results.map((d) => d.id),
      [21, 22, 23, 24, 25]
    )
    assert.isFalse(third.hasNextPage())
    assert.isNull(third.nextPageParams())
    assert.deepStrictEqual(offsets(calls), [null, "10", "20"])
    assert.isTrue(calls.every((c) => c.url.searchParams.get("search") === "x"))
    let refused: unknown
    await third.getNextPage().catch((e) => {
      refused = e
    })
    assert.instanceOf(refused, RangeError)
    assert.strictEqual(calls.length, 3, "asking past the last page sends nothing")
    assert.deepStrictEqual(Object.keys(JSON.parse(JSON.stringify(third))).sort(), [
      "count",
      "next",
      "previous",
      "results"
    ])
  })

  it("a comments page's getNextPage() sends PostHog's cursor", async () => {
    const { client, calls } = open((url) => cursorAnswer(url, 3, 2))
    const first = await client.comments.list({ scope: "Notebook" })
    assert.isTrue(first.hasNextPage())
    const second = await first.getNextPage()
    assert.deepStrictEqual(
      second.results.map((c) => c.id),
      ["c3"]
    )
    assert.isFalse(second.hasNextPage())
    assert.deepStrictEqual(
      calls.map((c) => c.url.searchParams.get("cursor")),
      [null, "page-1"]
    )
  })

  it("pages() iterates every page of both shapes", async () => {
    const { client, calls } = open((url) =>
      url.pathname.includes("comments") ? cursorAnswer(url, 5, 2) : offsetAnswer(url, 7)
    )
    const sizes: Array<number> = []
    for await (const page of client.dashboards.list({ limit: 3 }).pages()) sizes.push(page.results.length)
    assert.deepStrictEqual(sizes, [3, 3, 1])
    const threads: Array<Array<string>> = []
    for await (const page of client.comments.thread("root").pages())
      threads.push(page.results.map((c) => c.id))
    assert.deepStrictEqual(threads, [["c1", "c2"], ["c3", "c4"], ["c5"]])
    assert.strictEqual(calls.length, 6)
  })

  it("take(n) fetches only the pages it needs, for offset and cursor lists", async () => {
    const { client, calls } = open((url) =>
      url.pathname.includes("comments") ? cursorAnswer(url, 1000, 100) : offsetAnswer(url, 1000)
    )
    const dashboards = await client.dashboards.list().take(120)
    assert.strictEqual(dashboards.length, 120)
    assert.deepStrictEqual(limits(calls), ["100", "20"])
    calls.length = 0
    const comments = await client.comments.list({ scope: "Notebook" }).take(30)
    assert.deepStrictEqual(
      comments.map((c) => c.id),
      Array.from({ length: 30 }, (_, i) => `c${i + 1}`)
    )
    assert.strictEqual(calls.length, 1, "30 comments come from PostHog's first page alone")
  })

  it("for await over a comments list still yields every item", async () => {
    const { client, calls } = open((url) => cursorAnswer(url, 250, 100))
    let n = 0
    for await (const _ of client.comments.list()) n++
    assert.strictEqual(n, 250)
    assert.strictEqual(calls.length, 3)
  })
})

describe("Promise: for await over an offset list, without Effect's Stream", () => {
  /** Offset pages over `rows()` (re-read per request), answering after `delay` ms, counting requests in flight. */
  const liveServer = (rows: () => ReadonlyArray<{ id: number }>, delay: number, afterFirst?: () => void) => {
    const state = { inFlight: 0, maxInFlight: 0, calls: [] as Array<URL> }
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init)
      const url = new URL(request.url)
      state.calls.push(url)
      state.inFlight++
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight)
      await new Promise((resolve) => setTimeout(resolve, delay))
      state.inFlight--
      const all = rows()
      const limit = Number(url.searchParams.get("limit"))
      const offset = Number(url.searchParams.get("offset"))
      const body = {
        count: all.length,
        next:
          offset + limit < all.length
            ? `https://ph.test${url.pathname}?limit=${limit}&offset=${offset + limit}`
            : null,
        previous: null,
        results: all.slice(offset, offset + limit)
      }
      if (offset === 0) afterFirst?.()
      return Response.json(body)
    }) as typeof globalThis.fetch
    return { fetch, state }
  }

  it("fetches the pages after the first concurrently, within the bound, and yields them in order", async () => {
    const { fetch, state } = liveServer(() => Array.from({ length: 1000 }, (_, i) => dashboard(i + 1)), 5)
    client = createClient({ apiKey: KEY, host: "https://ph.test", projectId: 1, fetch, pageConcurrency: 3 })
    const ids: Array<number> = []
    for await (const d of client.dashboards.list({ limit: 100 })) ids.push(d.id)
    assert.deepStrictEqual(
      ids,
      Array.from({ length: 1000 }, (_, i) => i + 1)
    )
    assert.strictEqual(state.calls.length, 10)
    assert.isAtMost(state.maxInFlight, 3)
    assert.isAtLeast(state.maxInFlight, 2, "pages after the first are fetched concurrently")
  })

  it("rows pushed across a page boundary are yielded once, and rows past the announced count are still read", async () => {
    let rows = Array.from({ length: 250 }, (_, i) => dashboard(i + 1))
    // After the first page is read, two dashboards are inserted at the top: the rest shifts by two and
    // the list grows past the count the first page announced.
    const { fetch, state } = liveServer(
      () => rows,
      1,
      () => {
        if (rows.length === 250) rows = [dashboard(9001), dashboard(9002), ...rows]
      }
    )
    client = createClient({ apiKey: KEY, host: "https://ph.test", projectId: 1, fetch, pageConcurrency: 1 })
    const ids: Array<number> = []
    for await (const d of client.dashboards.list({ limit: 100 })) ids.push(d.id)
    assert.strictEqual(new Set(ids).size, ids.length, "no duplicates")
    for (let id = 1; id <= 250; id++) assert.include(ids, id, `dashboard ${id} is not lost`)
    assert.deepStrictEqual(
      state.calls.map((u) => u.searchParams.get("offset")),
      ["0", "100", "200"]
    )
  })
})

describe("the Effect stream and the Promise for await agree on where an offset list ends", () => {
  /** A first page that announces 250 dashboards but names no next page (an empty `next`). */
  const endsEarly = (url: URL) => ({ ...offsetAnswer(url, 250), next: "" })

  it.effect("Effect: a first page with an empty next is the last one, whatever its count says", () =>
    Effect.gen(function* () {
      const fake = fakeHttp((req: Seen) => json(200, endsEarly(req.url)))
      const items = yield* Stream.runCollect(
        Stream.unwrap(Dashboards.use((d) => Effect.succeed(d.stream())))
      ).pipe(Effect.provide(testLayer(fake)))
      assert.strictEqual(items.length, 100)
      assert.deepStrictEqual(offsets(fake.seen), ["0"])
    })
  )

  it("Promise: a first page with an empty next is the last one, whatever its count says", async () => {
    const f = fakeFetch(endsEarly)
    client = createClient({ apiKey: KEY, host: "https://ph.test", projectId: 1, fetch: f.fetch })
    const ids: Array<number> = []
    for await (const d of client.dashboards.list()) ids.push(d.id)
    assert.strictEqual(ids.length, 100)
    assert.deepStrictEqual(offsets(f.calls), ["0"])
  })
})
