import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { Comments, Dashboards, DashboardTemplates, paginate } from "../src/index.js"
import { fakeHttp, json, type Seen, testLayer } from "./support/FakeHttp.js"

/** A DRF LimitOffsetPagination server over `rows()` (re-read on every request, so rows can change). */
const offsetServer = (rows: () => ReadonlyArray<{ id: number | string }>, delay = 0) =>
  fakeHttp((req: Seen) => {
    const all = rows()
    const limit = Number(req.url.searchParams.get("limit") ?? 100)
    const offset = Number(req.url.searchParams.get("offset") ?? 0)
    const results = all.slice(offset, offset + limit)
    const next =
      offset + limit < all.length
        ? `https://ph.test${req.url.pathname}?limit=${limit}&offset=${offset + limit}`
        : null
    const page = json(200, { count: all.length, next, previous: null, results })
    return delay > 0 ? Effect.as(Effect.sleep(delay), page) : page
  })

const dashboards = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => ({ id: from + i, name: `d${from + i}` }))

describe("offset streams", () => {
  it.effect("list returns one page exactly as PostHog sent it", () =>
    Effect.gen(function* () {
      const fake = offsetServer(() => dashboards(250))
      const page = yield* Dashboards.use((d) => d.list({ limit: 100, offset: 100 })).pipe(
        Effect.provide(testLayer(fake))
      )
      assert.strictEqual(page.count, 250)
      assert.strictEqual(page.results.length, 100)
      assert.strictEqual(page.results[0]?.id, 101)
      assert.strictEqual(page.next, "https://ph.test/api/projects/1/dashboards/?limit=100&offset=200")
      assert.strictEqual(fake.seen.length, 1)
    })
  )

  it.live("stream emits every item once, in server order, fetching pages concurrently within the bound", () =>
    Effect.gen(function* () {
      const fake = offsetServer(() => dashboards(1050), 5)
      const ids = yield* Stream.runCollect(
        Dashboards.use((d) => Effect.succeed(d.stream())).pipe(Stream.unwrap)
      ).pipe(
        Effect.map((items) => items.map((i) => i.id)),
        Effect.provide(testLayer(fake, { pageConcurrency: 3 }))
      )
      assert.deepStrictEqual(
        ids,
        dashboards(1050).map((d) => d.id)
      )
      assert.strictEqual(fake.seen.length, 11)
      assert.isAtMost(fake.maxInFlight, 3)
      assert.isAtLeast(fake.maxInFlight, 2, "pages after the first are fetched concurrently")
      assert.deepStrictEqual(
        fake.seen.map((s) => s.url.searchParams.get("limit")),
        Array(11).fill("100"),
        "every page asks for the same page size"
      )
    })
  )

  it.live("the default page concurrency is 8", () =>
    Effect.gen(function* () {
      const fake = offsetServer(() => dashboards(2000), 5)
      yield* Stream.runDrain(Stream.unwrap(Dashboards.use((d) => Effect.succeed(d.stream())))).pipe(
        Effect.provide(testLayer(fake))
      )
      assert.strictEqual(fake.seen.length, 20)
      assert.isAtMost(fake.maxInFlight, 8)
      assert.isAtLeast(fake.maxInFlight, 6)
    })
  )

  it.live("rows pushed across a page boundary by an insert are emitted once", () =>
    Effect.gen(function* () {
      // After the first page is read, two dashboards are inserted at the top: the rest of the list shifts by two.
      let rows = dashboards(250, 1)
      const fake = fakeHttp((req) => {
        const limit = Number(req.url.searchParams.get("limit"))
        const offset = Number(req.url.searchParams.get("offset"))
        const page = rows.slice(offset, offset + limit)
        const body = json(200, {
          count: rows.length,
          next: offset + limit < rows.length ? "https://ph.test/api/projects/1/dashboards/?x" : null,
          previous: null,
          results: page
        })
        if (offset === 0) rows = [{ id: 9001, name: "new" }, { id: 9002, name: "new" }, ...rows]
        return body
      })
      const ids = yield* Stream.runCollect(
        Stream.unwrap(Dashboards.use((d) => Effect.succeed(d.stream({ limit: 100 }))))
      ).pipe(
        Effect.map((items) => items.map((i) => i.id)),
        Effect.provide(testLayer(fake, { pageConcurrency: 1 }))
      )
      assert.strictEqual(new Set(ids).size, ids.length, "no duplicates")
      assert.deepStrictEqual(
        ids,
        dashboards(250).map((d) => d.id),
        "server order kept, every original row once"
      )
    })
  )

  it.live("rows added past the announced count are still read by following next", () =>
    Effect.gen(function* () {
      let rows = dashboards(150)
      const fake = fakeHttp((req) => {
        const limit = Number(req.url.searchParams.get("limit"))
        const offset = Number(req.url.searchParams.get("offset"))
        const answer = json(200, {
          count: rows.length,
          next: offset + limit < rows.length ? "https://ph.test/next" : null,
          previous: null,
          results: rows.slice(offset, offset + limit)
        })
        if (offset === 0) rows = dashboards(230)
        return answer
      })
      const ids = yield* Stream.runCollect(
        Stream.unwrap(Dashboards.use((d) => Effect.succeed(d.stream({ limit: 100 }))))
      ).pipe(
        Effect.map((items) => items.map((i) => i.id)),
        Effect.provide(testLayer(fake))
      )
      assert.deepStrictEqual(
        ids,
        dashboards(230).map((d) => d.id)
      )
    })
  )

  it.live("taking a few items fetches only the pages needed (memory stays flat)", () =>
    Effect.gen(function* () {
      const fake = offsetServer(() => dashboards(100_000), 1)
      const first = yield* Stream.runCollect(
        Stream.unwrap(Dashboards.use((d) => Effect.succeed(d.stream({ limit: 50 })))).pipe(Stream.take(120))
      ).pipe(Effect.provide(testLayer(fake, { pageConcurrency: 2 })))
      assert.strictEqual(first.length, 120)
      assert.isAtMost(fake.seen.length, 6, "a handful of pages, not two thousand")
    })
  )

  it.effect("filters are sent with every page; the caller's offset is where streaming starts", () =>
    Effect.gen(function* () {
      const fake = offsetServer(() => dashboards(30).map((d) => ({ ...d, id: `t${d.id}` })))
      const ids = yield* Stream.runCollect(
        Stream.unwrap(
          DashboardTemplates.use((t) => Effect.succeed(t.stream({ limit: 10, offset: 5, scope: "team" })))
        )
      ).pipe(
        Effect.map((items) => items.map((i) => i.id)),
        Effect.provide(testLayer(fake))
      )
      assert.deepStrictEqual(
        ids,
        dashboards(25, 6).map((d) => `t${d.id}`)
      )
      assert.isTrue(fake.seen.every((s) => s.url.searchParams.get("scope") === "team"))
      assert.deepStrictEqual(
        fake.seen.map((s) => s.url.searchParams.get("offset")),
        ["5", "15", "25"]
      )
    })
  )
})

describe("cursor streams", () => {
  const comment = (i: number) => ({ id: `c${i}`, scope: "Notebook", content: `comment ${i}` })

  it.effect("comments stream follows next through every page", () =>
    Effect.gen(function* () {
      const pages: Record<string, { next: string | null; results: Array<unknown> }> = {
        "": {
          next: "https://us.posthog.com/api/projects/1/comments/?cursor=p2&scope=Notebook",
          results: [comment(1), comment(2)]
        },
        p2: {
          next: "https://us.posthog.com/api/projects/1/comments/?cursor=p3&scope=Notebook",
          results: [comment(3)]
        },
        p3: { next: null, results: [comment(4), comment(5)] }
      }
      const fake = fakeHttp((req) =>
        json(200, { previous: null, ...pages[req.url.searchParams.get("cursor") ?? ""] })
      )
      const ids = yield* Stream.runCollect(
        Stream.unwrap(Comments.use((c) => Effect.succeed(c.stream({ scope: "Notebook" }))))
      ).pipe(
        Effect.map((items) => items.map((i) => i.id)),
        Effect.provide(testLayer(fake))
      )
      assert.deepStrictEqual(ids, ["c1", "c2", "c3", "c4", "c5"])
      assert.strictEqual(fake.seen.length, 3)
      assert.isTrue(
        fake.seen.every((s) => s.url.host === "ph.test"),
        "next is re-based onto the configured host"
      )
      assert.isTrue(fake.seen.every((s) => s.url.searchParams.get("scope") === "Notebook"))
    })
  )

  it.effect("next links of a PostHog served under a path are followed once, not doubled", () =>
    Effect.gen(function* () {
      const fake = fakeHttp((req) =>
        req.url.searchParams.get("cursor")
          ? json(200, { next: null, previous: null, results: [comment(2)] })
          : json(200, {
              next: "https://example.com/posthog/api/projects/1/comments/?cursor=x",
              previous: null,
              results: [comment(1)]
            })
      )
      const ids = yield* Stream.runCollect(
        Stream.unwrap(Comments.use((c) => Effect.succeed(c.stream())))
      ).pipe(
        Effect.map((items) => items.map((i) => i.id)),
        Effect.provide(testLayer(fake, { host: "https://example.com/posthog" }))
      )
      assert.deepStrictEqual(ids, ["c1", "c2"])
      assert.deepStrictEqual(
        fake.seen.map((s) => s.url.href),
        [
          "https://example.com/posthog/api/projects/1/comments/",
          "https://example.com/posthog/api/projects/1/comments/?cursor=x"
        ]
      )
    })
  )

  it.effect("a thread streams the replies of one comment", () =>
    Effect.gen(function* () {
      const fake = fakeHttp((req) =>
        req.url.searchParams.get("cursor")
          ? json(200, { next: null, previous: null, results: [comment(3)] })
          : json(200, {
              next: `https://ph.test${req.url.pathname}?cursor=b`,
              previous: null,
              results: [comment(2)]
            })
      )
      const ids = yield* Stream.runCollect(
        Stream.unwrap(Comments.use((c) => Effect.succeed(c.streamThread("root-id"))))
      ).pipe(
        Effect.map((items) => items.map((i) => i.id)),
        Effect.provide(testLayer(fake))
      )
      assert.deepStrictEqual(ids, ["c2", "c3"])
      assert.isTrue(fake.seen.every((s) => s.url.pathname === "/api/projects/1/comments/root-id/thread/"))
    })
  )

  it.effect("paginate follows next for any list endpoint", () =>
    Effect.gen(function* () {
      const fake = fakeHttp((req) =>
        req.url.searchParams.get("page") === "2"
          ? json(200, { count: 3, next: null, previous: null, results: [{ id: 3 }] })
          : json(200, {
              count: 3,
              next: "https://ph.test/api/projects/1/insights/?page=2",
              previous: null,
              results: [{ id: 1 }, { id: 2 }]
            })
      )
      const items = yield* Stream.runCollect(
        paginate({ operation: "api", method: "GET", path: "insights/" })
      ).pipe(Effect.provide(testLayer(fake)))
      assert.deepStrictEqual(items, [{ id: 1 }, { id: 2 }, { id: 3 }])
    })
  )
})
