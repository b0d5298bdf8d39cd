import { afterEach, assert, describe, it } from "@effect/vitest"
import { createClient, HogkitError, isHogkitError, type PostHogPromiseClient } from "../src/promise/index.js"
import { KEY } from "./support/FakeHttp.js"

interface Call {
  readonly method: string
  readonly url: URL
  readonly signal: AbortSignal | undefined
}

/** A fetch that answers offset pages of `total` dashboards, or runs `override` when it returns a Response. */
const fakeFetch = (total: number, override?: (call: Call) => Response | Promise<Response> | undefined) => {
  const calls: Array<Call> = []
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init)
    const call = { method: request.method, url: new URL(request.url), signal: init?.signal ?? request.signal }
    calls.push(call)
    const custom = override?.(call)
    if (custom) return custom
    const limit = Number(call.url.searchParams.get("limit") ?? 100)
    const offset = Number(call.url.searchParams.get("offset") ?? 0)
    const results = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => ({
      id: offset + i + 1,
      name: `d${offset + i + 1}`
    }))
    return Response.json({
      count: total,
      next:
        offset + limit < total
          ? `${call.url.origin}${call.url.pathname}?limit=${limit}&offset=${offset + limit}`
          : null,
      previous: null,
      results
    })
  }) as typeof globalThis.fetch
  return { fetch, calls }
}

let client: PostHogPromiseClient | undefined
afterEach(async () => {
  await client?.close()
  client = undefined
})

describe("@hogkit/core/promise", () => {
  it("awaiting list() gives one page as PostHog returns it", async () => {
    const f = fakeFetch(250)
    client = createClient({ apiKey: KEY, host: "https://ph.test", projectId: 3, fetch: f.fetch })
    const page = await client.dashboards.list({ limit: 100 })
    assert.strictEqual(page.count, 250)
    assert.strictEqual(page.results.length, 100)
    assert.strictEqual(f.calls.length, 1)
    assert.strictEqual(f.calls[0]!.url.pathname, "/api/projects/3/dashboards/")
  })

  it("for await over list() yields every item across pages, in order", async () => {
    const f = fakeFetch(250)
    client = createClient({ apiKey: KEY, host: "https://ph.test", projectId: 3, fetch: f.fetch })
    const ids: Array<number> = []
    for await (const dashboard of client.dashboards.list({ limit: 100 })) ids.push(dashboard.id)
    assert.deepStrictEqual(
      ids,
      Array.from({ length: 250 }, (_, i) => i + 1)
    )
    assert.strictEqual(f.calls.length, 3)
  })

  it("breaking out of for await stops fetching", async () => {
    const f = fakeFetch(10_000)
    client = createClient({
      apiKey: KEY,
      host: "https://ph.test",
      projectId: 3,
      fetch: f.fetch,
      pageConcurrency: 1
    })
    let n = 0
    for await (const _ of client.dashboards.list({ limit: 10 })) if (++n === 15) break
    assert.isAtMost(f.calls.length, 4)
  })

  it("failures reject with a HogkitError whose reason is typed", async () => {
    const f = fakeFetch(0, () =>
      Response.json(
        {
          type: "authentication_error",
          code: "permission_denied",
          detail: "API key missing required scope 'comment:write'",
          attr: null
        },
        { status: 403 }
      )
    )
    client = createClient({ apiKey: KEY, host: "https://ph.test", projectId: 1, fetch: f.fetch })
    const error = await client.comments.create({ scope: "Notebook", content: "hi" }).catch((e: unknown) => e)
    assert.instanceOf(error, HogkitError)
    assert.isTrue(isHogkitError(error))
    if (!isHogkitError(error) || error.reason._tag !== "PermissionDenied") return assert.fail("wrong error")
    assert.strictEqual(error.reason.missingScope, "comment:write")
    assert.strictEqual(
      error.message,
      "Comments.create failed: API key missing required scope 'comment:write' (POST /api/projects/1/comments/)"
    )
    assert.notInclude(String(error.stack), KEY)
  })

  it("errors while iterating reject the for await loop with the HogkitError", async () => {
    const f = fakeFetch(300, (call) =>
      call.url.searchParams.get("offset") === "100"
        ? Response.json(
            { type: "invalid_request", code: "not_found", detail: "Not found.", attr: null },
            { status: 404 }
          )
        : undefined
    )
    client = createClient({ apiKey: KEY, host: "https://ph.test", projectId: 1, fetch: f.fetch })
    let seen = 0
    const error = await (async () => {
      for await (const _ of client.dashboards.list({ limit: 100 })) seen++
    })().catch((e: unknown) => e)
    assert.isTrue(isHogkitError(error))
    if (isHogkitError(error)) assert.strictEqual(error.reason._tag, "NotFound")
    assert.strictEqual(seen, 100)
  })

  it("aborting the signal cancels the request in flight", async () => {
    let started!: () => void
    const inFlight = new Promise<void>((resolve) => {
      started = resolve
    })
    const f = fakeFetch(0, (call) => {
      started()
      return new Promise<Response>((_, reject) => {
        call.signal?.addEventListener("abort", () => reject(call.signal?.reason))
      })
    })
    client = createClient({ apiKey: KEY, host: "https://ph.test", projectId: 1, fetch: f.fetch })
    const controller = new AbortController()
    const pending = client.dashboards.get(5, { signal: controller.signal }).catch((e: unknown) => e)
    await inFlight
    controller.abort(new Error("user gave up"))
    const error = await pending
    assert.instanceOf(error, Error)
    assert.strictEqual((error as Error).message, "user gave up")
    assert.isTrue(f.calls[0]!.signal?.aborted, "the fetch saw the abort")
  })

  it("an already-aborted signal sends nothing", async () => {
    const f = fakeFetch(5)
    client = createClient({ apiKey: KEY, host: "https://ph.test", projectId: 1, fetch: f.fetch })
    const error = await client.dashboards
      .list({}, { signal: AbortSignal.abort(new Error("stop")) })
      .catch((e: unknown) => e)
    assert.strictEqual((error as Error).message, "stop")
    assert.strictEqual(f.calls.length, 0)
  })

  it("per-call retries and the escape hatch work", async () => {
    let n = 0
    const f = fakeFetch(0, () =>
      ++n === 1
        ? new Response(null, { status: 503, headers: { "retry-after": "0" } })
        : Response.json({ ok: true })
    )
    client = createClient({ apiKey: KEY, host: "https://ph.test", projectId: 1, fetch: f.fetch })
    const noRetry = await client
      .request({ method: "GET", path: "insights/" }, { retries: 0 })
      .catch((e: unknown) => e)
    assert.isTrue(isHogkitError(noRetry))
    const body = await client.request({ method: "GET", path: "insights/", query: { limit: 1 } })
    assert.deepStrictEqual(body, { ok: true })
    assert.strictEqual(f.calls.at(-1)!.url.search, "?limit=1")
  })

  it("comments.thread is awaitable and iterable too", async () => {
    const f = fakeFetch(0, (call) =>
      call.url.searchParams.get("cursor")
        ? Response.json({ next: null, previous: null, results: [{ id: "b", scope: "Notebook" }] })
        : Response.json({
            next: `${call.url.origin}${call.url.pathname}?cursor=2`,
            previous: null,
            results: [{ id: "a", scope: "Notebook" }]
          })
    )
    client = createClient({ apiKey: KEY, host: "https://ph.test", projectId: 1, fetch: f.fetch })
    const page = await client.comments.thread("root")
    assert.deepStrictEqual(
      page.results.map((c) => c.id),
      ["a"]
    )
    const all: Array<string> = []
    for await (const c of client.comments.thread("root")) all.push(c.id)
    assert.deepStrictEqual(all, ["a", "b"])
  })

  it("calls after close() reject with a ConfigError saying so", async () => {
    const f = fakeFetch(1)
    const closed = createClient({ apiKey: KEY, host: "https://ph.test", projectId: 1, fetch: f.fetch })
    await closed.dashboards.list()
    await closed.close()
    const error = await closed.dashboards.list().catch((e: unknown) => e)
    assert.isTrue(isHogkitError(error))
    if (isHogkitError(error)) assert.strictEqual(error.reason._tag, "ConfigError")
    assert.strictEqual(f.calls.length, 1)
  })

  it("aborting while iterating rejects the loop and stops fetching pages", async () => {
    const f = fakeFetch(1000)
    client = createClient({
      apiKey: KEY,
      host: "https://ph.test",
      projectId: 1,
      fetch: f.fetch,
      pageConcurrency: 1
    })
    const controller = new AbortController()
    let n = 0
    const error = await (async () => {
      for await (const _ of client.dashboards.list({ limit: 10 }, { signal: controller.signal })) {
        if (++n === 25) controller.abort(new Error("enough"))
      }
    })().catch((e: unknown) => e)
    assert.strictEqual((error as Error).message, "enough")
    const fetched = f.calls.length
    await new Promise((resolve) => setTimeout(resolve, 20))
    assert.strictEqual(f.calls.length, fetched, "no page is fetched after the abort")
    assert.isAtMost(fetched, 5)
  })
})
