/**
 * What every system suite needs: an in-process emulator (so the suite can also watch this process's
 * `Object.prototype`), the built `hogkit` and `hogkit-mcp` run as users run them, and raw API access
 * to the emulator that bypasses every hogkit package (the judge must not share the code under test).
 */
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js"

const ROOT = fileURLToPath(new URL("../../", import.meta.url))
// Overridable so a run can use a snapshot of a build while its owner rebuilds the package in place.
export const CLI_BIN = process.env.HOGKIT_SYSTEM_CLI_BIN ?? path.join(ROOT, "packages/cli/dist/hogkit.js")
export const MCP_BIN = process.env.HOGKIT_SYSTEM_MCP_BIN ?? path.join(ROOT, "packages/mcp/dist/bin.js")

export const cliBuilt = () => fs.existsSync(CLI_BIN)
export const mcpBuilt = () => fs.existsSync(MCP_BIN)

/** A key no other package's tests use, so a leak found here is this suite's. */
export const SYSTEM_KEY = "phx_hogkitSystemTests_9f8e7d6c5b4a39281706f5e4d3c2b1a0ZYXWVU"

export const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `hogkit-sys-${prefix}-`))

export interface Target {
  /** Where clients send requests (the emulator or a proxy in front of it). */
  readonly url: string
  readonly apiKey: string
  readonly projectId: number
  /** The emulator's admin token, for `/_emulator/` requests (absent for a proxy). */
  readonly adminToken?: string
}

export interface CliResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs `node packages/cli/dist/hogkit.js …` with a private HOME and the target in the environment. */
export const runCli = (
  target: Target,
  args: ReadonlyArray<string>,
  options: {
    env?: Record<string, string | undefined>
    input?: string
    timeoutMs?: number
    /** A HOME that outlives the run (e.g. for `auth login`); a fresh one is made and removed otherwise. */
    home?: string
  } = {}
): Promise<CliResult> => {
  const home = options.home ?? tempDir("home")
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, ".config"),
    XDG_DATA_HOME: path.join(home, ".local/share"),
    LANG: "C.UTF-8",
    NO_COLOR: "1",
    POSTHOG_PERSONAL_API_KEY: target.apiKey,
    POSTHOG_HOST: target.url,
    POSTHOG_PROJECT_ID: String(target.projectId),
    ...options.env
  }
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { env: env as NodeJS.ProcessEnv })
    let stdout = ""
    let stderr = ""
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000)
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d
    })
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d
    })
    child.on("error", reject)
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      if (options.home === undefined) fs.rmSync(home, { recursive: true, force: true })
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr })
    })
    child.stdin.end(options.input ?? "")
  })
}

export interface Mcp {
  readonly client: Client
  /** Everything the server wrote to stderr so far. */
  stderr(): string
  call(name: string, args: Record<string, unknown>): Promise<CallToolResult>
  close(): Promise<void>
}

/** An MCP SDK client over stdio on a spawned `node packages/mcp/dist/bin.js`. */
export const startMcp = async (
  target: Target,
  args: ReadonlyArray<string> = [],
  env: Record<string, string> = {}
): Promise<Mcp> => {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MCP_BIN, ...args],
    env: {
      PATH: process.env.PATH ?? "",
      POSTHOG_PERSONAL_API_KEY: target.apiKey,
      POSTHOG_HOST: target.url,
      POSTHOG_PROJECT_ID: String(target.projectId),
      ...env
    },
    stderr: "pipe"
  })
  let stderr = ""
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const client = new Client({ name: "hogkit-system-tests", version: "0.0.0" })
  await client.connect(transport)
  return {
    client,
    stderr: () => stderr,
    call: async (name, args) =>
      (await client.callTool({ name, arguments: args }, undefined, { timeout: 180_000 })) as CallToolResult,
    close: () => client.close()
  }
}

/** The text of a tool result's first content block. */
export const resultText = (result: CallToolResult): string => {
  const first = result.content[0]
  return first !== undefined && first.type === "text" ? first.text : JSON.stringify(result.content)
}

/** Raw JSON API access to the emulator with the key, bypassing hogkit. */
export const rawApi = async (
  target: Target,
  method: string,
  pathOrUrl: string,
  body?: unknown
): Promise<{ status: number; json: any }> => {
  const url = pathOrUrl.startsWith("http")
    ? pathOrUrl
    : pathOrUrl.startsWith("/")
      ? `${target.url}${pathOrUrl}`
      : `${target.url}/api/projects/${target.projectId}/${pathOrUrl}`
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${target.apiKey}`,
      "content-type": "application/json",
      ...(target.adminToken === undefined ? {} : { "x-hogkit-emulator-token": target.adminToken })
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {})
  })
  const text = await res.text()
  return { status: res.status, json: text === "" ? undefined : JSON.parse(text) }
}

/** Every item of a list endpoint, following `next` with plain fetch. */
export const rawAll = async (target: Target, firstPath: string): Promise<any[]> => {
  const out: any[] = []
  let next: string | null = firstPath
  while (next !== null) {
    const page: { status: number; json: any } = await rawApi(target, "GET", next)
    if (page.status !== 200) throw new Error(`GET ${next} answered ${page.status}`)
    out.push(...page.json.results)
    next = page.json.next
  }
  return out
}

/** A stack trace line, as Node prints them. */
export const STACK_LINE = /^\s+at .+(\(|:\d+:\d+)/m
