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
    const otherHome = tempDir("emu-other")
    const other = await h.run(["--emulator", "dashboards", "list", "--format", "json"], {
      bare: true,
      env: { XDG_DATA_HOME: otherHome }
    })
    expect(JSON.parse(other.stdout).map((d: { name: string }) => d.name)).not.toContain("Persisted")
    // Both background emulators stop on request; their data stays.
    for (const home of [dataHome, otherHome]) {
      const stopped = await h.run(["emulator", "stop"], { bare: true, env: { XDG_DATA_HOME: home } })
      expect(stopped.code, stopped.stderr).toBe(0)
      expect(stopped.stdout).toMatch(/^Stopped the emulator at http:\/\/127\.0\.0\.1:\d+ \(pid \d+\)/)
    }
  }, 180_000)

  it("runs in the background between commands: status shows it, stop stops it", async () => {
    const env = { XDG_DATA_HOME: tempDir("emu-status") }
    const dir = path.join(env.XDG_DATA_HOME, "hogkit", "emulator")
    const none = await h.run(["emulator", "status"], { bare: true, env })
    expect(none.stdout).toContain(`No emulator is running for ${dir}`)
    const listed = await h.run(["--emulator", "dashboards", "list", "--format", "json"], { bare: true, env })
    expect(listed.code, listed.stderr).toBe(0)
    // Scripts (no terminal) get a clean stderr.
    expect(listed.stderr).toBe("")
    const status = await h.run(["emulator", "status"], { bare: true, env })
    expect(status.code, status.stderr).toBe(0)
    expect(status.stdout).toMatch(/^Running at http:\/\/127\.0\.0\.1:\d+ \(pid \d+, background, version /)
    expect(status.stdout).toContain(`Data in ${dir}`)
    expect(status.stdout).toMatch(/Since \d{4}-\d{2}-\d{2}T.*; stops after 15 min without a request/)
    expect(status.stdout).not.toMatch(/phx_/)
    const pid = Number(/pid (\d+)/.exec(status.stdout)![1])
    const stopped = await h.run(["emulator", "stop"], { bare: true, env })
    expect(stopped.stdout).toContain(`(pid ${pid}); its data stays in ${dir}`)
    expect(() => process.kill(pid, 0)).toThrow()
    expect((await h.run(["emulator", "status"], { bare: true, env })).stdout).toContain(
      "No emulator is running"
    )
  }, 180_000)

  it("commands started together share one emulator: one starts it, the others wait and say so on a terminal", async () => {
    const env = { XDG_DATA_HOME: tempDir("emu-race") }
    const runs = await Promise.all(
      Array.from({ length: 4 }, () =>
        h.run(["--emulator", "dashboards", "list", "--format", "json"], { bare: true, env, tty: true })
      )
    )
    for (const r of runs) expect(r.code, r.stdout).toBe(0)
    const said = runs.map((r) => r.stdout).join("\n")
    expect(said.match(/Starting the local emulator in the background/g)).toHaveLength(1)
    expect(said).toContain("Waiting for another hogkit command that is starting the local emulator")
    const status = await h.run(["emulator", "status"], { bare: true, env })
    expect(status.stdout).toContain("background")
    await h.run(["emulator", "stop"], { bare: true, env })
  }, 180_000)

  it("the link `sharing enable` prints opens", async () => {
    const env = { XDG_DATA_HOME: tempDir("emu-share") }
    try {
      const created = await h.run(
        ["--emulator", "dashboards", "create", "--name", "Shared from the CLI", "--format", "json"],
        {
          bare: true,
          env
        }
      )
      expect(created.code, created.stderr).toBe(0)
      const id = JSON.parse(created.stdout).id
      const enabled = await h.run(["--emulator", "sharing", "enable", String(id)], { bare: true, env })
      expect(enabled.code, enabled.stderr).toBe(0)
      const link = enabled.stdout.trim()
      expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/shared\/[A-Za-z0-9_-]+$/)
      const page = await fetch(link)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain("<h1>Shared from the CLI</h1>")
      await h.run(["--emulator", "sharing", "disable", String(id), "--yes"], { bare: true, env })
      expect((await fetch(link)).status).toBe(404)
    } finally {
      await h.run(["emulator", "stop"], { bare: true, env })
    }
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

describe("hogkit emulator --shared", () => {
  it("serves the data --emulator uses, and --emulator commands use it instead of starting their own", async () => {
    const env = { XDG_DATA_HOME: tempDir("emu-fg") }
    const child = spawn("node", [BIN, "emulator", "--shared", "--port", "0"], {
      env: { PATH: process.env.PATH, XDG_CONFIG_HOME: h.configHome, ...env }
    })
    let stdout = ""
    let stderr = ""
    child.stderr.on("data", (d) => (stderr += d))
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        stdout += d
        if (stdout.includes("\n")) resolve(stdout)
      })
      child.on("close", () => reject(new Error(`exited early: ${stderr}`)))
    })
    try {
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)![1]!
      const key = /API key (phx_\w+)/.exec(line)![1]!
      expect(line).toMatch(/admin token [A-Za-z0-9_-]{32,}/)
      const created = await h.run(
        ["--emulator", "dashboards", "create", "--name", "Into the foreground", "--format", "json"],
        {
          bare: true,
          env
        }
      )
      expect(created.code, created.stderr).toBe(0)
      const status = await h.run(["emulator", "status"], { bare: true, env })
      expect(status.stdout).toContain(`Running at ${url} (pid ${child.pid}, foreground`)
      const direct = await fetch(`${url}/api/projects/1/dashboards/${JSON.parse(created.stdout).id}/`, {
        headers: { Authorization: `Bearer ${key}` }
      })
      expect(((await direct.json()) as { name: string }).name).toBe("Into the foreground")
    } finally {
      const code = await new Promise<number | null>((resolve) => {
        child.on("close", resolve)
        child.kill("SIGINT")
      })
      expect(code).toBe(0)
    }
    outputs.push(stderr)
  }, 180_000)
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
