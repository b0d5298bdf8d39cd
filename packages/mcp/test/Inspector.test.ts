import { execFile } from "node:child_process"
import { join } from "node:path"
import { promisify } from "node:util"
import { type Emulator, startEmulator } from "@hogkit/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { api, BIN, PACKAGE_DIR } from "./helpers.js"

const run = promisify(execFile)
const INSPECTOR = join(PACKAGE_DIR, "node_modules/.bin/mcp-inspector")

let emu: Emulator
beforeAll(async () => {
  emu = await startEmulator({ port: 0 })
})
afterAll(() => emu?.close())

// The inspector does not pass its environment to a stdio server: configuration goes in with -e.
const inspect = (...args: ReadonlyArray<string>) =>
  run(
    INSPECTOR,
    [
      "--cli",
      process.execPath,
      BIN,
      "-e",
      `POSTHOG_PERSONAL_API_KEY=${emu.apiKey}`,
      "-e",
      `POSTHOG_HOST=${emu.url}`,
      "-e",
      `POSTHOG_PROJECT_ID=${emu.projectId}`,
      ...args
    ],
    { encoding: "utf8", timeout: 60_000 }
  )

describe("the official MCP inspector (2.12.0, --cli)", () => {
  it("lists the 29 tools of the built server", async () => {
    const { stdout } = await inspect("--method", "tools/list")
    const { tools } = JSON.parse(stdout)
    expect(tools).toHaveLength(29)
    expect(tools.find((t: { name: string }) => t.name === "dashboard-get").annotations).toMatchObject({
      readOnlyHint: true
    })
  })

  it("calls a tool that writes to the emulator", async () => {
    const { stdout } = await inspect(
      "--method",
      "tools/call",
      "--tool-name",
      "dashboard-create",
      "--tool-arg",
      "name=From the inspector"
    )
    const result = JSON.parse(stdout)
    expect(result.isError).toBeFalsy()
    const created = JSON.parse(result.content[0].text)
    expect(created.name).toBe("From the inspector")
    const stored = await api(
      emu,
      "GET",
      `/api/projects/${emu.projectId}/dashboards/${created.id}/`,
      undefined,
      emu.apiKey
    )
    expect(stored.json.name).toBe("From the inspector")
    expect(stdout).not.toContain(emu.apiKey)
  })
})
