import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { API_KEY, BIN, outputs, tempDir, useEmulator } from "./helpers.js"

const h = useEmulator()

describe("--emulator", () => {
  it("persists what one command created for the next one", async () => {
    const dataHome = tempDir("emu-data")
    const env = { XDG_DATA_HOME: dataHome }
    const created = await h.run(
      ["--emulator", "dashboards", "create", "--name", "Persisted", "--format", "json"],
      {
        bare: true,
        env
      }
    )
    expect(created.code, created.stderr).toBe(0)
    const id = JSON.parse(created.stdout).id
    const listed = await h.run(["dashboards", "list", "--emulator", "--all", "--format", "json"], {
      bare: true,
      env
    })
    expect(listed.code, listed.stderr).toBe(0)
    const dashboards: Array<{ id: number; name: string }> = JSON.parse(listed.stdout)
    expect(dashboards.filter((d) => d.name === "Persisted").map((d) => d.id)).toEqual([id])
    // The first start seeded demo data once; it is still there, and not seeded twice.
    const names = dashboards.map((d) => d.name)
    expect(names.length).toBeGreaterThan(1)
    expect(new Set(names).size).toBe(names.length)
    expect(fs.existsSync(path.join(dataHome, "hogkit", "emulator"))).toBe(true)
    // Another data directory is another emulator.
    const other = await h.run(["--emulator", "dashboards", "list", "--format", "json"], {
      bare: true,
      env: { XDG_DATA_HOME: tempDir("emu-other") }
    })
    expect(JSON.parse(other.stdout).map((d: { name: string }) => d.name)).not.toContain("Persisted")
  }, 180_000)
})

describe("hogkit emulator", () => {
  it("serves in the foreground until interrupted, then exits 0", async () => {
    const key = "phx_foregroundEmulatorKey000000000000000000"
    const child = spawn("node", [BIN, "emulator", "--port", "0", "--api-key", key, "--seed", "demo"], {
      env: { PATH: process.env.PATH, XDG_CONFIG_HOME: h.configHome }
    })
    let stdout = ""
    let stderr = ""
    child.stderr.on("data", (d) => (stderr += d))
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        stdout += d
        const m = stdout.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)
        if (m) resolve(m[1]!)
      })
      child.on("close", () => reject(new Error(`exited early: ${stderr}`)))
    })
    const r = await h.run(["dashboards", "list", "--format", "json"], {
      env: { POSTHOG_HOST: url, POSTHOG_PERSONAL_API_KEY: key }
    })
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).length).toBeGreaterThan(0)
    const code = await new Promise<number | null>((resolve) => {
      child.on("close", resolve)
      child.kill("SIGINT")
    })
    expect(code).toBe(0)
    outputs.push(stderr)
  }, 120_000)
})

describe("hogkit completion", () => {
  for (const shell of ["bash", "zsh", "fish"]) {
    it(`prints a ${shell} script that completes resources, verbs and flags`, async () => {
      const r = await h.run(["completion", shell])
      expect(r.code).toBe(0)
      for (const word of [
        "dashboards",
        "templates",
        "comments",
        "sharing",
        "restore",
        "password",
        "--format",
        "--emulator",
        "--reply-to"
      ]) {
        expect(r.stdout).toContain(word.replace(/^--/, shell === "fish" ? "" : "--"))
      }
    })
  }

  it("produces a bash script bash accepts", async () => {
    const r = await h.run(["completion", "bash"])
    const file = path.join(tempDir("completion"), "hogkit.bash")
    fs.writeFileSync(file, r.stdout)
    const check = await new Promise<number | null>((resolve) => {
      spawn("bash", ["-n", file]).on("close", resolve)
    })
    expect(check).toBe(0)
  })
})

describe("the API key", () => {
  it("never appears in --debug output, errors or results", async () => {
    const runs = [
      await h.run(["dashboards", "list", "--debug"]),
      await h.run(["dashboards", "get", "999", "--debug"]),
      await h.run(["api", "GET", `dashboards/?personal_api_key=${API_KEY}`, "--debug"]),
      await h.run(["auth", "status", "--debug", "--format", "json"]),
      await h.run(["dashboards", "create", "--name", "k", "--debug", "--format", "json"], { tty: true }),
      await h.run(["dashboards", "list", "--api-key", API_KEY, "--debug"])
    ]
    const all = runs.map((r) => r.stdout + r.stderr).join("\n")
    expect(all).toContain("authorization: Bearer [redacted]")
    expect(all).toContain("personal_api_key=[redacted]")
    expect(all).not.toContain(API_KEY)
    expect(all).not.toContain(API_KEY.slice(4, 20))
  })
})
