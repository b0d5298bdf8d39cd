import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js"
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js"

/** An empty config directory, so no stored `hogkit auth login` profile on this machine leaks into a test. */
export const EMPTY_CONFIG_HOME = mkdtempSync(join(tmpdir(), "hogkit-mcp-noconfig-"))

export const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..")
/** The `hogkit-mcp` command as npm installs it: package.json's `bin`. */
export const BIN = join(
  PACKAGE_DIR,
  JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")).bin["hogkit-mcp"]
)

export interface Emu {
  readonly url: string
  readonly apiKey: string
  readonly projectId: number
}

/** A call to the emulator's PostHog API (or admin API) with a key, returning status and JSON. */
export const api = async (
  emu: { readonly url: string; readonly adminToken?: string },
  method: string,
  path: string,
  body?: unknown,
  key?: string
): Promise<{ status: number; json: any }> => {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      // The admin API wants the emulator's token; the API ignores it.
      ...(emu.adminToken !== undefined && path.startsWith("/_emulator/")
        ? { "x-hogkit-emulator-token": emu.adminToken }
        : {}),
      ...(key !== undefined ? { authorization: `Bearer ${key}` } : {})
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {})
  })
  const text = await res.text()
  return { status: res.status, json: text === "" ? undefined : JSON.parse(text) }
}

/** An SDK client on a spawned `node dist/bin.js`, with everything it wrote to stderr. */
export const stdioClient = async (env: Record<string, string>, args: ReadonlyArray<string> = []) => {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, ...args],
    env: { PATH: process.env.PATH ?? "", XDG_CONFIG_HOME: EMPTY_CONFIG_HOME, ...env },
    stderr: "pipe"
  })
  let stderr = ""
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const client = new Client({ name: "hogkit-mcp-test", version: "0.0.0" })
  await client.connect(transport)
  return { client, stderr: () => stderr, close: () => client.close() }
}

/** The JSON inside a successful tool result; fails the test with the message otherwise. */
export const json = (result: unknown): any => {
  const r = result as CallToolResult
  const text = (r.content[0] as { text: string }).text
  if (r.isError) throw new Error(`tool failed: ${text}`)
  return JSON.parse(text)
}

export const errorText = (result: unknown): string => {
  const r = result as CallToolResult
  if (!r.isError) throw new Error(`expected an error, got ${JSON.stringify(r.content)}`)
  return (r.content[0] as { text: string }).text
}

export const TILE = {
  name: "Pageviews",
  type: "INSIGHT",
  query: { kind: "TrendsQuery", series: [{ event: "$pageview" }] }
}
