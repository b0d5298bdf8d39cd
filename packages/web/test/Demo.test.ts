import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { ensureSharedEmulator, stopSharedEmulator } from "@hogkit/emulator/shared"
import { afterAll, describe, expect, it } from "vitest"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
let child: ChildProcess | undefined

// The demo uses the shared emulator of the data home it runs with: a private one here.
const dataHome = mkdtempSync(join(tmpdir(), "hogkit-demo-"))
const dataDir = join(dataHome, "hogkit", "emulator")

afterAll(async () => {
  child?.kill("SIGTERM")
  await stopSharedEmulator({ dataDir })
  rmSync(dataHome, { recursive: true, force: true })
})

const startDemo = () =>
  spawn(process.execPath, [join(root, "demo", "serve.mjs"), "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, XDG_DATA_HOME: dataHome }
  })

const demoUrl = (c: ChildProcess) =>
  new Promise<string>((resolve, reject) => {
    let out = ""
    c.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)
      if (m) resolve(m[0])
    })
    c.once("exit", (code) => reject(new Error(`demo exited with ${code}: ${out}`)))
  })

describe("the demo", () => {
  it("serves the four widgets through the proxy and prints its URL", async () => {
    child = startDemo()
    const url = await demoUrl(child)
    const html = await fetch(url).then((r) => r.text())
    for (const tag of [
      "hogkit-comments",
      "hogkit-dashboards",
      "hogkit-dashboard-templates",
      "hogkit-sharing"
    ]) {
      expect(html).toContain(`<${tag}`)
    }
    const bundle = await fetch(`${url}bundle/hogkit-web.js`)
    expect(bundle.status).toBe(200)
    const dashboards = await fetch(`${url}posthog/api/projects/@current/dashboards/?limit=1`).then(
      (r) => r.json() as Promise<{ count: number }>
    )
    expect(dashboards.count).toBeGreaterThan(0)
    const exited = new Promise<number | null>((resolve) => child!.once("exit", resolve))
    child.kill("SIGINT")
    expect(await exited).toBe(0)
    child = undefined
  }, 120_000)

  it("uses the shared emulator: it outlives the demo, and a second run reuses it and its data", async () => {
    const shared = await ensureSharedEmulator({ dataDir })
    expect(shared.started).toBe(false) // the first run's emulator, still serving
    const created = await fetch(`${shared.url}/api/projects/${shared.projectId}/dashboards/`, {
      method: "POST",
      headers: { Authorization: `Bearer ${shared.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Made with hogkit --emulator" })
    })
    expect(created.status).toBe(201)
    child = startDemo()
    const url = await demoUrl(child)
    const found = await fetch(
      `${url}posthog/api/projects/@current/dashboards/?search=${encodeURIComponent("Made with hogkit --emulator")}`
    ).then((r) => r.json() as Promise<{ count: number }>)
    expect(found.count).toBe(1)
    // One "Staging" project and one template there, however many times the demo ran.
    const projects = await fetch(`${shared.url}/_emulator/projects`, {
      headers: { "x-hogkit-emulator-token": shared.adminToken }
    }).then((r) => r.json() as Promise<{ results: Array<{ name: string }> }>)
    expect(projects.results.filter((p) => p.name === "Staging")).toHaveLength(1)
    const exited = new Promise<number | null>((resolve) => child!.once("exit", resolve))
    child.kill("SIGINT")
    expect(await exited).toBe(0)
    child = undefined
  }, 120_000)
})
