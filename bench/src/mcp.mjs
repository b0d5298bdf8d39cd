// MCP rows: the built `hogkit-mcp` (the file packages/mcp/package.json's `bin` names, which npm runs) over
// stdio, driven by the SDK's own client, against a minimal one-tool SDK server
// (bench/lib/mcp-minimal-server.mjs) talking to the same emulator.
// Each round spawns both servers in turn:
// - spawn to the first `tools/list` answer (process start, module loading, initialize handshake, listing);
// - `dashboard-get` latency: the median of CALLS sequential calls on the warm server.
// The size of hogkit's tools/list answer (the JSON the client receives) is reported too.
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js"
import {
  benchDir,
  benchmarkMain,
  interleave,
  log,
  measure,
  median,
  repoDir,
  row,
  startEmulatorProcess,
  summary
} from "../lib/harness.mjs"

const ROUNDS = 5
const CALLS = 25
const mcpDir = join(repoDir, "packages", "mcp")
const hogkitMcp = join(
  mcpDir,
  JSON.parse(readFileSync(join(mcpDir, "package.json"), "utf8")).bin["hogkit-mcp"]
)
const minimal = join(benchDir, "lib", "mcp-minimal-server.mjs")

const session = async (script, env, dashboardId) => {
  const t0 = performance.now()
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [script],
    env,
    stderr: "pipe"
  })
  const client = new Client({ name: "hogkit-bench", version: "0.0.0" })
  try {
    await client.connect(transport)
    const listing = await client.listTools()
    const startMs = performance.now() - t0
    if (!listing.tools.some((t) => t.name === "dashboard-get"))
      throw new Error(`${script} offers no dashboard-get`)
    const listBytes = Buffer.byteLength(JSON.stringify(listing))
    const calls = []
    for (let i = 0; i < CALLS + 2; i++) {
      const t = performance.now()
      const result = await client.callTool({ name: "dashboard-get", arguments: { id: dashboardId } })
      if (result.isError)
        throw new Error(`dashboard-get failed: ${JSON.stringify(result.content).slice(0, 200)}`)
      if (!JSON.stringify(result.content).includes("Activation"))
        throw new Error("dashboard-get answered another dashboard")
      if (i >= 2) calls.push(performance.now() - t)
    }
    return { value: startMs, callMs: median(calls), listBytes, tools: listing.tools.length }
  } finally {
    await client.close()
  }
}

const main = async () => {
  if (!existsSync(hogkitMcp)) throw new Error(`${hogkitMcp} is missing: run pnpm --filter @hogkit/mcp build`)
  const emu = await startEmulatorProcess({ seed: "demo" })
  try {
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      POSTHOG_PERSONAL_API_KEY: emu.apiKey,
      POSTHOG_HOST: emu.url,
      POSTHOG_PROJECT_ID: String(emu.projectId)
    }
    const page = await (
      await fetch(`${emu.url}/api/projects/${emu.projectId}/dashboards/?search=Activation%20cohorts`, {
        headers: { Authorization: `Bearer ${emu.apiKey}` }
      })
    ).json()
    const dashboardId = page.results?.[0]?.id
    if (typeof dashboardId !== "number") throw new Error("demo data has no 'Activation cohorts' dashboard")

    const r = await interleave({
      rounds: ROUNDS,
      warmup: 1,
      budgetMs: 40_000,
      minRounds: 3,
      a: () => session(hogkitMcp, env, dashboardId),
      b: () => session(minimal, env, dashboardId),
      onRound: (i, a, b) =>
        log(`round ${i + 1}: spawn→tools/list hogkit-mcp ${a.toFixed(0)} ms, minimal ${b.toFixed(0)} ms`)
    })
    const callA = r.extraA.map((x) => x.callMs)
    const callB = r.extraB.map((x) => x.callMs)
    const bytesA = r.extraA[0].listBytes
    const bytesB = r.extraB[0].listBytes
    return [
      row({
        id: "mcp-start",
        group: "mcp",
        name: "MCP: spawn to first tools/list (stdio)",
        hogkit: measure(r.a, "ms", 0),
        baseline: measure(r.b, "ms", 0),
        baselineLabel: "minimal one-tool SDK server",
        ratio: r.ratios,
        goal: { cmp: "<=", value: 1.5 }
      }),
      row({
        id: "mcp-call",
        group: "mcp",
        name: `MCP: dashboard-get call latency (median of ${CALLS})`,
        hogkit: measure(callA, "ms", 2),
        baseline: measure(callB, "ms", 2),
        baselineLabel: "minimal one-tool SDK server, raw fetch",
        ratio: callA.map((a, i) => a / callB[i]),
        goal: { cmp: "<=", value: 1.5 }
      }),
      row({
        id: "mcp-tools-list-size",
        group: "mcp",
        name: `MCP: tools/list answer size (${r.extraA[0].tools} tools)`,
        hogkit: { ...summary([bytesA]), unit: "bytes", text: `${bytesA.toLocaleString("en")} bytes` },
        baseline: { ...summary([bytesB]), unit: "bytes", text: `${bytesB.toLocaleString("en")} bytes` },
        baselineLabel: "minimal server's one tool",
        ratio: [bytesA / bytesB],
        goal: null,
        note: `${(bytesA / 1024).toFixed(1)} KB for ${r.extraA[0].tools} tools, about ${Math.round(bytesA / r.extraA[0].tools)} bytes per tool`
      })
    ]
  } finally {
    await emu.stop()
  }
}

await benchmarkMain(
  {
    name: "mcp",
    rows: [
      {
        id: "mcp-start",
        group: "mcp",
        name: "MCP: spawn to first tools/list",
        goal: { cmp: "<=", value: 1.5 }
      },
      {
        id: "mcp-call",
        group: "mcp",
        name: "MCP: dashboard-get call latency",
        goal: { cmp: "<=", value: 1.5 }
      },
      { id: "mcp-tools-list-size", group: "mcp", name: "MCP: tools/list answer size" }
    ]
  },
  main
)
