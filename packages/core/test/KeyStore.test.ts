/**
 * The key store against real files, real modes and real links (issue 13, "the key store"): what another
 * local user could plant or loosen must never receive the key nor feed hogkit a key or host of theirs.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Redacted from "effect/Redacted"
import { afterEach, describe, expect, it } from "vitest"
import {
  ConfigProblem,
  keyStorePath,
  readProfiles,
  resolveStoredConnection,
  writeProfiles
} from "../src/config/node.js"

const KEY = "phx_keyStoreSecret0123456789abcdef"
const posix = process.platform !== "win32"
const homes: Array<string> = []

/** A fresh XDG_CONFIG_HOME (mkdtemp makes it 0700) and the store path under it. */
const freshHome = () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "hogkit-keystore-"))
  homes.push(home)
  const env = { XDG_CONFIG_HOME: home }
  return { home, env, file: keyStorePath(env), dir: path.join(home, "hogkit") }
}

afterEach(() => {
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true })
})

const profiles = { profiles: { default: { apiKey: Redacted.make(KEY), host: "https://eu.posthog.com" } } }

const problemOf = (f: () => unknown): ConfigProblem => {
  try {
    f()
  } catch (error) {
    if (error instanceof ConfigProblem) return error
    throw error
  }
  throw new Error("expected a ConfigProblem")
}

describe.skipIf(!posix)("the key store", () => {
  it("creates a 0700 directory and a 0600 file, and says the key is private only when it is", () => {
    const { file, dir } = freshHome()
    const report = writeProfiles(profiles, file)
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(report.privateToOwner).toBe(true)
    expect(report.tightenedDirectory).toBeUndefined()
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({
      profiles: { default: { api_key: KEY, host: "https://eu.posthog.com" } }
    })
    // No temporary file is left behind.
    expect(fs.readdirSync(dir)).toEqual(["config.json"])
  })

  it("refuses to read a key from a directory other users can write (0777), and says how to fix it", () => {
    const { file, dir, env } = freshHome()
    writeProfiles(profiles, file)
    fs.chmodSync(dir, 0o777)
    const problem = problemOf(() => readProfiles(file))
    expect(problem.kind).toBe("unsafeFile")
    expect(problem.message).toContain(`other users can write to ${dir} (mode 777)`)
    expect(problem.message).toContain(`chmod 700 ${dir}`)
    expect(problem.message).not.toContain(KEY)
    // The resolver, which every adapter uses, refuses too.
    expect(() => resolveStoredConnection({ env })).toThrow(/other users can write to/)
  })

  it("tightens its own 0777 directory to 0700 when writing, and reports it", () => {
    const { file, dir } = freshHome()
    fs.mkdirSync(dir, { mode: 0o777 })
    fs.chmodSync(dir, 0o777)
    const report = writeProfiles(profiles, file)
    expect(report.tightenedDirectory).toEqual({ directory: dir, fromMode: "777" })
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700)
    expect(report.privateToOwner).toBe(true)
    expect(readProfiles(file).profiles.default?.host).toBe("https://eu.posthog.com")
  })

  it("refuses a directory under a parent other users can write (no sticky bit)", () => {
    const { home, file } = freshHome()
    writeProfiles(profiles, file)
    fs.chmodSync(home, 0o777)
    const problem = problemOf(() => readProfiles(file))
    expect(problem.kind).toBe("unsafeFile")
    expect(problem.message).toContain(`${home} can be written by other users (mode 777)`)
    expect(() => writeProfiles(profiles, file)).toThrow(/can be written by other users/)
    // A sticky world-writable parent (like /tmp) is fine: others cannot rename what is not theirs.
    fs.chmodSync(home, 0o1777)
    expect(readProfiles(file).profiles.default).toBeDefined()
  })

  it("never reads through a planted symlink, and never writes the key through one", () => {
    const { file, dir } = freshHome()
    fs.mkdirSync(dir, { mode: 0o700 })
    // Another user's file, made to look like a store: host pointing at them.
    const bait = path.join(path.dirname(dir), "bait.json")
    fs.writeFileSync(bait, JSON.stringify({ profiles: { default: { host: "https://evil.example" } } }), {
      mode: 0o600
    })
    fs.symlinkSync(bait, file)
    const problem = problemOf(() => readProfiles(file))
    expect(problem.kind).toBe("unsafeFile")
    expect(problem.message).toContain("is a symbolic link")
    // Rewriting replaces the link itself: the bait never receives the key.
    writeProfiles(profiles, file)
    expect(fs.readFileSync(bait, "utf8")).not.toContain(KEY)
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(false)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
  })

  it("refuses a store directory that is a symlink to another directory", () => {
    const { home, file, dir } = freshHome()
    const elsewhere = path.join(home, "elsewhere")
    fs.mkdirSync(elsewhere, { mode: 0o777 })
    fs.chmodSync(elsewhere, 0o777)
    fs.symlinkSync(elsewhere, dir)
    expect(problemOf(() => readProfiles(file)).message).toContain(`${dir} is a symbolic link`)
    expect(() => writeProfiles(profiles, file)).toThrow(/is a symbolic link/)
    expect(fs.readdirSync(elsewhere)).toEqual([])
  })

  it("writes through an exclusive, unpredictable temporary file: the old fixed name is never opened", () => {
    const { file, dir } = freshHome()
    fs.mkdirSync(dir, { mode: 0o700 })
    // The name the old code used, planted as a link to a file the attacker can read.
    const stolen = path.join(path.dirname(dir), "stolen")
    fs.writeFileSync(stolen, "")
    fs.symlinkSync(stolen, path.join(dir, `.config.${process.pid}.tmp`))
    writeProfiles(profiles, file)
    expect(fs.readFileSync(stolen, "utf8")).toBe("")
    expect(readProfiles(file).profiles.default?.apiKey).toBeDefined()
  })

  it("refuses a file that belongs to another user, which could hold any key or host", () => {
    if (process.getuid?.() !== 0) return // only root can give a file away; the check itself runs for everyone
    const { file } = freshHome()
    writeProfiles(profiles, file)
    fs.chownSync(file, 4242, 4242)
    const problem = problemOf(() => readProfiles(file))
    expect(problem.kind).toBe("unsafeFile")
    expect(problem.message).toContain("belongs to another user (uid 4242)")
  })

  it("refuses a group- or world-readable file with the chmod that fixes it, but lets a rewrite fix it", () => {
    const { file } = freshHome()
    writeProfiles(profiles, file)
    fs.chmodSync(file, 0o644)
    const problem = problemOf(() => readProfiles(file))
    expect(problem.message).toMatch(
      /Refusing to use .*config\.json: other users can read it \(mode 644\).*Run `chmod 600 .*config\.json`/
    )
    expect(readProfiles(file, { forRewrite: true }).profiles.default).toBeDefined()
    writeProfiles(readProfiles(file, { forRewrite: true }), file)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
  })

  it("a malformed store is a problem naming the file, never a stack", () => {
    const { file } = freshHome()
    writeProfiles(profiles, file)
    fs.writeFileSync(file, "{ not json")
    const problem = problemOf(() => readProfiles(file))
    expect(problem.kind).toBe("malformed")
    expect(problem.message).toContain(`${file} is not valid hogkit configuration JSON`)
  })
})
