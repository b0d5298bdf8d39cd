/**
 * Findings (Info) on `hogkit-mcp --http`: a key PostHog refuses got HTTP 200 with an error result (a
 * missing key gets 401), and the Origin check compared host names only, so `http://localhost:9999` (another
 * port: another origin) and `chrome-extension://localhost` passed. The server runs as users run it.
 */

import { type Emulator, startEmulator } from "@hogkit/emulator"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { MCP_BIN, tempDir } from "../src/Harness.js"
import { type Child, raw, startChild } from "./support/Raw.js"

let emu: Emulator
let mcp: Child

beforeAll(async () => {
  emu = await startEmulator({ port: 0, quiet: true })
  mcp = await startChild([MCP_BIN, "--http", "--port", "0"], /(http:\/\/127\.0\.0\.1:\d+\/mcp)/, {
    XDG_CONFIG_HOME: tempDir("mcp-config"),
    POSTHOG_HOST: emu.url,
    POSTHOG_PERSONAL_API_KEY: undefined
  })
})
afterAll(async () => {
  await mcp?.stop()
  await emu?.close()
})

const rpc = (key: string | undefined, body: unknown, origin?: string) =>
  fetch(mcp.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
      ...(origin === undefined ? {} : { origin })
    },
    body: JSON.stringify(body)
  })

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "sec", version: "0" } }
}
const listDashboards = {
  jsonrpc: "2.0",
  id: 2,
  method: "tools/call",
  params: { name: "dashboards-get-all", arguments: {} }
}

describe("hogkit-mcp --http and keys", () => {
  it("answers a key PostHog refuses with 401, like a missing key", async () => {
    const missing = await rpc(undefined, listDashboards)
    expect(missing.status).toBe(401)

    const wrong = "phx_wrongwrongwrongwrongwrongwrongwrongwrongwr"
    const refused = await rpc(wrong, listDashboards)
    expect(refused.status).toBe(401)
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/)
    const text = await refused.text()
    expect(text).not.toContain(wrong)

    // Known to be refused now: even the handshake is a 401.
    expect((await rpc(wrong, initialize)).status).toBe(401)
  })

  it("tells a real MCP client the key is refused, so it cannot mistake it for a tool failure", async () => {
    const client = new Client({ name: "sec", version: "0" })
    await client.connect(
      new StreamableHTTPClientTransport(new URL(mcp.url), {
        requestInit: { headers: { authorization: "Bearer phx_anotherwrongkeyanotherwrongkeyanotherw" } }
      })
    )
    await expect(client.callTool({ name: "dashboards-get-all", arguments: {} })).rejects.toThrow(
      /401|nauthorized/
    )
    await client.close()
  })

  it("still serves a good key", async () => {
    const res = await rpc(emu.apiKey, listDashboards)
    expect(res.status).toBe(200)
  })
})

describe("hogkit-mcp --http and malformed targets", () => {
  it("answers a target that is no path with a 400, not a 500", async () => {
    for (const target of ["//", "http://[", "*"]) {
      const res = await raw(mcp.port, [`POST ${target} HTTP/1.1`, `Host: 127.0.0.1:${mcp.port}`])
      expect(res.status, target).toBe(400)
    }
  })
})

describe("hogkit-mcp --http and web origins", () => {
  it("accepts only its own origin: scheme, host and port", async () => {
    const port = new URL(mcp.url).port
    for (const own of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      expect((await rpc(emu.apiKey, initialize, own)).status, own).toBe(200)
    }
    for (const other of [
      "http://localhost:9999",
      `https://localhost:${port}`,
      "chrome-extension://localhost",
      "http://localhost",
      "null",
      "https://evil.example"
    ]) {
      expect((await rpc(emu.apiKey, initialize, other)).status, other).toBe(403)
    }
  })
})
