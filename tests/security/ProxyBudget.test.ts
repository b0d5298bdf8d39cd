/**
 * Finding (Low): the proxy had no budget. 1000 browser requests became 1000 upstream requests (PostHog
 * allows 480 a minute per key), `limit=100000000` went through as is, and upstream bodies were buffered
 * whole (3 × 200 MB answers took the proxy to 1.44 GB). The upstream here is a small server the test
 * controls, so it can count requests, see the forwarded URL and send an oversized answer.
 */
import type { ServerResponse } from "node:http"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { raw } from "./support/Raw.js"
import { type Listening, listen, startProxy } from "./support/Rig.js"

const BIG = 64 * 1024 * 1024
const seen: Array<string> = []
let bigBytesWritten = 0
let upstream: Listening

const sendBig = (res: ServerResponse) => {
  res.writeHead(200, { "content-type": "application/json" })
  const chunk = Buffer.alloc(1024 * 1024, 0x20)
  let sent = 0
  const pump = () => {
    while (sent < BIG) {
      sent += chunk.length
      bigBytesWritten += chunk.length
      if (!res.write(chunk)) return void res.once("drain", pump)
    }
    res.end()
  }
  res.on("close", () => {
    sent = BIG
  })
  pump()
}

beforeAll(async () => {
  upstream = await listen((req, res) => {
    seen.push(req.url ?? "")
    if ((req.url ?? "").includes("/dashboards/7/")) return sendBig(res)
    res.writeHead(200, { "content-type": "application/json" })
    res.end(JSON.stringify({ count: 0, next: null, previous: null, results: [] }))
  })
})
afterAll(() => upstream?.close())

const get = (port: number, path: string, extra: ReadonlyArray<string> = []) =>
  raw(port, [`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...extra])

describe("request budgets", () => {
  let proxy: Listening
  beforeAll(async () => {
    proxy = await startProxy({
      apiKey: "phx_budget",
      host: upstream.url,
      projectId: 1,
      budget: { perClientPerMinute: 5, perMinute: 8 },
      clientId: (request) => request.headers.get("x-test-client") ?? undefined
    })
  })
  afterAll(() => proxy?.close())

  it("forwards a client's budget, then answers 429 with Retry-After and forwards nothing more", async () => {
    seen.length = 0
    const statuses: Array<number> = []
    let retryAfter: string | undefined
    for (let i = 0; i < 12; i++) {
      const res = await get(proxy.port, "/posthog/api/projects/1/dashboards/", ["x-test-client: a"])
      statuses.push(res.status)
      if (res.status === 429) {
        retryAfter = res.headers["retry-after"]
        expect(JSON.parse(res.body)).toMatchObject({ type: "throttled_error", code: "throttled" })
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(7)
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1)
    expect(seen).toHaveLength(5)
  })

  it("also holds the whole proxy to its global budget, whoever asks", async () => {
    seen.length = 0
    const statuses: Array<number> = []
    for (const client of ["b", "c", "d", "e"]) {
      for (let i = 0; i < 3; i++) {
        statuses.push(
          (await get(proxy.port, "/posthog/api/projects/1/dashboards/", [`x-test-client: ${client}`])).status
        )
      }
    }
    // 8 a minute in all, 5 of them already spent by client "a" above.
    expect(statuses.filter((s) => s === 200)).toHaveLength(3)
    expect(seen).toHaveLength(3)
  })
})

describe("page sizes and answer sizes", () => {
  let proxy: Listening
  beforeAll(async () => {
    proxy = await startProxy({ apiKey: "phx_limits", host: upstream.url, projectId: 1 })
  })
  afterAll(() => proxy?.close())

  it("clamps limit to 100, and refuses any form of it but plain digits", async () => {
    for (const limit of ["100000000", "101"]) {
      seen.length = 0
      const res = await get(proxy.port, `/posthog/api/projects/1/dashboards/?limit=${limit}`)
      expect(res.status).toBe(200)
      const forwarded = new URL(seen[0] ?? "", "http://x").searchParams.getAll("limit")
      expect(forwarded, limit).toEqual(["100"])
    }
    // Python's int() reads these (and PostHog the last of two), so they are refused rather than guessed at.
    for (const limit of ["+100000000", "1_000_000", "1e9", "50&limit=100000000"]) {
      seen.length = 0
      const res = await get(proxy.port, `/posthog/api/projects/1/dashboards/?limit=${limit}`)
      expect(res.status, limit).toBe(400)
      expect(JSON.parse(res.body)).toMatchObject({ type: "validation_error", attr: "limit" })
      expect(seen, limit).toEqual([])
    }
    seen.length = 0
    await get(proxy.port, "/posthog/api/projects/1/dashboards/?limit=12")
    expect(new URL(seen[0] ?? "", "http://x").searchParams.get("limit")).toBe("12")
  })

  it("refuses an upstream answer larger than maxResponseBytes, and stops downloading it", async () => {
    bigBytesWritten = 0
    const res = await get(proxy.port, "/posthog/api/projects/1/dashboards/7/")
    expect(res.status).toBe(502)
    expect(JSON.parse(res.body).detail).toMatch(/maxResponseBytes/)
    // The proxy hung up well before the 64 MB were written (socket buffers let a few MB through).
    expect(bigBytesWritten).toBeLessThan(BIG / 2)
  })
})
