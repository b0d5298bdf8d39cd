import { spawnSync } from "node:child_process"
import { accessSync, constants, copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js"
import { afterAll, describe, expect, it } from "vitest"
import { BIN, EMPTY_CONFIG_HOME, PACKAGE_DIR } from "./helpers.js"

const env = { PATH: process.env.PATH ?? "", XDG_CONFIG_HOME: EMPTY_CONFIG_HOME }

/** The command's files copied where no node_modules can be found, as in a package installed without its dependencies. */
const dirs: Array<string> = []
const isolated = () => {
  const dir = mkdtempSync(join(tmpdir(), "hogkit-mcp-alone-"))
  dirs.push(dir)
  for (const f of readdirSync(join(PACKAGE_DIR, "dist")).filter(
    (f) => f.endsWith(".cjs") || f === "bin.js"
  )) {
    copyFileSync(join(PACKAGE_DIR, "dist", f), join(dir, f))
  }
  return dir
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe("the published hogkit-mcp command", () => {
  it("is the executable file package.json's bin names", () => {
    expect(() => accessSync(BIN, constants.X_OK)).not.toThrow()
    const r = spawnSync(BIN, ["--version"], { env, encoding: "utf8" })
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
    expect(r.status).toBe(0)
  })

  it("needs none of the package's dependencies: lists its 29 tools from a directory with no node_modules", async () => {
    const dir = isolated()
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(dir, "hogkit-mcp.cjs")],
      cwd: dir,
      env: { ...env, POSTHOG_PERSONAL_API_KEY: "phx_not_used", POSTHOG_HOST: "http://127.0.0.1:9" },
      stderr: "pipe"
    })
    const client = new Client({ name: "package-test", version: "0" })
    await client.connect(transport)
    try {
      expect((await client.listTools()).tools).toHaveLength(29)
      // The first call loads the tools' schemas and the PostHog client from the bundle too.
      const bad = await client.callTool({ name: "dashboard-get", arguments: { id: "x" } })
      expect(bad.isError).toBe(true)
      expect(JSON.stringify(bad.content)).toMatch(/`id`/)
    } finally {
      await client.close()
    }
  })

  it("still answers at its former path, dist/bin.js", () => {
    const r = spawnSync(process.execPath, [join(isolated(), "bin.js"), "--tools", "no-such-tool"], {
      env,
      encoding: "utf8"
    })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/Unknown tool "no-such-tool"/)
  })
})
