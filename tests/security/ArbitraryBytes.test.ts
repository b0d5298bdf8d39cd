/**
 * Anything listening on a socket answers bad input with a 4xx (or hangs up on bytes that are not HTTP)
 * and keeps serving. fast-check throws arbitrary bytes, and HTTP-shaped requests with arbitrary parts,
 * at the proxy (the web demo), the emulator and `hogkit-mcp --http`, each a real process on loopback;
 * after every probe each must still answer a normal request. Runs are bounded and seeded.
 */
import * as net from "node:net"
import { fileURLToPath } from "node:url"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { MCP_BIN, SYSTEM_KEY, tempDir } from "../src/Harness.js"
import { type Child, raw, startChild } from "./support/Raw.js"

const SEED = 13_2026
const RUNS = 60
const DEMO = fileURLToPath(new URL("../../packages/web/demo/serve.mjs", import.meta.url))
const EMULATOR = fileURLToPath(new URL("../../packages/emulator/dist/bin.js", import.meta.url))

let demo: Child
let emulator: Child
let mcp: Child

beforeAll(async () => {
  ;[demo, emulator] = await Promise.all([
    startChild([DEMO, "--port", "0"], /hogkit web demo: (http:\/\/127\.0\.0\.1:\d+)\//),
    startChild([EMULATOR, "--port", "0", "--api-key", SYSTEM_KEY], /listening on (http:\/\/127\.0\.0\.1:\d+)/)
  ])
  mcp = await startChild([MCP_BIN, "--http", "--port", "0"], /(http:\/\/127\.0\.0\.1:\d+\/mcp)/, {
    XDG_CONFIG_HOME: tempDir("bytes-config"),
    POSTHOG_HOST: emulator.url,
    POSTHOG_PERSONAL_API_KEY: undefined
  })
}, 120_000)
afterAll(async () => {
  await Promise.all([demo?.stop(), emulator?.stop(), mcp?.stop()])
})

/** Writes the bytes, half-closes, and waits for the server to answer or hang up (never for ever). */
const throwBytes = (port: number, bytes: Uint8Array): Promise<string> =>
  new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1")
    let answer = ""
    const timer = setTimeout(() => socket.destroy(), 5_000)
    socket.on("connect", () => socket.end(bytes))
    socket.on("data", (c: Buffer) => {
      answer += c.toString("latin1")
    })
    socket.on("error", () => undefined)
    socket.on("close", () => {
      clearTimeout(timer)
      resolve(answer)
    })
  })

const token = fc.oneof(
  fc.constantFrom(
    "GET",
    "POST",
    "PATCH",
    "DELETE",
    "PUT",
    "OPTIONS",
    "HEAD",
    "TRACE",
    "CONNECT",
    "TRACK",
    "PRI"
  ),
  fc.string({ minLength: 1, maxLength: 12 })
)
const target = (paths: ReadonlyArray<string>) =>
  fc.oneof(
    fc.constantFrom(...paths),
    fc.constantFrom(
      "*",
      "http://evil.example/posthog/api/users/@me/",
      "//x",
      "/%",
      "/%00",
      "/..%2f..%2f",
      "//",
      "http://[",
      "http://a b/",
      "example.com:443"
    ),
    fc.string({ maxLength: 80 })
  )
const header = fc.tuple(
  fc.oneof(
    fc.constantFrom(
      "Host",
      "Origin",
      "Content-Length",
      "Transfer-Encoding",
      "Content-Type",
      "Authorization",
      "Expect"
    ),
    fc.string({ maxLength: 20 })
  ),
  fc.oneof(
    fc.constantFrom(
      "exa mple",
      "[",
      "[::1",
      "h/p?#@",
      "-1",
      "99999999999999999999",
      "chunked",
      "null",
      "100-continue"
    ),
    fc.string({ unit: "binary", maxLength: 60 })
  )
)
/**
 * A request with arbitrary parts (a Host header always among them, so the server's own parser lets it
 * through to the code under test more often than not), or plain arbitrary bytes.
 */
const probe = (paths: ReadonlyArray<string>, port: () => number): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    { arbitrary: fc.uint8Array({ maxLength: 2048 }), weight: 1 },
    {
      arbitrary: fc
        .tuple(
          token,
          target(paths),
          fc.constantFrom("HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", ""),
          fc.oneof(
            fc.constant(`127.0.0.1:${port()}`),
            fc.constantFrom("exa mple", "[", "[::1", "h/p?#@", "localhost", "rebind.attacker.example", ""),
            fc.string({ maxLength: 30 })
          ),
          fc.array(header, { maxLength: 5 }),
          fc.oneof(
            fc.uint8Array({ maxLength: 512 }),
            fc.string({ maxLength: 200 }).map((s) => new TextEncoder().encode(s))
          )
        )
        .map(([method, path, version, host, headers, body]) => {
          const head = [
            `${method} ${path} ${version}`,
            `Host: ${host}`,
            ...headers.map(([k, v]) => `${k}: ${v}`)
          ].join("\r\n")
          return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, "utf8"), Buffer.from(body)])
        }),
      weight: 3
    }
  )

const never5xxAndStillServes = async (
  name: string,
  child: () => Child,
  paths: ReadonlyArray<string>,
  normal: () => Promise<number>
) => {
  await fc.assert(
    fc.asyncProperty(
      probe(paths, () => child().port),
      async (bytes) => {
        const answer = await throwBytes(child().port, bytes)
        const status = /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1]
        if (status !== undefined)
          expect(Number(status), `${name} answered ${answer.slice(0, 200)}`).toBeLessThan(500)
        expect(child().alive(), `${name} died:\n${child().output()}`).toBe(true)
        expect(await normal()).toBe(200)
      }
    ),
    { numRuns: RUNS, seed: SEED }
  )
}

describe("arbitrary bytes", () => {
  it("never take down the proxy (the web demo), which keeps serving", async () => {
    await never5xxAndStillServes(
      "the proxy",
      () => demo,
      ["/posthog/api/users/@me/", "/posthog/api/projects/@current/dashboards/", "/"],
      async () =>
        (await raw(demo.port, ["GET /posthog/api/users/@me/ HTTP/1.1", `Host: 127.0.0.1:${demo.port}`]))
          .status
    )
  })

  it("never take down the emulator, which keeps serving", async () => {
    await never5xxAndStillServes(
      "the emulator",
      () => emulator,
      ["/api/users/@me/", "/api/projects/1/dashboards/", "/_emulator/info"],
      async () =>
        (
          await raw(emulator.port, [
            "GET /api/users/@me/ HTTP/1.1",
            "Host: 127.0.0.1",
            `Authorization: Bearer ${SYSTEM_KEY}`
          ])
        ).status
    )
  })

  it("never take down hogkit-mcp --http, which keeps serving", async () => {
    const initialize = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bytes", version: "0" } }
    })
    await never5xxAndStillServes(
      "hogkit-mcp",
      () => mcp,
      ["/mcp", "/"],
      async () =>
        (
          await raw(
            mcp.port,
            [
              "POST /mcp HTTP/1.1",
              `Host: 127.0.0.1:${mcp.port}`,
              `Authorization: Bearer ${SYSTEM_KEY}`,
              "Content-Type: application/json",
              "Accept: application/json, text/event-stream"
            ],
            initialize
          )
        ).status
    )
  })
})
