/**
 * `@hogkit/emulator/shared`: one emulator per data directory, shared by every hogkit tool on this machine.
 * The first caller starts it as a detached process (the `hogkit-emulator` bin with an idle timeout); it
 * publishes a state file beside the data directory (URL, pid, version, API key, admin token; mode 0600),
 * and later callers find it there and talk to it over HTTP, so they pay neither PGlite's cold start nor
 * its memory. Concurrent first callers serialise on a lock file: one starts it, the others wait for it.
 * A stale state file (dead pid, other version, no answer) is recovered without the user doing anything.
 *
 * This module is light on purpose (node built-ins only): it runs in every `hogkit --emulator` command,
 * which must not load PGlite.
 */
import { spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import * as fs from "node:fs"
import { request as httpRequest } from "node:http"
import { homedir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { VERSION } from "./Version.js"

/** What the state file holds: everything a client needs to use the running emulator. */
export interface SharedState {
  readonly version: string
  readonly pid: number
  readonly url: string
  readonly apiKey: string
  readonly projectId: number
  readonly adminToken: string
  readonly dataDir: string
  /** ISO time the emulator started listening. */
  readonly startedAt: string
  /** Stops after this many milliseconds without a request; absent for a foreground emulator. */
  readonly idleTimeoutMs?: number
  /** Started by `ensureSharedEmulator` (true) or a foreground `hogkit emulator --data-dir` (false). */
  readonly detached: boolean
}

export interface SharedEmulator {
  readonly url: string
  readonly apiKey: string
  readonly projectId: number
  readonly adminToken: string
  readonly pid: number
  readonly dataDir: string
  /** This call started it (the others found it running). */
  readonly started: boolean
}

/** A problem the user must fix (a state file with loose permissions, an emulator that would not start). */
export class SharedEmulatorError extends Error {
  readonly _tag = "SharedEmulatorError"
}

/** Stop after 15 minutes without a request, unless told otherwise. */
export const DEFAULT_IDLE_TIMEOUT_MS = 15 * 60_000

/** `$XDG_DATA_HOME/hogkit/emulator` (default `~/.local/share/hogkit/emulator`): where `--emulator` keeps data. */
export const defaultDataDir = (env: NodeJS.ProcessEnv = process.env): string =>
  join(env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "hogkit", "emulator")

/** `HOGKIT_EMULATOR_IDLE_TIMEOUT` in seconds (0: never), else the default. */
export const idleTimeoutFromEnv = (env: NodeJS.ProcessEnv = process.env): number => {
  const raw = env.HOGKIT_EMULATOR_IDLE_TIMEOUT?.trim()
  if (raw === undefined || raw === "") return DEFAULT_IDLE_TIMEOUT_MS
  if (!/^\d+$/.test(raw))
    throw new SharedEmulatorError(
      `HOGKIT_EMULATOR_IDLE_TIMEOUT must be a number of seconds (0 keeps the emulator running), got "${raw}".`
    )
  return Number(raw) * 1000
}

export const statePath = (dataDir: string) => `${resolve(dataDir)}.state.json`
const lockPath = (dataDir: string) => `${resolve(dataDir)}.lock`
/** The detached emulator's stderr: why it would not start, unexpected errors. */
export const logPath = (dataDir: string) => `${resolve(dataDir)}.log`

const ownUid = () => process.getuid?.()

/** The parent of the data directory holds the state, lock and log: created 0700 like the data itself. */
const ensureParent = (dataDir: string) =>
  fs.mkdirSync(dirname(resolve(dataDir)), { recursive: true, mode: 0o700 })

/**
 * The state file, or undefined when there is none (or it is unreadable garbage, which a restart
 * replaces). Refuses, with a sentence saying how to fix it, a symlink, another owner's file, or a file
 * the group or others may read: it holds the admin token and the API key.
 */
export const readState = (dataDir: string): SharedState | undefined => {
  const file = statePath(dataDir)
  let stat: fs.Stats
  try {
    stat = fs.lstatSync(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined
    throw new SharedEmulatorError(`Could not read ${file}: ${(error as Error).message}.`)
  }
  if (stat.isSymbolicLink() || !stat.isFile())
    throw new SharedEmulatorError(
      `${file} is not a regular file (a symbolic link?); hogkit will not follow it. Remove it and try again.`
    )
  const uid = ownUid()
  if (uid !== undefined && stat.uid !== uid)
    throw new SharedEmulatorError(`${file} belongs to another user; remove it and try again.`)
  if (uid !== undefined && (stat.mode & 0o077) !== 0)
    throw new SharedEmulatorError(
      `${file} may be read by other users (mode ${(stat.mode & 0o777).toString(8)}) and holds the emulator's keys: remove it (hogkit recreates it with mode 600) and try again.`
    )
  let text: string
  try {
    const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0))
    try {
      text = fs.readFileSync(fd, "utf8")
    } finally {
      fs.closeSync(fd)
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined
    throw new SharedEmulatorError(`Could not read ${file}: ${(error as Error).message}.`)
  }
  return parseState(text)
}

const parseState = (text: string): SharedState | undefined => {
  try {
    const s = JSON.parse(text) as Record<string, unknown>
    const ok =
      typeof s.version === "string" &&
      Number.isInteger(s.pid) &&
      typeof s.url === "string" &&
      /^http:\/\/127\.0\.0\.1:\d+$/.test(s.url) &&
      typeof s.apiKey === "string" &&
      Number.isInteger(s.projectId) &&
      typeof s.adminToken === "string" &&
      typeof s.dataDir === "string" &&
      typeof s.startedAt === "string"
    return ok ? (s as unknown as SharedState) : undefined
  } catch {
    return undefined
  }
}

/** Writes the state file 0600 through an exclusive, unpredictable temp file and a rename (never a symlink). */
export const writeState = (state: SharedState): void => {
  ensureParent(state.dataDir)
  const file = statePath(state.dataDir)
  const tmp = `${file}.${process.pid}.${randomBytes(8).toString("hex")}.tmp`
  const fd = fs.openSync(tmp, "wx", 0o600)
  try {
    fs.writeFileSync(fd, `${JSON.stringify(state, null, 2)}\n`)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(tmp, file)
}

/** Removes the state file if it still describes the process `pid` (a successor's file stays). */
export const removeState = (dataDir: string, pid: number): void => {
  try {
    const state = parseState(fs.readFileSync(statePath(dataDir), "utf8"))
    if (state === undefined || state.pid === pid) fs.rmSync(statePath(dataDir), { force: true })
  } catch {
    // Already gone.
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * `GET /_emulator/info` with the token: the pid it reports, or undefined when nothing answers. node:http
 * rather than fetch: every `--emulator` command runs this, and loading fetch (undici) costs more than
 * the loopback round trip.
 */
const infoPid = (state: SharedState): Promise<number | null | undefined> =>
  new Promise((done) => {
    const url = new URL(state.url)
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: "/_emulator/info",
        headers: { "X-Hogkit-Emulator-Token": state.adminToken },
        timeout: 5_000,
        agent: false
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on("data", (c: Buffer) => chunks.push(c))
        res.on("end", () => {
          if (res.statusCode !== 200) return done(null)
          try {
            const pid = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { pid?: unknown }).pid
            done(typeof pid === "number" ? pid : null)
          } catch {
            done(null)
          }
        })
        res.on("error", () => done(undefined))
      }
    )
    req.on("timeout", () => req.destroy())
    req.on("error", () => done(undefined))
    req.end()
  })

/** Does the emulator of `state` answer its admin API (as the process the file names)? */
const answers = async (state: SharedState): Promise<boolean> => {
  for (let attempt = 0; attempt < 2; attempt++) {
    const pid = await infoPid(state)
    // Another answer (a refused token, another pid) means the port now belongs to someone else.
    if (pid !== undefined) return pid === state.pid
    // Refused or timed out: one more try (a busy machine), then give up.
  }
  return false
}

/**
 * Is `pid` the emulator serving `dataDir` (and not an unrelated process that reused a dead emulator's
 * pid)? Its command line names the directory (`--data-dir DIR`) or says `--shared`.
 */
const isEmulatorProcess = (pid: number, dataDir: string): boolean => {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")
    return args.includes("--shared") || args.some((a) => a !== "" && resolve(a) === resolve(dataDir))
  } catch {
    // No /proc (macOS): a live pid that does not answer is more likely reused than hung.
    return false
  }
}

const waitForExit = async (pid: number, ms: number) => {
  const deadline = Date.now() + ms
  while (isAlive(pid) && Date.now() < deadline) await sleep(50)
  return !isAlive(pid)
}

/** Stops the emulator of `state`: SIGTERM (it closes the database cleanly), SIGKILL if it hangs. */
const terminate = async (state: SharedState) => {
  try {
    process.kill(state.pid, "SIGTERM")
  } catch {
    // Already gone.
  }
  if (!(await waitForExit(state.pid, 20_000))) {
    try {
      process.kill(state.pid, "SIGKILL")
    } catch {
      // Already gone.
    }
    await waitForExit(state.pid, 5_000)
  }
  removeState(state.dataDir, state.pid)
}

/**
 * The running emulator for `dataDir` if one answers with this version; clears whatever stands in the way
 * of starting one otherwise (a dead pid's file, an emulator of another version, a hung emulator).
 */
const findLive = async (dataDir: string): Promise<SharedState | undefined> => {
  const state = readState(dataDir)
  if (state === undefined) {
    fs.rmSync(statePath(dataDir), { force: true })
    return undefined
  }
  if (!isAlive(state.pid)) {
    removeState(dataDir, state.pid)
    return undefined
  }
  if (await answers(state)) {
    if (state.version === VERSION) return state
    if (!state.detached)
      throw new SharedEmulatorError(
        `A foreground emulator of another version (${state.version}, pid ${state.pid}) serves ${dataDir}; stop it (Ctrl-C) and try again.`
      )
    // Another hogkit version's background emulator: replace it, on the same data.
    await terminate(state)
    return undefined
  }
  // Alive but silent: a hung emulator is stopped (it holds the data directory); a reused pid is not ours.
  if (isEmulatorProcess(state.pid, state.dataDir)) await terminate(state)
  else removeState(dataDir, state.pid)
  return undefined
}

const asShared = (state: SharedState, started: boolean): SharedEmulator => ({
  url: state.url,
  apiKey: state.apiKey,
  projectId: state.projectId,
  adminToken: state.adminToken,
  pid: state.pid,
  dataDir: state.dataDir,
  started
})

/** Takes the start lock (a file holding the pid); a dead holder's lock is taken over. */
const acquireLock = async (dataDir: string, onWait: (() => void) | undefined): Promise<() => void> => {
  ensureParent(dataDir)
  const lock = lockPath(dataDir)
  const deadline = Date.now() + 180_000
  let told = false
  while (true) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx", mode: 0o600 })
      return () => fs.rmSync(lock, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
    }
    let text: string
    try {
      text = fs.readFileSync(lock, "utf8")
    } catch {
      continue // released meanwhile
    }
    const holder = Number(text)
    // An empty file is a lock being written this instant; a dead holder's lock is taken over.
    if (text !== "" && (!Number.isInteger(holder) || holder <= 0 || !isAlive(holder))) {
      fs.rmSync(lock, { force: true })
      continue
    }
    if (!told) {
      told = true
      onWait?.()
    }
    if (Date.now() > deadline)
      throw new SharedEmulatorError(
        `Another hogkit process (pid ${holder}) has been starting the emulator for ${dataDir} for minutes; stop it or remove ${lock}.`
      )
    await sleep(50)
  }
}

/** The bin next to this module (dist/), or the built one when this module runs from src/ (tests). */
const binPath = () => {
  const here = fileURLToPath(new URL("./bin.js", import.meta.url))
  return fs.existsSync(here) ? here : fileURLToPath(new URL("../dist/bin.js", import.meta.url))
}

const logTail = (dataDir: string) => {
  try {
    const text = fs.readFileSync(logPath(dataDir), "utf8").trim().split("\n")
    return text.slice(-3).join(" ")
  } catch {
    return ""
  }
}

/** Starts the detached emulator and waits for its state file. */
const startDetached = async (dataDir: string, idleTimeoutMs: number): Promise<SharedState> => {
  const log = fs.openSync(logPath(dataDir), "w", 0o600)
  const child = spawn(
    process.execPath,
    [
      binPath(),
      "--data-dir",
      dataDir,
      "--port",
      "0",
      "--seed",
      "demo",
      "--shared",
      "--idle-timeout",
      String(Math.round(idleTimeoutMs / 1000))
    ],
    { detached: true, stdio: ["ignore", "ignore", log], env: { ...process.env } }
  )
  fs.closeSync(log)
  let exited: number | null | undefined
  child.on("exit", (code) => {
    exited = code
  })
  child.unref()
  const pid = child.pid
  if (pid === undefined) throw new SharedEmulatorError(`Could not start the emulator: ${logTail(dataDir)}`)
  while (true) {
    const state = (() => {
      try {
        return readState(dataDir)
      } catch {
        return undefined
      }
    })()
    if (state !== undefined && state.pid === pid) return state
    if (exited !== undefined || !isAlive(pid)) {
      throw new SharedEmulatorError(
        `The emulator for ${dataDir} exited before it was ready: ${logTail(dataDir) || `exit code ${exited}`} (log: ${logPath(dataDir)}).`
      )
    }
    await sleep(25)
  }
}

export interface EnsureOptions {
  /** Default `defaultDataDir()`. */
  readonly dataDir?: string
  /** Default `HOGKIT_EMULATOR_IDLE_TIMEOUT` seconds, else 15 minutes; 0 never stops. */
  readonly idleTimeoutMs?: number
  /** Called once when another process is starting the emulator and this one waits for it. */
  readonly onWait?: () => void
  /** Called once when this call starts the emulator (a cold start of a few seconds). */
  readonly onStart?: () => void
}

/** The shared emulator for `dataDir`: the running one, or one started now (detached) and then reused. */
export const ensureSharedEmulator = async (options: EnsureOptions = {}): Promise<SharedEmulator> => {
  const dataDir = resolve(options.dataDir ?? defaultDataDir())
  const live = await findLive(dataDir)
  if (live !== undefined) return asShared(live, false)
  const release = await acquireLock(dataDir, options.onWait)
  try {
    // Whoever held the lock may have started it meanwhile.
    const again = await findLive(dataDir)
    if (again !== undefined) return asShared(again, false)
    options.onStart?.()
    return asShared(await startDetached(dataDir, options.idleTimeoutMs ?? idleTimeoutFromEnv()), true)
  } finally {
    release()
  }
}

/** The running emulator's state (undefined when none runs); a stale file is cleared on the way. */
export const sharedEmulatorStatus = async (
  options: { readonly dataDir?: string } = {}
): Promise<SharedState | undefined> => findLiveAnyVersion(resolve(options.dataDir ?? defaultDataDir()))

const findLiveAnyVersion = async (dataDir: string) => {
  const state = readState(dataDir)
  if (state === undefined) return undefined
  if (isAlive(state.pid) && (await answers(state))) return state
  if (!isAlive(state.pid)) removeState(dataDir, state.pid)
  return undefined
}

/** Stops the running emulator for `dataDir`; returns what it stopped, undefined when none ran. */
export const stopSharedEmulator = async (
  options: { readonly dataDir?: string } = {}
): Promise<SharedState | undefined> => {
  const dataDir = resolve(options.dataDir ?? defaultDataDir())
  const state = readState(dataDir)
  if (state === undefined) return undefined
  if (!isAlive(state.pid)) {
    removeState(dataDir, state.pid)
    return undefined
  }
  if (!(await answers(state)) && !isEmulatorProcess(state.pid, state.dataDir)) {
    removeState(dataDir, state.pid)
    return undefined
  }
  await terminate(state)
  return state
}

const ownerPath = (dataDir: string) => `${resolve(dataDir)}.owner`

/**
 * Takes `<data dir>.owner` (this pid) for as long as this process has the database open; waits while a
 * live emulator still holds it (one that has unpublished itself and is closing), takes over a dead one's.
 * PGlite is single-writer: this, not the state file, is what keeps two processes off the same data.
 */
const takeOwnership = async (dataDir: string): Promise<void> => {
  ensureParent(dataDir)
  const owner = ownerPath(dataDir)
  const deadline = Date.now() + 60_000
  while (true) {
    try {
      fs.writeFileSync(owner, String(process.pid), { flag: "wx", mode: 0o600 })
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
    }
    let text: string
    try {
      text = fs.readFileSync(owner, "utf8")
    } catch {
      continue
    }
    const holder = Number(text)
    if (
      text !== "" &&
      (!Number.isInteger(holder) || holder <= 0 || !isAlive(holder) || holder === process.pid)
    ) {
      fs.rmSync(owner, { force: true })
      continue
    }
    if (Date.now() > deadline)
      throw new SharedEmulatorError(
        `Another process (pid ${holder}) still has the emulator data in ${dataDir} open; stop it (hogkit emulator stop) and try again.`
      )
    await sleep(50)
  }
}

/** Gives up `<data dir>.owner` once the database is closed. */
export const releaseOwnership = (dataDir: string): void => {
  try {
    if (fs.readFileSync(ownerPath(dataDir), "utf8") === String(process.pid))
      fs.rmSync(ownerPath(dataDir), { force: true })
  } catch {
    // Not ours or already gone.
  }
}

/**
 * For an emulator about to serve `dataDir` itself (the detached one, or `hogkit emulator --data-dir`):
 * refuses while another live emulator serves it (PGlite is single-writer); a detached one of this
 * machine is stopped first so a foreground emulator can take over its data.
 */
export const claimDataDir = async (dataDir: string, takeOverDetached: boolean): Promise<void> => {
  const state = readState(dataDir)
  if (state !== undefined) {
    if (!isAlive(state.pid)) removeState(dataDir, state.pid)
    else {
      const live = await answers(state)
      if (live && state.detached && takeOverDetached) await terminate(state)
      else if (live || isEmulatorProcess(state.pid, state.dataDir))
        throw new SharedEmulatorError(
          `Another emulator (pid ${state.pid}, ${state.url}) already serves ${dataDir}; stop it first (hogkit emulator stop).`
        )
      else removeState(dataDir, state.pid)
    }
  }
  await takeOwnership(dataDir)
}
