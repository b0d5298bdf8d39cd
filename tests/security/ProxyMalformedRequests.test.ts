/**
 * Finding (High): one request killed any server that mounts the proxy with `toNodeHandler`, because the
 * URL and Request were built synchronously outside the handler's promise. Probed against the web demo
 * (a real process: emulator, proxy and page), over raw sockets, since curl-like clients would normalise
 * the probes away. Each must end in a 4xx, and the process must go on serving.
 */
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Child, raw, startChild } from "./support/Raw.js"

const DEMO = fileURLToPath(new URL("../../packages/web/demo/serve.mjs", import.meta.url))

let demo: Child
beforeAll(async () => {
  demo = await startChild([DEMO, "--port", "0"], /hogkit web demo: (http:\/\/127\.0\.0\.1:\d+)\//, {
    cwd: path.dirname(DEMO)
  })
}, 120_000)
afterAll(() => demo?.stop())

const host = () => `Host: 127.0.0.1:${demo.port}`

const stillServes = async () => {
  expect(demo.alive(), `the demo died:\n${demo.output()}`).toBe(true)
  const me = await raw(demo.port, ["GET /posthog/api/users/@me/ HTTP/1.1", host()])
  expect(me.status).toBe(200)
  expect(JSON.parse(me.body)).toHaveProperty("email")
}

describe("a server mounting the proxy with toNodeHandler (the web demo)", () => {
  const probes: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
    ["TRACE, a method fetch refuses to build", ["TRACE /posthog/x HTTP/1.1", `Host: 127.0.0.1:0`]],
    ["TRACK", ["TRACK /posthog/api/users/@me/ HTTP/1.1", "Host: 127.0.0.1:0"]],
    ["a Host with a space", ["GET /posthog/api/users/@me/ HTTP/1.1", "Host: exa mple"]],
    ["a Host that is half an IPv6 literal", ["GET /posthog/api/users/@me/ HTTP/1.1", "Host: ["]],
    [
      "an absolute-form target naming another host",
      ["GET http://evil.example/posthog/api/projects/1/dashboards/ HTTP/1.1", "Host: 127.0.0.1:0"]
    ],
    ["an asterisk-form target", ["OPTIONS * HTTP/1.1", "Host: 127.0.0.1:0"]],
    [
      "a target starting with //",
      ["GET //evil.example/posthog/api/users/@me/ HTTP/1.1", "Host: 127.0.0.1:0"]
    ],
    ["HTTP/1.0 without a Host", ["GET /posthog/api/users/@me/ HTTP/1.0"]]
  ]
  for (const [name, head] of probes) {
    it(`answers ${name} with a 4xx and keeps serving`, async () => {
      const lines = head.map((l) => l.replace("127.0.0.1:0", `127.0.0.1:${demo.port}`))
      const res = await raw(demo.port, lines)
      expect(res.status, res.body).toBeGreaterThanOrEqual(400)
      expect(res.status, res.body).toBeLessThan(500)
      await stillServes()
    })
  }
})
