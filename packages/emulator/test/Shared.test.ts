/**
 * `@hogkit/emulator/shared`: one background emulator per data directory, started by the first caller,
 * found by the others through the state file, recovered when that file is stale, stopped when idle,
 * replaced when of another version, and never losing an acknowledged write to a crash.
 */
import { spawn } from "node:child_process"
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, afterEach, describe, expect, it } from "vitest"
import { startEmulator } from "../src/index.js"
import {
  ensureSharedEmulator,
  type SharedEmulator,
  SharedEmulatorError,
  type SharedState,
  sharedEmulatorStatus,
  statePath,
  stopSharedEmulator
} from "../src/Shared.js"

const root = mkdtempSync(join(tmpdir(), "hogkit-shared-"))
let n = 0
const dirs: string[] = []
const newDataDir = () => {
  const dir = join(root, `d${n++}`, "emulator")
  dirs.push(dir)
  return dir
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await stopSharedEmulator({ dataDir: dir }).catch(() => undefined)
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const exited = async (pid: number) => {
  while (alive(pid)) await sleep(50)
}

const api = (emu: SharedEmulator, path: string, init: RequestInit = {}) =>
  fetch(`${emu.url}/api/projects/${emu.projectId}/${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${emu.apiKey}`, "Content-Type": "application/json" }
  })

const dashboardNames = async (emu: SharedEmulator) => {
  const res = await api(emu, "dashboards/?limit=1000")
  expect(res.status).toBe(200)
  return ((await res.json()) as { results: Array<{ name: string }> }).results.map((d) => d.name)
}

const readStateFile = (dir: string) => JSON.parse(readFileSync(statePath(dir), "utf8")) as SharedState

describe("the shared emulator", () => {
  it("the first call starts it in the background; the next finds it and reuses it", async () => {
    const dataDir = newDataDir()
    const first = await ensureSharedEmulator({ dataDir })
    expect(first.started).toBe(true)
    expect(first.pid).not.toBe(process.pid)
    expect(alive(first.pid)).toBe(true)
    // Demo data on first start, as `--emulator` always had.
    expect((await dashboardNames(first)).length).toBeGreaterThan(0)
    const state = statSync(statePath(dataDir))
    expect(state.mode & 0o777).toBe(0o600)
    expect(readStateFile(dataDir)).toMatchObject({ pid: first.pid, url: first.url, detached: true })

    const second = await ensureSharedEmulator({ dataDir })
    expect(second).toEqual({ ...first, started: false })
    // The admin token in the state file is the one the emulator wants.
    const info = await fetch(`${second.url}/_emulator/info`, {
      headers: { "X-Hogkit-Emulator-Token": second.adminToken }
    })
    expect(info.status).toBe(200)
    expect(((await info.json()) as { pid: number }).pid).toBe(first.pid)

    const status = await sharedEmulatorStatus({ dataDir })
    expect(status).toMatchObject({ pid: first.pid, dataDir, detached: true })
    expect(Date.parse(status!.startedAt)).not.toBeNaN()

    const stopped = await stopSharedEmulator({ dataDir })
    expect(stopped?.pid).toBe(first.pid)
    expect(alive(first.pid)).toBe(false)
    expect(await sharedEmulatorStatus({ dataDir })).toBeUndefined()
    expect(await stopSharedEmulator({ dataDir })).toBeUndefined()
  })

  it("concurrent first calls start one emulator: one starts it, the others wait for it and are told", async () => {
    const dataDir = newDataDir()
    let waited = 0
    let started = 0
    const all = await Promise.all(
      Array.from({ length: 6 }, () =>
        ensureSharedEmulator({
          dataDir,
          onWait: () => {
            waited++
          },
          onStart: () => {
            started++
          }
        })
      )
    )
    expect(new Set(all.map((e) => e.pid)).size).toBe(1)
    expect(all.filter((e) => e.started)).toHaveLength(1)
    expect(started).toBe(1)
    expect(waited).toBeGreaterThan(0)
    for (const emu of all) expect(await dashboardNames(emu)).toEqual(await dashboardNames(all[0]!))
  })

  it("concurrent first calls from separate processes share one emulator", async () => {
    const dataDir = newDataDir()
    const script = `import { ensureSharedEmulator } from ${JSON.stringify(new URL("../dist/Shared.js", import.meta.url).href)}
const e = await ensureSharedEmulator({ dataDir: ${JSON.stringify(dataDir)} })
process.stdout.write(JSON.stringify({ pid: e.pid, started: e.started }))`
    const run = () =>
      new Promise<{ pid: number; started: boolean }>((resolve, reject) => {
        const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
          stdio: ["ignore", "pipe", "pipe"]
        })
        let out = ""
        let err = ""
        child.stdout.on("data", (d) => (out += d))
        child.stderr.on("data", (d) => (err += d))
        child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(err))))
      })
    const results = await Promise.all([run(), run(), run(), run()])
    expect(new Set(results.map((r) => r.pid)).size).toBe(1)
    expect(results.filter((r) => r.started)).toHaveLength(1)
  })

  it("a stale state file (dead pid, or a pid reused by another program) is recovered without a word", async () => {
    const dataDir = newDataDir()
    const first = await ensureSharedEmulator({ dataDir })
    const state = readStateFile(dataDir)
    process.kill(first.pid, "SIGKILL")
    await exited(first.pid)
    expect(readStateFile(dataDir).pid).toBe(first.pid) // left behind by the crash
    const second = await ensureSharedEmulator({ dataDir })
    expect(second.started).toBe(true)
    expect(second.pid).not.toBe(first.pid)

    // A live, unrelated process under the recorded pid, and a port nobody answers on.
    await stopSharedEmulator({ dataDir })
    const bystander = spawn("sleep", ["60"])
    try {
      writeFileSync(
        statePath(dataDir),
        JSON.stringify({ ...state, pid: bystander.pid!, url: "http://127.0.0.1:9" }),
        { mode: 0o600 }
      )
      const third = await ensureSharedEmulator({ dataDir })
      expect(third.started).toBe(true)
      expect(alive(bystander.pid!)).toBe(true) // not ours: left alone
    } finally {
      bystander.kill()
    }
  })

  it("stops by itself after the idle timeout, and the next call starts it again on the same data", async () => {
    const dataDir = newDataDir()
    const first = await ensureSharedEmulator({ dataDir, idleTimeoutMs: 1_000 })
    const created = await api(first, "dashboards/", {
      method: "POST",
      body: JSON.stringify({ name: "Before the nap" })
    })
    expect(created.status).toBe(201)
    await exited(first.pid)
    expect(await sharedEmulatorStatus({ dataDir })).toBeUndefined()
    const second = await ensureSharedEmulator({ dataDir })
    expect(second.started).toBe(true)
    expect(await dashboardNames(second)).toContain("Before the nap")
  })

  it("an emulator of another version is replaced, on the same data", async () => {
    const dataDir = newDataDir()
    const old = await ensureSharedEmulator({ dataDir })
    await api(old, "dashboards/", { method: "POST", body: JSON.stringify({ name: "From the old version" }) })
    // What an earlier hogkit's emulator leaves in the state file.
    writeFileSync(statePath(dataDir), JSON.stringify({ ...readStateFile(dataDir), version: "0.0.1" }), {
      mode: 0o600
    })
    const current = await ensureSharedEmulator({ dataDir })
    expect(current.started).toBe(true)
    expect(current.pid).not.toBe(old.pid)
    expect(alive(old.pid)).toBe(false)
    expect(await dashboardNames(current)).toContain("From the old version")
  })

  it("a crash (kill -9) loses no acknowledged write; the next call restarts it", async () => {
    const dataDir = newDataDir()
    const emu = await ensureSharedEmulator({ dataDir })
    const names = Array.from({ length: 20 }, (_, i) => `Acknowledged ${i}`)
    for (const name of names) {
      const res = await api(emu, "dashboards/", { method: "POST", body: JSON.stringify({ name }) })
      expect(res.status).toBe(201)
    }
    const renamed = await api(emu, "dashboards/?limit=1", {})
    const someId = ((await renamed.json()) as { results: Array<{ id: number }> }).results[0]!.id
    const patched = await api(emu, `dashboards/${someId}/`, {
      method: "PATCH",
      body: JSON.stringify({ description: "patched just before the crash" })
    })
    expect(patched.status).toBe(200)
    process.kill(emu.pid, "SIGKILL")
    await exited(emu.pid)
    const after = await ensureSharedEmulator({ dataDir })
    expect(after.started).toBe(true)
    const listed = await dashboardNames(after)
    for (const name of names) expect(listed).toContain(name)
    const one = await api(after, `dashboards/${someId}/`)
    expect(((await one.json()) as { description: string }).description).toBe("patched just before the crash")
  })

  it("a foreground emulator on the data takes over from the background one, and is then reused", async () => {
    const dataDir = newDataDir()
    const background = await ensureSharedEmulator({ dataDir })
    const foreground = await startEmulator({ port: 0, dataDir, share: "foreground", quiet: true })
    try {
      expect(alive(background.pid)).toBe(false)
      const found = await ensureSharedEmulator({ dataDir })
      expect(found).toMatchObject({ url: foreground.url, pid: process.pid, started: false })
      expect(found.adminToken).toBe(foreground.adminToken)
      // A second emulator on the same data is refused while this one serves it.
      await expect(startEmulator({ port: 0, dataDir, share: "detached", quiet: true })).rejects.toThrow(
        /already serves/
      )
    } finally {
      await foreground.close()
    }
    // Closed: its state file is gone and the next call starts a background one again.
    expect(await sharedEmulatorStatus({ dataDir })).toBeUndefined()
  })

  it("refuses a state file others may read, or a symlink, saying how to fix it", async () => {
    const dataDir = newDataDir()
    await ensureSharedEmulator({ dataDir })
    const file = statePath(dataDir)
    chmodSync(file, 0o644)
    const loose = await ensureSharedEmulator({ dataDir }).catch((e: unknown) => e)
    expect(loose).toBeInstanceOf(SharedEmulatorError)
    expect((loose as Error).message).toMatch(/other users \(mode 644\).*remove it/)
    chmodSync(file, 0o600)
    await stopSharedEmulator({ dataDir })

    const elsewhere = join(root, "planted.json")
    writeFileSync(elsewhere, "{}", { mode: 0o600 })
    symlinkSync(elsewhere, file)
    const linked = await ensureSharedEmulator({ dataDir }).catch((e: unknown) => e)
    expect(linked).toBeInstanceOf(SharedEmulatorError)
    expect((linked as Error).message).toContain("will not follow it")
    rmSync(file)
  })
})
