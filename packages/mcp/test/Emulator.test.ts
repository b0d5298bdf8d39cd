/**
 * `hogkit-mcp --emulator`: agents can be tried offline, on the shared local emulator — the same data
 * `hogkit --emulator` shows, started in the background by whichever tool comes first.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ensureSharedEmulator, stopSharedEmulator } from "@hogkit/emulator/shared"
import { afterAll, describe, expect, it } from "vitest"
import { BIN, EMPTY_CONFIG_HOME, json, stdioClient } from "./helpers.js"

const dataHome = mkdtempSync(join(tmpdir(), "hogkit-mcp-emu-"))
const dataDir = join(dataHome, "hogkit", "emulator")
afterAll(async () => {
  await stopSharedEmulator({ dataDir })
  rmSync(dataHome, { recursive: true, force: true })
})

describe("hogkit-mcp --emulator", () => {
  it("starts the shared emulator when none runs and serves its demo data, no key needed", async () => {
    const mcp = await stdioClient({ XDG_DATA_HOME: dataHome }, ["--emulator", "--toolsets", "dashboards"])
    try {
      const listed = json(await mcp.client.callTool({ name: "dashboards-get-all", arguments: {} }))
      expect(listed.results.length).toBeGreaterThan(0)
      expect(mcp.stderr()).toContain("starting the local emulator in the background")
      expect(mcp.stderr()).not.toMatch(/phx_/)
    } finally {
      await mcp.close()
    }
  })

  it("reuses the running emulator: what another tool wrote there is what the agent sees", async () => {
    const shared = await ensureSharedEmulator({ dataDir })
    expect(shared.started).toBe(false) // the first test's emulator, still running
    const created = await fetch(`${shared.url}/api/projects/${shared.projectId}/dashboards/`, {
      method: "POST",
      headers: { Authorization: `Bearer ${shared.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Written by the CLI" })
    })
    expect(created.status).toBe(201)
    const mcp = await stdioClient({ XDG_DATA_HOME: dataHome, HOGKIT_MCP_EMULATOR: "1" }, [
      "--toolsets",
      "dashboards"
    ])
    try {
      const listed = json(
        await mcp.client.callTool({ name: "dashboards-get-all", arguments: { search: "Written by the CLI" } })
      )
      expect(listed.results.map((d: { name: string }) => d.name)).toEqual(["Written by the CLI"])
      expect(mcp.stderr()).not.toContain("starting the local emulator")
    } finally {
      await mcp.close()
    }
  })

  it("refuses --emulator with --host or --api-key, saying why", () => {
    const r = spawnSync(process.execPath, [BIN, "--emulator", "--host", "us"], {
      env: { PATH: process.env.PATH, XDG_CONFIG_HOME: EMPTY_CONFIG_HOME, XDG_DATA_HOME: dataHome },
      encoding: "utf8"
    })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain("--emulator brings its own host and key")
  })
})
