/**
 * In-memory starts load a saved empty database instead of running initdb; the snapshot must never
 * hold the boot state (the API key), and a bad one must not stop a start.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { startEmulator } from "../src/index.js"

let dir: string
const previous = process.env.HOGKIT_EMULATOR_CACHE_DIR

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "hogkit-snapshot-"))
  process.env.HOGKIT_EMULATOR_CACHE_DIR = dir
})

afterEach(() => {
  if (previous === undefined) delete process.env.HOGKIT_EMULATOR_CACHE_DIR
  else process.env.HOGKIT_EMULATOR_CACHE_DIR = previous
  rmSync(dir, { recursive: true, force: true })
})

const snapshots = () => readdirSync(dir).filter((f) => f.endsWith(".tar"))

/** Starts an emulator, checks it serves its boot state and a write, and stops it. */
const startAndUse = async (apiKey: string) => {
  const emu = await startEmulator({ port: 0, apiKey })
  try {
    const headers = { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" }
    const api = `${emu.url}/api/projects/${emu.projectId}/dashboards/`
    const created = await fetch(api, { method: "POST", headers, body: JSON.stringify({ name: "Works" }) })
    expect(created.status).toBe(201)
    const list = await (await fetch(api, { headers })).json()
    expect(list.results.map((d: { name: string }) => d.name)).toEqual(["Works"])
  } finally {
    await emu.close()
  }
}

describe("empty database snapshot", () => {
  it("the first start saves one without the boot state; later starts load it and work", async () => {
    const key = "phx_snapshot_secret_key_1234567890"
    await startAndUse(key)
    const files = snapshots()
    expect(files).toHaveLength(1)
    const bytes = readFileSync(join(dir, files[0]!))
    expect(bytes.includes(key)).toBe(false)
    expect(bytes.includes("user@example.com")).toBe(false)
    await startAndUse("phx_another_key_for_the_second_start_0")
    expect(snapshots()).toEqual(files)
  })

  it("a damaged snapshot is replaced and the start still works", async () => {
    await startAndUse("phx_first_start_key_000000000000000000")
    const file = join(dir, snapshots()[0]!)
    writeFileSync(file, "not a tar file")
    await startAndUse("phx_second_start_key_00000000000000000")
    expect(readFileSync(file).length).toBeGreaterThan(1000)
  })

  it("an empty HOGKIT_EMULATOR_CACHE_DIR saves nothing", async () => {
    process.env.HOGKIT_EMULATOR_CACHE_DIR = ""
    await startAndUse("phx_no_snapshot_key_00000000000000000")
    expect(snapshots()).toEqual([])
  })
})
