import { spawnSync } from "node:child_process"
import { chmodSync, mkdirSync, mkdtempSync, renameSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Redacted from "effect/Redacted"
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
    expect(config).toMatchObject({ host: "https://eu.posthog.com", projectId: 12, http: undefined })
    expect(config.apiKey && Redacted.value(config.apiKey)).toBe("phx_env")
    // Redacted: the key never prints, not even when the whole configuration is logged.
    expect(JSON.stringify(config)).not.toContain("phx_env")
  })

  it("prefers POSTHOG_PERSONAL_API_KEY to POSTHOG_API_KEY, and flags to both", () => {
    const key = (c: { apiKey: Redacted.Redacted<string> | undefined }) => c.apiKey && Redacted.value(c.apiKey)
    expect(key(parseConfig([], { POSTHOG_PERSONAL_API_KEY: "phx_a", POSTHOG_API_KEY: "phx_b" }))).toBe(
      "phx_a"
    )
    const flagged = parseConfig(["--api-key", "phx_c", "--project", "3"], {
      POSTHOG_PERSONAL_API_KEY: "phx_a",
      POSTHOG_PROJECT_ID: "9"
    })
    expect(key(flagged)).toBe("phx_c")
    expect(flagged.projectId).toBe(3)
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
    expect(() => parseConfig(["--project", "abc"], {})).toThrow(
      /The project "abc" \(from --project\) is not valid/
    )
    expect(() => parseConfig([], { POSTHOG_PROJECT_ID: "-1" })).toThrow(/\(from POSTHOG_PROJECT_ID\)/)
    expect(() => parseConfig(["--http", "--port", "99999"], {})).toThrow(/--port 99999/)
    expect(() => parseConfig(["--port", "1"], {})).toThrow(/add --http/)
    expect(() => parseConfig(["--frobnicate"], {})).toThrow(ConfigError)
  })

  it("refuses plain http to another machine unless --allow-insecure-http, and a key pasted as the host", () => {
    expect(() => parseConfig(["--host", "http://posthog.lan"], {})).toThrow(
      /uses plain http:\/\/.*--allow-insecure-http/
    )
    expect(parseConfig(["--host", "http://posthog.lan", "--allow-insecure-http"], {})).toMatchObject({
      host: "http://posthog.lan",
      allowInsecureHttp: true
    })
    expect(parseConfig([], { POSTHOG_HOST: "http://127.0.0.1:8010" }).host).toBe("http://127.0.0.1:8010")
    const pasted = "phx_pastedIntoTheHostVariable123456"
    expect(() => parseConfig([], { POSTHOG_HOST: pasted })).toThrow(
      /\(from POSTHOG_HOST\) looks like an API key/
    )
    try {
      parseConfig([], { POSTHOG_HOST: pasted })
    } catch (error) {
      expect((error as Error).message).not.toContain(pasted)
    }
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
    const stored = withStoredProfile(parseConfig([], { XDG_CONFIG_HOME: home }), { XDG_CONFIG_HOME: home })
    expect(stored).toMatchObject({ host: "http://127.0.0.1:9", projectId: 5 })
    expect(stored.apiKey && Redacted.value(stored.apiKey)).toBe("phx_stored_secret")
    // Flags and environment still win.
    const env = { XDG_CONFIG_HOME: home, POSTHOG_PERSONAL_API_KEY: "phx_env", POSTHOG_HOST: "eu" }
    const flagged = withStoredProfile(parseConfig(["--project", "7"], env), env)
    expect(flagged).toMatchObject({ host: "https://eu.posthog.com", projectId: 7 })
    expect(flagged.apiKey && Redacted.value(flagged.apiKey)).toBe("phx_env")
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

  it("is refused when other users can write its directory, or when it is a symlink", () => {
    const home = withProfile(0o600, { api_key: "phx_stored_secret" })
    chmodSync(join(home, "hogkit"), 0o777)
    const run = () =>
      spawnSync(process.execPath, [BIN], {
        env: { PATH: process.env.PATH ?? "", XDG_CONFIG_HOME: home },
        encoding: "utf8",
        input: ""
      })
    const open = run()
    expect(open.status).toBe(2)
    expect(open.stderr).toMatch(/other users can write to .*hogkit \(mode 777\).*chmod 700/)
    chmodSync(join(home, "hogkit"), 0o700)
    const file = join(home, "hogkit", "config.json")
    renameSync(file, join(home, "elsewhere.json"))
    symlinkSync(join(home, "elsewhere.json"), file)
    const linked = run()
    expect(linked.status).toBe(2)
    expect(linked.stderr).toMatch(/is a symbolic link/)
    expect(linked.stderr).not.toContain("phx_stored_secret")
  })
})
