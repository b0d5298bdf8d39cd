import { type ChildProcess, spawn } from "node:child_process"
import { request } from "node:http"
import { type Emulator, startEmulator } from "@hogkit/emulator"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { api, BIN, EMPTY_CONFIG_HOME, errorText, json } from "./helpers.js"
import { runScenario } from "./scenario.js"

let emu: Emulator
let server: ChildProcess
let mcpUrl: string
let stderr = ""
const clients: Array<Client> = []
const seen: Array<string> = []

beforeAll(async () => {
  emu = await startEmulator({ port: 0 })
  // No POSTHOG_PROJECT_ID: every key works in its own current project.
  server = spawn(process.execPath, [BIN, "--http", "--port", "0"], {
    env: { PATH: process.env.PATH ?? "", XDG_CONFIG_HOME: EMPTY_CONFIG_HOME, POSTHOG_HOST: emu.url },
    stdio: ["ignore", "ignore", "pipe"]
  })
  mcpUrl = await new Promise<string>((resolve, reject) => {
    server.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
      const match = /(http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)
      if (match?.[1]) resolve(match[1])
    })
    server.once("exit", (code) => reject(new Error(`hogkit-mcp --http exited ${code}: ${stderr}`)))
  })
})
beforeEach(() => emu.reset())
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined)
  server?.kill("SIGTERM")
  await emu?.close()
})

const connect = async (key: string | undefined, origin?: string) => {
  const headers: Record<string, string> = {}
  if (key !== undefined) headers.authorization = `Bearer ${key}`
  if (origin !== undefined) headers.origin = origin
  const client = new Client({ name: "http-test", version: "0" })
  await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers } }))
  clients.push(client)
  return client
}

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } }
}

const post = (headers: Record<string, string>) =>
  fetch(mcpUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers
    },
    body: JSON.stringify(initialize)
  })

describe("hogkit-mcp over Streamable HTTP against the emulator", () => {
  it("serves on 127.0.0.1 and lists all 29 tools to a client with a bearer key", async () => {
    expect(mcpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/)
    const client = await connect(emu.apiKey)
    expect((await client.listTools()).tools).toHaveLength(29)
  })

  it("does every operation an agent needs, calling each tool at least once", async () => {
    const project = await api(emu, "POST", "/_emulator/projects", {
      organization_id: emu.organizationId,
      name: "Staging"
    })
    const client = await connect(emu.apiKey)
    const { called, transcripts } = await runScenario(client, emu, project.json.id)
    for (const t of transcripts) seen.push(JSON.stringify(t.result))
    expect(called.size).toBe(29)
  })

  it("answers a request without a bearer key with 401 and a JSON-RPC error saying what to send", async () => {
    const res = await post({})
    expect(res.status).toBe(401)
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/)
    const body = await res.json()
    expect(body).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32001 } })
    expect(body.error.message).toMatch(/Authorization: Bearer/)
    await expect(connect(undefined)).rejects.toThrow()
  })

  it("refuses a foreign Origin and a foreign Host (DNS rebinding) but accepts local ones", async () => {
    const foreign = await post({ authorization: `Bearer ${emu.apiKey}`, origin: "https://evil.example" })
    expect(foreign.status).toBe(403)
    expect((await foreign.json()).error.message).toMatch(/origin https:\/\/evil\.example/)
    await expect(connect(emu.apiKey, "https://evil.example")).rejects.toThrow()

    // Its own origin, by any local name, is accepted; the same name on another port, or a non-web
    // scheme that merely names localhost, is another origin.
    const port = new URL(mcpUrl).port
    const local = await post({ authorization: `Bearer ${emu.apiKey}`, origin: `http://localhost:${port}` })
    expect(local.status).toBe(200)
    for (const other of ["http://localhost:5173", "chrome-extension://localhost", "https://127.0.0.1"]) {
      expect((await post({ authorization: `Bearer ${emu.apiKey}`, origin: other })).status).toBe(403)
    }

    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        mcpUrl,
        {
          method: "POST",
          headers: {
            host: "evil.example:80",
            "content-type": "application/json",
            authorization: `Bearer ${emu.apiKey}`
          }
        },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        }
      )
      req.on("error", reject)
      req.end(JSON.stringify(initialize))
    })
    expect(status).toBe(403)
  })

  it("answers malformed JSON with a JSON-RPC parse error and keeps serving", async () => {
    const res = await fetch(mcpUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        authorization: `Bearer ${emu.apiKey}`
      },
      body: "{ not json"
    })
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe(-32700)
    const client = await connect(emu.apiKey)
    expect((await client.listTools()).tools).toHaveLength(29)
  })

  it("answers GET with 405: the server is stateless", async () => {
    const res = await fetch(mcpUrl, {
      headers: { authorization: `Bearer ${emu.apiKey}`, accept: "text/event-stream" }
    })
    expect(res.status).toBe(405)
  })

  it("keeps clients with different keys apart: neither sees the other's data", async () => {
    const org = await api(emu, "POST", "/_emulator/organizations", { name: "Other Co" })
    const project = await api(emu, "POST", "/_emulator/projects", {
      organization_id: org.json.id,
      name: "Other project"
    })
    expect(project.status).toBe(201)
    const user = await api(emu, "POST", "/_emulator/users", {
      email: "bob@other.example",
      organization_ids: [org.json.id]
    })
    const key = await api(emu, "POST", "/_emulator/personal_api_keys", {
      user_id: user.json.id,
      scopes: ["*"]
    })

    const alice = await connect(emu.apiKey)
    const bob = await connect(key.json.key)
    const secret = json(
      await alice.callTool({ name: "dashboard-create", arguments: { name: "Alice's secret board" } })
    )
    const bobs = json(await bob.callTool({ name: "dashboard-create", arguments: { name: "Bob's board" } }))
    await alice.callTool({ name: "comment-create", arguments: { scope: "Notebook", content: "Alice only" } })

    const bobList = json(await bob.callTool({ name: "dashboards-get-all", arguments: {} }))
    expect(bobList.results.map((d: { name: string }) => d.name)).toEqual(["Bob's board"])
    const aliceList = json(await alice.callTool({ name: "dashboards-get-all", arguments: {} }))
    expect(aliceList.results.map((d: { name: string }) => d.name)).toEqual(["Alice's secret board"])
    expect(
      errorText(await bob.callTool({ name: "dashboard-get", arguments: { id: secret.id } }))
    ).not.toContain("Alice's secret")
    expect(json(await bob.callTool({ name: "comments-list", arguments: {} })).results).toEqual([])
    expect(bobs.id).not.toBe(secret.id)
    seen.push(JSON.stringify(bobList), JSON.stringify(aliceList))
  })

  it("never shows a key in a result or on stderr", () => {
    expect(seen.length).toBeGreaterThan(29)
    for (const s of seen) expect(s).not.toContain(emu.apiKey)
    expect(stderr).not.toContain(emu.apiKey)
  })
})
