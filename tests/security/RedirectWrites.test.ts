/**
 * Finding (Info): on a cross-origin redirect the SDK's node transport dropped the key but re-sent a POST
 * body to the other host. Two real servers: the configured host answers with a redirect to the other one,
 * which records whatever reaches it.
 */
import { createClient } from "@hogkit/core/promise"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Listening, listen } from "./support/Rig.js"

const KEY = "phx_redirectTestKey_0123456789abcdefghijklmnopqrstuv"
const reached: Array<{ method: string; url: string; body: string; authorization: string | undefined }> = []
let configured: Listening
let elsewhere: Listening
let nextStatus = 307

beforeAll(async () => {
  elsewhere = await listen((req, res) => {
    let body = ""
    req.on("data", (c: Buffer) => {
      body += c.toString()
    })
    req.on("end", () => {
      reached.push({
        method: req.method ?? "",
        url: req.url ?? "",
        body,
        authorization: req.headers.authorization
      })
      res.writeHead(req.method === "POST" ? 201 : 200, { "content-type": "application/json" })
      res.end(JSON.stringify({ id: 9, name: "elsewhere", tiles: [] }))
    })
  })
  configured = await listen((req, res) => {
    req.resume()
    res.writeHead(req.method === "GET" ? 307 : nextStatus, { location: `${elsewhere.url}${req.url}` })
    res.end()
  })
})
afterAll(async () => {
  await configured?.close()
  await elsewhere?.close()
})

// Core's own node:http transport, and fetch (what browsers and a custom `fetch` option use).
const transports = {
  "node:http": {},
  fetch: { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init) }
}

describe.each(Object.entries(transports))(
  "a write answered with a redirect to another host (%s)",
  (_, transport) => {
    for (const status of [301, 302, 303, 307, 308]) {
      it(`(${status}) fails with a ConfigError naming the new address, and nothing reaches that host`, async () => {
        reached.length = 0
        nextStatus = status
        const client = createClient({
          apiKey: KEY,
          host: configured.url,
          projectId: 1,
          retry: { maxRetries: 0 },
          ...transport
        })
        const outcome = await client.dashboards.create({ name: "secret body" }).then(
          () => undefined,
          (e: unknown) => e
        )
        await client.close()
        expect(outcome).toMatchObject({ _tag: "HogkitError", reason: { _tag: "ConfigError", status } })
        expect(String((outcome as { reason: { detail: string } }).reason.detail)).toContain(elsewhere.url)
        expect(String((outcome as { reason: { detail: string } }).reason.detail)).not.toContain(KEY)
        expect(reached.filter((r) => r.body.includes("secret body"))).toEqual([])
        expect(reached).toEqual([])
      })
    }

    it("a read is still followed, without the key", async () => {
      reached.length = 0
      const client = createClient({
        apiKey: KEY,
        host: configured.url,
        projectId: 1,
        retry: { maxRetries: 0 }
      })
      const got = await client.dashboards.get(307)
      await client.close()
      expect(got.name).toBe("elsewhere")
      expect(reached).toHaveLength(1)
      expect(reached[0]?.authorization).toBeUndefined()
    })
  }
)
