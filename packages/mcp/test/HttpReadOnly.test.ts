/**
 * `hogkit-mcp --http --read-only`: the same refusal as over stdio for a tool read-only mode left out, and
 * resources and prompts served per request like tools.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { type Emulator, startEmulator } from "@hogkit/emulator"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { readOnlyRefusal } from "../src/Server.js"
import { api, BIN, EMPTY_CONFIG_HOME, errorText } from "./helpers.js"

let emu: Emulator
let server: ChildProcess
let client: Client

beforeAll(async () => {
  emu = await startEmulator({ port: 0 })
  server = spawn(process.execPath, [BIN, "--http", "--port", "0", "--read-only"], {
    env: { PATH: process.env.PATH ?? "", XDG_CONFIG_HOME: EMPTY_CONFIG_HOME, POSTHOG_HOST: emu.url },
    stdio: ["ignore", "ignore", "pipe"]
  })
  let stderr = ""
  const url = await new Promise<string>((resolve, reject) => {
    server.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
      const match = /(http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)
      if (match?.[1]) resolve(match[1])
    })
    server.once("exit", (code) => reject(new Error(`hogkit-mcp --http exited ${code}: ${stderr}`)))
  })
  client = new Client({ name: "http-read-only-test", version: "0" })
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${emu.apiKey}` } }
    })
  )
})
afterAll(async () => {
  await client?.close().catch(() => undefined)
  server?.kill("SIGTERM")
  await emu?.close()
})

describe("hogkit-mcp --http --read-only", () => {
  it("refuses a write tool with the read-only sentence stdio gives, sending nothing to PostHog", async () => {
    const { tools } = await client.listTools()
    expect(tools.map((t) => t.name)).not.toContain("dashboard-create")
    const refused = await client.callTool({ name: "dashboard-create", arguments: { name: "Nope" } })
    expect(errorText(refused)).toBe(readOnlyRefusal("dashboard-create"))
    const stored = await api(emu, "GET", `/api/projects/${emu.projectId}/dashboards/`, undefined, emu.apiKey)
    expect(stored.json.results).toEqual([])
  })

  it("reads resources in the key's current project and offers no prompt that writes", async () => {
    const board = await api(
      emu,
      "POST",
      `/api/projects/${emu.projectId}/dashboards/`,
      { name: "Over HTTP" },
      emu.apiKey
    )
    // No project configured: the listing names the key's current one.
    const { resources } = await client.listResources()
    expect(resources.map((r) => r.uri)).toContain("posthog://projects/@current/dashboards")
    const { contents } = await client.readResource({
      uri: `posthog://projects/@current/dashboards/${board.json.id}`
    })
    const dashboard = JSON.parse((contents[0] as { text: string }).text)
    expect(dashboard.name).toBe("Over HTTP")
    expect(dashboard._posthogUrl).toMatch(new RegExp(`/dashboard/${board.json.id}$`))
    expect((await client.listPrompts()).prompts).toEqual([])
  })
})
