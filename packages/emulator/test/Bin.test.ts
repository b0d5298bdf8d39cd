/** The `hogkit-emulator` bin: one line with URL and key, serves until SIGINT/SIGTERM, then exits 0. */
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("..", import.meta.url))
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url))

beforeAll(() => {
  // The bin is the built artefact; build it when a fresh checkout has no dist yet.
  if (!existsSync(bin))
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" })
})

const start = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  new Promise<{ child: ChildProcess; line: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    let err = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      const nl = out.indexOf("\n")
      if (nl !== -1) resolve({ child, line: out.slice(0, nl) })
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString()
    })
    child.on("exit", (code) => reject(new Error(`exited ${code} before printing: ${err}`)))
  })

const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))

describe("hogkit-emulator bin", () => {
  it("prints one line with the URL and the default key, serves, and exits 0 on SIGTERM", async () => {
    const { child, line } = await start(["--port", "0"])
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)?.[0]
    const key = /phx_[0-9A-Za-z]+/.exec(line)?.[0]
    expect(url).toBeDefined()
    expect(key).toBeDefined()
    const res = await fetch(`${url}/api/projects/1/dashboards/`, {
      headers: { Authorization: `Bearer ${key}` }
    })
    expect(res.status).toBe(200)
    const exited = exitCode(child)
    child.kill("SIGTERM")
    expect(await exited).toBe(0)
  })

  it("--api-key, --seed demo and SIGINT", async () => {
    const { child, line } = await start(["--port", "0", "--api-key", "phx_from_flag", "--seed", "demo"])
    expect(line).toContain("phx_from_flag")
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)?.[0]
    const res = await fetch(`${url}/api/projects/1/dashboards/?limit=5`, {
      headers: { Authorization: "Bearer phx_from_flag" }
    })
    const body = (await res.json()) as { count: number; next: string | null }
    expect(body.count).toBeGreaterThan(20)
    expect(body.next).not.toBeNull()
    const exited = exitCode(child)
    child.kill("SIGINT")
    expect(await exited).toBe(0)
  })

  it("HOGKIT_EMULATOR_API_KEY sets the default key", async () => {
    const { child, line } = await start(["--port", "0"], { HOGKIT_EMULATOR_API_KEY: "phx_from_env" })
    expect(line).toContain("phx_from_env")
    const exited = exitCode(child)
    child.kill("SIGTERM")
    expect(await exited).toBe(0)
  })

  it("a bad flag exits 2 with a message and the usage", async () => {
    const child = spawn(process.execPath, [bin, "--seed", "lots"], { stdio: ["ignore", "pipe", "pipe"] })
    let err = ""
    child.stderr?.on("data", (c: Buffer) => {
      err += c.toString()
    })
    expect(await exitCode(child)).toBe(2)
    expect(err).toContain('--seed must be "empty" or "demo"')
    expect(err).toContain("Usage: hogkit-emulator")
  })

  it("an unreachable --database-url exits 2 saying where it could not connect, without the password", async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const url = "postgres://hogkit:s3cret-pass@127.0.0.1:1/hogkit"
    const child = spawn(process.execPath, [bin, "--port", "0", "--database-url", url], {
      stdio: ["ignore", "pipe", "pipe"]
    })
    let err = ""
    child.stderr?.on("data", (c: Buffer) => {
      err += c.toString()
    })
    expect(await exitCode(child)).toBe(2)
    expect(err).toContain("could not connect to PostgreSQL at postgres://hogkit:***@127.0.0.1:1/hogkit")
    expect(err).not.toContain("s3cret-pass")
    expect(err).not.toMatch(/\n\s+at /)
  })

  it("--data-dir and --database-url together exit 2 asking for one", async () => {
    const child = spawn(
      process.execPath,
      [bin, "--port", "0", "--data-dir", "/tmp/unused", "--database-url", "postgres://127.0.0.1:1/x"],
      { stdio: ["ignore", "pipe", "pipe"] }
    )
    let err = ""
    child.stderr?.on("data", (c: Buffer) => {
      err += c.toString()
    })
    expect(await exitCode(child)).toBe(2)
    expect(err).toContain("a data directory (PGlite) or a database URL (PostgreSQL), not both")
  })
})
