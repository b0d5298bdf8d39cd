/**
 * The key store: the stored profiles in `$XDG_CONFIG_HOME/hogkit/config.json` (else
 * `~/.config/hogkit/config.json`). Node only (it uses `node:fs`); everything else under `config/` runs in
 * browsers too.
 *
 * It holds personal API keys, so it is guarded the way OpenSSH guards `~/.ssh` (StrictModes): a key is read
 * only from a regular file of the user's own, not a symbolic link, that no other user can read or change, in
 * a directory of the user's own that no other user can write to, under parents that no other user can
 * rename. Anything else is refused with the command that fixes it: a key that may have leaked should be
 * rotated, not silently trusted. Writes go through a new temporary file in the same directory, created
 * exclusively (`O_EXCL`, so a planted file or link makes the write fail instead of receiving the key) under
 * an unpredictable name, then renamed over the old file; no path is ever followed through a link.
 *
 * @since 0.2.0
 */
import { randomBytes } from "node:crypto"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { type Environment, processEnvironment } from "./Environment.js"
import { ConfigProblem } from "./Problem.js"
import {
  emptyProfiles,
  type ProfileSource,
  parseProfiles,
  type StoredProfiles,
  serializeProfiles
} from "./Profiles.js"

/** The directory of hogkit's configuration. @category paths */
export const configDirectory = (env: Environment = processEnvironment()): string =>
  path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config"), "hogkit")

/** The key store's path. @category paths */
export const keyStorePath = (env: Environment = processEnvironment()): string =>
  path.join(configDirectory(env), "config.json")

// Windows has no POSIX modes or owners; there the file lives in the user's profile, guarded by its ACLs.
const posix = process.platform !== "win32"
const myUid = (): number | undefined =>
  posix && typeof process.getuid === "function" ? process.getuid() : undefined
const myGid = (): number | undefined =>
  posix && typeof process.getgid === "function" ? process.getgid() : undefined
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0

const modeOf = (stat: fs.Stats) => (stat.mode & 0o777).toString(8).padStart(3, "0")
const STICKY = 0o1000

const RELOGIN = "run `hogkit auth login` again"

const unsafe = (message: string) => new ConfigProblem("unsafeFile", message)
const unreadable = (file: string, error: unknown) =>
  new ConfigProblem(
    "unreadable",
    `Could not read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`
  )

/**
 * Every directory above `dir` that another user could rename or replace entries in makes the store theirs.
 * A sticky world-writable directory (`/tmp`) is fine: others cannot rename what is not theirs there.
 */
const checkParents = (dir: string, file: string): void => {
  if (!posix) return
  let real: string
  try {
    real = fs.realpathSync(path.dirname(dir))
  } catch {
    return // nothing there yet: nothing to trust
  }
  const uid = myUid()
  const gid = myGid()
  for (let current = real; ; current = path.dirname(current)) {
    const stat = fs.statSync(current)
    const sticky = (stat.mode & STICKY) !== 0
    const ownerOk = uid === undefined || stat.uid === uid || stat.uid === 0
    const otherWrite = (stat.mode & 0o002) !== 0 && !sticky
    // A group-writable parent is safe only when the group is the user's own (user private groups).
    const groupWrite = (stat.mode & 0o020) !== 0 && !sticky && stat.gid !== gid
    if (!ownerOk || otherWrite || groupWrite) {
      throw unsafe(
        `Refusing to use ${file}: ${current} ${
          ownerOk
            ? `can be written by other users (mode ${modeOf(stat)})`
            : `belongs to another user (uid ${stat.uid})`
        }, so they could replace the file that holds your API key. ` +
          (ownerOk
            ? `Run \`chmod go-w ${current}\`, or set XDG_CONFIG_HOME to a directory only you can write.`
            : "Set XDG_CONFIG_HOME to a directory of your own.")
      )
    }
    if (path.dirname(current) === current) return
  }
}

/** The store's directory, as it is: a real directory of the user's own. `undefined` when missing. */
const inspectDirectory = (dir: string, file: string): fs.Stats | undefined => {
  let stat: fs.Stats
  try {
    stat = fs.lstatSync(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined
    throw unreadable(file, error)
  }
  if (stat.isSymbolicLink()) {
    throw unsafe(
      `Refusing to use ${file}: ${dir} is a symbolic link, and hogkit never follows links to the place that holds your API key. ` +
        `Replace the link with a directory (rm ${dir}) and ${RELOGIN}.`
    )
  }
  if (!stat.isDirectory()) {
    throw new ConfigProblem("unreadable", `Could not use ${file}: ${dir} is not a directory.`)
  }
  const uid = myUid()
  if (uid !== undefined && stat.uid !== uid) {
    throw unsafe(
      `Refusing to use ${file}: ${dir} belongs to another user (uid ${stat.uid}). Remove it and ${RELOGIN}.`
    )
  }
  return stat
}

const directoryWritableByOthers = (dir: string, file: string, stat: fs.Stats) =>
  unsafe(
    `Refusing to use ${file}: other users can write to ${dir} (mode ${modeOf(stat)}), so they could replace the file that holds your API key. ` +
      `Run \`chmod 700 ${dir}\` (\`hogkit auth login\` also fixes it), and rotate the key if you did not create every file in it.`
  )

/** Options of {@link readProfiles}. @category models */
export interface ReadOptions {
  /**
   * The caller is about to rewrite the file (login, logout): a copy others can read is accepted, since
   * rewriting it is how it gets fixed. Links and files of other users are still refused.
   */
  readonly forRewrite?: boolean | undefined
}

/**
 * Reads the stored profiles; a missing file is no profiles. Throws a `ConfigProblem`: `unsafeFile` (other
 * users could read or replace it, or it is a link), `unreadable`, or `malformed`.
 *
 * @category reading
 */
export const readProfiles = (file: string = keyStorePath(), options: ReadOptions = {}): StoredProfiles => {
  const dir = path.dirname(file)
  const dirStat = inspectDirectory(dir, file)
  if (dirStat === undefined) return emptyProfiles
  checkParents(dir, file)
  if (posix && (dirStat.mode & 0o022) !== 0 && options.forRewrite !== true) {
    throw directoryWritableByOthers(dir, file, dirStat)
  }
  let fd: number
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | O_NOFOLLOW)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === "ENOENT") return emptyProfiles
    if (code === "ELOOP" || isLink(file)) {
      throw unsafe(
        `Refusing to use ${file}: it is a symbolic link, and hogkit never follows links to the file that holds your API key. ` +
          `Remove it (rm ${file}) and ${RELOGIN}.`
      )
    }
    throw unreadable(file, error)
  }
  try {
    // Checked on the open file, so what is checked is what is read.
    const stat = fs.fstatSync(fd)
    if (!stat.isFile())
      throw new ConfigProblem("unreadable", `Could not read ${file}: it is not a regular file.`)
    const uid = myUid()
    if (uid !== undefined && stat.uid !== uid) {
      throw unsafe(
        `Refusing to use ${file}: it belongs to another user (uid ${stat.uid}), who could have put any key or host in it. ` +
          `Remove it and ${RELOGIN}.`
      )
    }
    if (posix && (stat.mode & 0o077) !== 0 && options.forRewrite !== true) {
      const mode = modeOf(stat)
      throw unsafe(
        `Refusing to use ${file}: other users can ${(stat.mode & 0o044) !== 0 ? "read" : "change"} it (mode ${mode}) and it holds your API key. ` +
          `Run \`chmod 600 ${file}\`, and rotate the key if others may have read it.`
      )
    }
    let text: string
    try {
      text = fs.readFileSync(fd, "utf8")
    } catch (error) {
      throw unreadable(file, error)
    }
    return parseProfiles(text, file, `Fix it, or delete it and ${RELOGIN}.`)
  } finally {
    fs.closeSync(fd)
  }
}

const isLink = (file: string): boolean => {
  try {
    return fs.lstatSync(file).isSymbolicLink()
  } catch {
    return false
  }
}

/** What {@link writeProfiles} did. @category models */
export interface WriteReport {
  readonly file: string
  /** Checked after writing: only the user can read the file and only the user can change its directory. */
  readonly privateToOwner: boolean
  /** The directory's old mode, when hogkit tightened it to 0700 (other users could list or write it). */
  readonly tightenedDirectory?: { readonly directory: string; readonly fromMode: string } | undefined
}

/**
 * Writes the profiles: a fresh `0600` temporary file created exclusively under a random name in the same
 * directory, then renamed over the store. The directory is created `0700`, or tightened to `0700` when it is
 * the user's own but open to others (the report says so). Throws a `ConfigProblem` when the directory or a
 * parent belongs to someone else or is a link.
 *
 * @category writing
 */
export const writeProfiles = (profiles: StoredProfiles, file: string = keyStorePath()): WriteReport => {
  const dir = path.dirname(file)
  const cannotWrite = (error: unknown) =>
    new ConfigProblem(
      "unreadable",
      `Could not write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`
    )
  try {
    fs.mkdirSync(path.dirname(dir), { recursive: true })
  } catch (error) {
    throw cannotWrite(error)
  }
  checkParents(dir, file)
  try {
    fs.mkdirSync(dir, { mode: 0o700 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw cannotWrite(error)
  }
  const dirStat = inspectDirectory(dir, file)
  if (dirStat === undefined) throw cannotWrite(Object.assign(new Error("gone"), { code: "ENOENT" }))
  let tightened: WriteReport["tightenedDirectory"]
  if (posix && (dirStat.mode & 0o077) !== 0) {
    try {
      fs.chmodSync(dir, 0o700)
    } catch (error) {
      throw cannotWrite(error)
    }
    tightened = { directory: dir, fromMode: modeOf(dirStat) }
  }

  const tmp = path.join(dir, `.config.json.${randomBytes(16).toString("hex")}.tmp`)
  let fd: number
  try {
    // O_EXCL: fails if anything (a file, a link) already has this name, rather than writing through it.
    fd = fs.openSync(
      tmp,
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | O_NOFOLLOW,
      0o600
    )
  } catch (error) {
    throw cannotWrite(error)
  }
  try {
    try {
      fs.writeFileSync(fd, serializeProfiles(profiles))
      fs.fchmodSync(fd, 0o600)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    // rename replaces a link at `file` itself; it never writes through it.
    fs.renameSync(tmp, file)
  } catch (error) {
    fs.rmSync(tmp, { force: true })
    throw cannotWrite(error)
  }
  return { file, privateToOwner: isPrivate(file, dir), tightenedDirectory: tightened }
}

const isPrivate = (file: string, dir: string): boolean => {
  if (!posix) return false
  try {
    const f = fs.lstatSync(file)
    const d = fs.lstatSync(dir)
    const uid = myUid()
    return (
      f.isFile() &&
      (f.mode & 0o077) === 0 &&
      d.isDirectory() &&
      (d.mode & 0o022) === 0 &&
      (uid === undefined || (f.uid === uid && d.uid === uid))
    )
  } catch {
    return false
  }
}

/** The key store as a profile source for `resolveConnection`. @category constructors */
export const keyStore = (env: Environment = processEnvironment()): ProfileSource => {
  const file = keyStorePath(env)
  return { location: file, load: () => readProfiles(file) }
}
