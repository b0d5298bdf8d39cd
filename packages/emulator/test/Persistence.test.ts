/** `dataDir`: data, ids and the default key survive a restart. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { startEmulator } from "../src/index.js"

const dir = mkdtempSync(join(tmpdir(), "hogkit-emulator-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const get = async (url: string, key: string) =>
  (await fetch(url, { headers: { Authorization: `Bearer ${key}` } })).json() as Promise<any>

describe("persistence", () => {
  it("stop, start with the same data dir: the data, the organization and the key are still there", async () => {
    const first = await startEmulator({ port: 0, dataDir: dir })
    const created = await fetch(`${first.url}/api/projects/1/dashboards/`, {
      method: "POST",
      headers: { Authorization: `Bearer ${first.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Survives restarts" })
    })
    expect(created.status).toBe(201)
    await first.close()

    const second = await startEmulator({ port: 0, dataDir: dir })
    try {
      expect(second.apiKey).toBe(first.apiKey)
      expect(second.organizationId).toBe(first.organizationId)
      const list = await get(`${second.url}/api/projects/1/dashboards/`, second.apiKey)
      expect(list.results.map((d: { name: string }) => d.name)).toEqual(["Survives restarts"])
      const more = await fetch(`${second.url}/api/projects/1/dashboards/`, {
        method: "POST",
        headers: { Authorization: `Bearer ${second.apiKey}`, "Content-Type": "application/json" },
        body: JSON.stringify({ name: "Second" })
      })
      expect((await more.json()).id).toBe(2)
    } finally {
      await second.close()
    }
  })

  it("a new apiKey option replaces the stored default key", async () => {
    const emu = await startEmulator({ port: 0, dataDir: dir, apiKey: "phx_replaced_key" })
    try {
      expect(emu.apiKey).toBe("phx_replaced_key")
      const list = await get(`${emu.url}/api/projects/1/dashboards/`, "phx_replaced_key")
      expect(list.count).toBe(2)
    } finally {
      await emu.close()
    }
  })

  it("a data dir whose parents do not exist yet is created", async () => {
    const emu = await startEmulator({ port: 0, dataDir: join(dir, "nested", "hogkit", "emulator") })
    try {
      expect((await get(`${emu.url}/api/projects/1/dashboards/`, emu.apiKey)).count).toBe(0)
    } finally {
      await emu.close()
    }
  })

  it("without a data dir nothing persists", async () => {
    const a = await startEmulator({ port: 0 })
    await fetch(`${a.url}/api/projects/1/dashboards/`, {
      method: "POST",
      headers: { Authorization: `Bearer ${a.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Ephemeral" })
    })
    await a.close()
    const b = await startEmulator({ port: 0 })
    try {
      expect((await get(`${b.url}/api/projects/1/dashboards/`, b.apiKey)).count).toBe(0)
    } finally {
      await b.close()
    }
  })
})

// The WAL holds the default API key in plain text: only the owner may read the data dir.
describe.skipIf(process.platform === "win32")("data dir permissions", () => {
  it("a new data dir is created 0700", async () => {
    const fresh = join(dir, "fresh")
    const emu = await startEmulator({ port: 0, dataDir: fresh })
    try {
      expect(statSync(fresh).mode & 0o777).toBe(0o700)
    } finally {
      await emu.close()
    }
  })

  it("an existing group/world-readable data dir owned by the user is tightened to 0700", async () => {
    const open = join(dir, "open")
    mkdirSync(open, { mode: 0o755 })
    chmodSync(open, 0o755)
    const emu = await startEmulator({ port: 0, dataDir: open })
    try {
      expect(statSync(open).mode & 0o777).toBe(0o700)
    } finally {
      await emu.close()
    }
  })
})
