/**
 * The client configurations in README.md work as written: each JSON config and `claude mcp add` line is
 * parsed from the README, `npx -y @hogkit/mcp` is replaced by the built bin (what npx would run), the key
 * placeholder by a key, and the server is started the way the client would start it, through the SDK
 * client; it must start and list the tools the config selects. Only tools/list is asked for, which
 * reaches no PostHog host, so the configs' real hosts (`us`, `eu`) are kept.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js"
import { describe, expect, it } from "vitest"
import { BIN, EMPTY_CONFIG_HOME, PACKAGE_DIR } from "./helpers.js"

const README = readFileSync(join(PACKAGE_DIR, "README.md"), "utf8")
const KEY = "phx_readmeCheck0123456789012345678901234567"
const PACKAGE = ["-y", "@hogkit/mcp"]

const blocks = (lang: string) =>
  [...README.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1] as string)

interface StdioServer {
  readonly command: string
  readonly args: ReadonlyArray<string>
  readonly env?: Record<string, string>
}
interface HttpServer {
  readonly type: "http"
  readonly url: string
  readonly headers: Record<string, string>
}

const jsonConfigs = blocks("json").map((text) => JSON.parse(text))
const servers = jsonConfigs.flatMap((c) => Object.entries(c.mcpServers ?? c.servers ?? {})) as Array<
  [string, StdioServer | HttpServer]
>
const withKey = (value: string) => value.replace("phx_…", KEY).replace("${input:posthog-key}", KEY)

/** Runs a stdio config: npx's package spec replaced by the built bin. */
const listWith = async (args: ReadonlyArray<string>, env: Record<string, string>) => {
  expect(args.slice(0, 2)).toEqual(PACKAGE)
  const client = new Client({ name: "readme-check", version: "0" })
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [BIN, ...args.slice(2)],
      env: {
        PATH: process.env.PATH ?? "",
        XDG_CONFIG_HOME: EMPTY_CONFIG_HOME,
        ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, withKey(v)]))
      },
      stderr: "pipe"
    })
  )
  try {
    return (await client.listTools()).tools
  } finally {
    await client.close()
  }
}

const expectedCount = (args: ReadonlyArray<string>, env: Record<string, string>) => {
  const toolsets = args.includes("--toolsets") ? args[args.indexOf("--toolsets") + 1] : undefined
  const readOnly = args.includes("--read-only") || env.HOGKIT_MCP_READ_ONLY === "1"
  // Counts from the tool table: dashboards 5, sharing 5, comments 10 (4 read-only); all 29 (12 read-only).
  if (toolsets === "dashboards,sharing") return readOnly ? 4 : 10
  if (toolsets === "comments") return readOnly ? 4 : 10
  return readOnly ? 12 : 29
}

describe("README client configurations", () => {
  it("has the JSON configs it promises (Claude Desktop, Cursor, VS Code stdio and HTTP)", () => {
    expect(servers.map(([, s]) => ("command" in s ? s.command : s.type))).toEqual([
      "npx",
      "npx",
      "npx",
      "http"
    ])
  })

  for (const [index, [name, server]] of servers.entries()) {
    if (!("command" in server)) continue
    it(`JSON config ${index + 1} (${name}, ${server.args.join(" ")}) starts and lists its tools`, async () => {
      const env = server.env ?? {}
      const tools = await listWith(server.args, env)
      expect(tools).toHaveLength(expectedCount(server.args, env))
    })
  }

  const claudeLines = blocks("sh")
    .flatMap((b) => b.split("\n"))
    .filter((l) => l.startsWith("claude mcp add "))
  it("has two `claude mcp add` lines", () => expect(claudeLines).toHaveLength(2))
  for (const line of claudeLines) {
    it(`${line.slice(0, 60)}… starts and lists its tools`, async () => {
      const [options, command] = line.split(" -- ") as [string, string]
      const env = Object.fromEntries(
        [...options.matchAll(/--env (\w+)=(\S+)/g)].map((m) => [m[1] as string, m[2] as string])
      )
      const [npx, ...args] = command.split(" ")
      expect(npx).toBe("npx")
      const tools = await listWith(args, env)
      expect(tools).toHaveLength(expectedCount(args, env))
    })
  }

  it("the HTTP config's headers reach a `hogkit-mcp --http` server", async () => {
    const http = servers.map(([, s]) => s).find((s): s is HttpServer => !("command" in s))
    expect(http?.url).toBe("http://127.0.0.1:8020/mcp")
    // Port 0 rather than the documented 8020, which another process may hold.
    const server: ChildProcess = spawn(process.execPath, [BIN, "--http", "--port", "0"], {
      env: { PATH: process.env.PATH ?? "", XDG_CONFIG_HOME: EMPTY_CONFIG_HOME },
      stdio: ["ignore", "ignore", "pipe"]
    })
    try {
      let stderr = ""
      const url = await new Promise<string>((resolve, reject) => {
        server.stderr?.on("data", (chunk: Buffer) => {
          stderr += chunk.toString()
          const match = /(http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)
          if (match?.[1]) resolve(match[1])
        })
        server.once("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)))
      })
      const headers = Object.fromEntries(Object.entries(http?.headers ?? {}).map(([k, v]) => [k, withKey(v)]))
      const client = new Client({ name: "readme-check", version: "0" })
      await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }))
      expect((await client.listTools()).tools).toHaveLength(29)
      await client.close()
    } finally {
      server.kill("SIGTERM")
    }
  })
})
