/** §0.6: `rateLimit` turns on PostHog's throttles, 480/minute and 4800/hour per personal API key. */
import { describe, expect, it } from "vitest"
import { keyWithScopes, useEmulator } from "./internal/Harness.js"

const { client } = useEmulator({ rateLimit: true })

describe("--rate-limit", () => {
  it("§0.6 the 481st request in a minute → 429 throttled with PostHog's body and no Retry-After", async () => {
    for (let i = 0; i < 480; i += 40) {
      const batch = await Promise.all(Array.from({ length: 40 }, () => client.get("comments/count/")))
      expect(batch.every((r) => r.status === 200)).toBe(true)
    }
    const res = await client.get("comments/count/")
    expect(res.status).toBe(429)
    expect(res.body.type).toBe("throttled_error")
    expect(res.body.code).toBe("throttled")
    expect(res.body.attr).toBeNull()
    expect(res.body.detail).toMatch(/^Request was throttled\. Expected available in (\d+) seconds?\.$/)
    const seconds = Number(/in (\d+)/.exec(res.body.detail)?.[1])
    expect(seconds).toBeGreaterThan(0)
    expect(seconds).toBeLessThanOrEqual(60)
    expect(res.headers.get("retry-after")).toBeNull()
  })

  it("§0.6 limits are per key: another key is not throttled", async () => {
    for (let i = 0; i < 480; i += 40)
      await Promise.all(Array.from({ length: 40 }, () => client.get("comments/count/")))
    expect((await client.get("comments/count/")).status).toBe(429)
    const other = await keyWithScopes(client, 1, ["*"])
    expect((await client.get("comments/count/", { key: other })).status).toBe(200)
  })

  it("§0.6 throttles run after permissions: unauthenticated requests get 401, not 429", async () => {
    for (let i = 0; i < 480; i += 40)
      await Promise.all(Array.from({ length: 40 }, () => client.get("comments/count/")))
    expect((await client.get("comments/count/", { key: null })).status).toBe(401)
  })
})
