// MCP listing budget: the bytes of the built `hogkit-mcp`'s tools/list answer (as the SDK client receives
// it) against the 20,000-byte budget issue 18 sets. Clients put the whole listing into every
// conversation, so it is a cost paid on every turn; the ratio is the share of the budget used.
// Deterministic (one spawn is enough), and quick, so it runs on its own: `node run.mjs mcp-listing`.
// The resources and prompts listings are reported alongside: clients read them once, on demand.
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js"
import { benchmarkMain, repoDir, row, startEmulatorProcess, summary } from "../lib/harness.mjs"

const BUDGET = 20_000
const mcpDir = join(repoDir, "packages", "mcp")
const hogkitMcp = join(
  mcpDir,
  JSON.parse(readFileSync(join(mcpDir, "package.json"), "utf8")).bin["hogkit-mcp"]
)
const bytes = (value) => Buffer.byteLength(JSON.stringify(value))

const main = async () => {
  if (!existsSync(hogkitMcp)) throw new Error(`${hogkitMcp} is missing: run pnpm --filter @hogkit/mcp build`)
  const emu = await startEmulatorProcess()
  const client = new Client({ name: "hogkit-bench", version: "0.0.0" })
  try {
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [hogkitMcp],
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "/tmp",
          POSTHOG_PERSONAL_API_KEY: emu.apiKey,
          POSTHOG_HOST: emu.url,
          POSTHOG_PROJECT_ID: String(emu.projectId)
        },
        stderr: "pipe"
      })
    )
    const tools = await client.listTools()
    const listBytes = bytes(tools)
    const others =
      bytes(await client.listResources()) +
      bytes(await client.listResourceTemplates()) +
      bytes(await client.listPrompts())
    return [
      row({
        id: "mcp-tools-list-budget",
        group: "mcp",
        name: `MCP: tools/list bytes within budget (${tools.tools.length} tools)`,
        hogkit: { ...summary([listBytes]), unit: "bytes", text: `${listBytes.toLocaleString("en")} bytes` },
        baseline: { ...summary([BUDGET]), unit: "bytes", text: `${BUDGET.toLocaleString("en")} bytes` },
        baselineLabel: "the 20 KB budget",
        ratio: [listBytes / BUDGET],
        goal: { cmp: "<=", value: 1 },
        note: `resources/list, resources/templates/list and prompts/list add ${others.toLocaleString("en")} bytes, read on demand`
      })
    ]
  } finally {
    await client.close()
    await emu.stop()
  }
}

await benchmarkMain(
  {
    name: "mcp-listing",
    rows: [
      {
        id: "mcp-tools-list-budget",
        group: "mcp",
        name: "MCP: tools/list bytes within budget",
        goal: { cmp: "<=", value: 1 }
      }
    ]
  },
  main
)
