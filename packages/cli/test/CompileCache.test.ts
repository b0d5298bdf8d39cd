/**
 * The bin compiles the command tree through V8's code cache, saved under the user's cache directory
 * (src/internal/CompileCache.ts). A user notices only that commands start faster; what must hold is that
 * the cache never changes an answer, never trusts a file someone else could have written, never writes
 * through a symlink, can be turned off, and holds no secret.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { API_KEY, seedDashboard, tempDir, useEmulator } from "./helpers.js"

const h = useEmulator()

/** A run with its own cache directory, listing dashboards as JSON names. */
const list = (cacheHome: string, env: Record<string, string> = {}) =>
  h.run(["dashboards", "list", "--jq", ".[].name"], { env: { XDG_CACHE_HOME: cacheHome, ...env } })

const cacheFiles = (cacheHome: string) => {
  const dir = path.join(cacheHome, "hogkit")
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join(dir, name)) : []
}

describe("compile cache", () => {
  it("is written by the first command, private to the user, and later commands give the same answer", async () => {
    await seedDashboard(h, { name: "Cached answers" })
    const cacheHome = tempDir("cache")
    const first = await list(cacheHome)
    expect(first).toMatchObject({ code: 0, stdout: "Cached answers\n", stderr: "" })
    const [file] = cacheFiles(cacheHome)
    expect(cacheFiles(cacheHome)).toHaveLength(1)
    expect(path.basename(file!)).toMatch(/^compile-cache-[0-9a-f]{24}\.v8$/)
    expect(fs.statSync(file!).mode & 0o777).toBe(0o600)
    expect(fs.statSync(path.dirname(file!)).mode & 0o777).toBe(0o700)
    // Compiled code only: the key the command ran with is not in it.
    const bytes = fs.readFileSync(file!)
    expect(bytes.includes(API_KEY)).toBe(false)
    expect(bytes.includes(API_KEY.slice(4))).toBe(false)

    const before = fs.statSync(file!).mtimeMs
    const second = await list(cacheHome)
    expect(second).toMatchObject({ code: 0, stdout: "Cached answers\n", stderr: "" })
    // A usable cache is read, not rewritten.
    expect(fs.statSync(file!).mtimeMs).toBe(before)
  })

  it("recompiles from source when the file is damaged, and replaces it", async () => {
    await seedDashboard(h, { name: "Damaged cache" })
    const cacheHome = tempDir("cache")
    await list(cacheHome)
    const [file] = cacheFiles(cacheHome)
    fs.writeFileSync(file!, Buffer.alloc(4096, 0x5a))
    const result = await list(cacheHome)
    expect(result).toMatchObject({ code: 0, stdout: "Damaged cache\n", stderr: "" })
    expect(fs.readFileSync(file!).equals(Buffer.alloc(4096, 0x5a))).toBe(false)
  })

  it("ignores a file others can write, and never reads or writes through a symlink", async () => {
    await seedDashboard(h, { name: "Untrusted cache" })
    const cacheHome = tempDir("cache")
    await list(cacheHome)
    const [file] = cacheFiles(cacheHome)

    fs.chmodSync(file!, 0o666)
    expect(await list(cacheHome)).toMatchObject({ code: 0, stdout: "Untrusted cache\n", stderr: "" })
    // Not trusted, so replaced by one this user alone can write.
    expect(fs.statSync(file!).mode & 0o777).toBe(0o600)

    const elsewhere = path.join(tempDir("elsewhere"), "victim")
    fs.writeFileSync(elsewhere, "not hogkit's to change")
    fs.rmSync(file!)
    fs.symlinkSync(elsewhere, file!)
    expect(await list(cacheHome)).toMatchObject({ code: 0, stdout: "Untrusted cache\n", stderr: "" })
    expect(fs.readFileSync(elsewhere, "utf8")).toBe("not hogkit's to change")
    // The link itself was replaced by a regular file of compiled code (hundreds of KB, not the victim's text).
    expect(fs.lstatSync(file!).isSymbolicLink()).toBe(false)
    expect(fs.statSync(file!).size).toBeGreaterThan(100_000)
  })

  it("removes caches of other builds and honours NODE_DISABLE_COMPILE_CACHE", async () => {
    await seedDashboard(h, { name: "Old caches" })
    const cacheHome = tempDir("cache")
    const stale = path.join(cacheHome, "hogkit", "compile-cache-000000000000000000000000.v8")
    fs.mkdirSync(path.dirname(stale), { recursive: true, mode: 0o700 })
    fs.writeFileSync(stale, "from an older hogkit", { mode: 0o600 })
    await list(cacheHome)
    expect(fs.existsSync(stale)).toBe(false)
    expect(cacheFiles(cacheHome)).toHaveLength(1)

    const off = tempDir("cache")
    const result = await list(off, { NODE_DISABLE_COMPILE_CACHE: "1" })
    expect(result).toMatchObject({ code: 0, stdout: "Old caches\n", stderr: "" })
    expect(cacheFiles(off)).toEqual([])
  })

  it("still works when the cache directory cannot be written", async () => {
    await seedDashboard(h, { name: "Read-only home" })
    const cacheHome = tempDir("cache")
    // A file where the directory should be: nothing can be saved, and the command must not care.
    fs.writeFileSync(path.join(cacheHome, "hogkit"), "")
    expect(await list(cacheHome)).toMatchObject({ code: 0, stdout: "Read-only home\n", stderr: "" })
  })
})
