import { spawnSync } from "node:child_process"
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { ConfigError, parseConfig, withStoredProfile } from "../src/index.js"
import { BIN, EMPTY_CONFIG_HOME } from "./helpers.js"

describe("configuration", () => {
  it("reads the key, host and project from the environment", () => {
    const config = parseConfig([], {
      POSTHOG_API_KEY: "phx_env",
      POSTHOG_HOST: "eu",
      POSTHOG_PROJECT_ID: "12"
    })
    expect(config).toMatchObject({ apiKey: "phx_env", host: "eu", projectId: 12, http: undefined })
  })

  it("prefers POSTHOG_PERSONAL_API_KEY to POSTHOG_API_KEY, and flags to both", () => {
    expect(parseConfig([], { POSTHOG_PERSONAL_API_KEY: "phx_a", POSTHOG_API_KEY: "phx_b" }).apiKey).toBe(
      "phx_a"
    )
    expect(
      parseConfig(["--api-key", "phx_c", "--project", "3"], {
        POSTHOG_PERSONAL_API_KEY: "phx_a",
        POSTHOG_PROJECT_ID: "9"
      })
    ).toMatchObject({
      apiKey: "phx_c",
      projectId: 3
    })
  })

  it("takes the selection from flags, else from HOGKIT_MCP_* variables", () => {
    const fromEnv = parseConfig([], {
      HOGKIT_MCP_TOOLSETS: "comments, sharing",
      HOGKIT_MCP_TOOLS: "dashboard-get",
      HOGKIT_MCP_READ_ONLY: "1"
    })
    expect(fromEnv.selection).toEqual({
      toolsets: ["comments", "sharing"],
      tools: ["dashboard-get"],
      readOnly: true
    })
    const fromFlags = parseConfig(["--toolsets", "dashboards", "--read-only"], {
      HOGKIT_MCP_TOOLSETS: "comments"
    })
    expect(fromFlags.selection).toEqual({ toolsets: ["dashboards"], tools: undefined, readOnly: true })
    expect(parseConfig([], { HOGKIT_MCP_READ_ONLY: "0" }).selection.readOnly).toBe(false)
  })

  it("serves HTTP on 127.0.0.1:8020 unless told otherwise", () => {
    expect(parseConfig(["--http"], {}).http).toEqual({ port: 8020, bind: "127.0.0.1" })
    expect(parseConfig(["--http", "--port", "0", "--bind", "::1"], {}).http).toEqual({ port: 0, bind: "::1" })
  })

  it("rejects bad values with a sentence naming the flag", () => {
    expect(() => parseConfig(["--project", "abc"], {})).toThrow(/--project or POSTHOG_PROJECT_ID/)
    expect(() => parseConfig(["--http", "--port", "99999"], {})).toThrow(/--port 99999/)
    expect(() => parseConfig(["--port", "1"], {})).toThrow(/add --http/)
    expect(() => parseConfig(["--frobnicate"], {})).toThrow(ConfigError)
  })
})

describe("the hogkit-mcp command", () => {
  const run = (args: ReadonlyArray<string>, env: Record<string, string>) =>
    spawnSync(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? "", XDG_CONFIG_HOME: EMPTY_CONFIG_HOME, ...env },
      encoding: "utf8",
      input: ""
    })

  it("fails at startup without a key, naming the variable to set, with no stack trace", () => {
    const r = run([], {})
    expect(r.status).toBe(2)
    expect(r.stdout).toBe("")
    expect(r.stderr).toMatch(/POSTHOG_PERSONAL_API_KEY/)
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/)
    expect(r.stderr.trim().split("\n")).toHaveLength(1)
  })

  it("fails at startup on an unknown toolset or flag, without echoing the key", () => {
    const r = run(["--toolsets", "insights", "--api-key", "phx_secret_value"], {})
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/Unknown toolset "insights"/)
    expect(r.stderr).not.toContain("phx_secret_value")
    const bad = run(["--nope"], { POSTHOG_PERSONAL_API_KEY: "phx_secret_value" })
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/--nope/)
    expect(bad.stderr).not.toContain("phx_secret_value")
  })

  it("prints its usage with --help", () => {
    const r = run(["--help"], {})
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/--toolsets/)
    expect(r.stdout).toMatch(/HOGKIT_MCP_READ_ONLY/)
  })
})

describe("the profile stored by `hogkit auth login`", () => {
  const withProfile = (mode: number, profile: Record<string, string>) => {
    const home = mkdtempSync(join(tmpdir(), "hogkit-mcp-profile-"))
    mkdirSync(join(home, "hogkit"), { mode: 0o700 })
    const file = join(home, "hogkit", "config.json")
    writeFileSync(file, JSON.stringify({ profiles: { default: profile } }), { mode })
    chmodSync(file, mode)
    return home
  }

  it("is used when neither flags nor environment give a key, and never printed", () => {
    const home = withProfile(0o600, {
      api_key: "phx_stored_secret",
      host: "http://127.0.0.1:9",
      project: "5"
    })
    expect(
      withStoredProfile(parseConfig([], { XDG_CONFIG_HOME: home }), { XDG_CONFIG_HOME: home })
    ).toMatchObject({
      apiKey: "phx_stored_secret",
      host: "http://127.0.0.1:9",
      projectId: 5
    })
    // Flags and environment still win.
    const env = { XDG_CONFIG_HOME: home, POSTHOG_PERSONAL_API_KEY: "phx_env", POSTHOG_HOST: "eu" }
    expect(withStoredProfile(parseConfig(["--project", "7"], env), env)).toMatchObject({
      apiKey: "phx_env",
      host: "eu",
      projectId: 7
    })
  })

  it("is refused when other users can read it", () => {
    const home = withProfile(0o644, { api_key: "phx_stored_secret" })
    const r = spawnSync(process.execPath, [BIN], {
      env: { PATH: process.env.PATH ?? "", XDG_CONFIG_HOME: home },
      encoding: "utf8",
      input: ""
    })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/chmod 600/)
    expect(r.stderr).not.toContain("phx_stored_secret")
  })
})
