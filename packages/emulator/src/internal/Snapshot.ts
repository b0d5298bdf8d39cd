/**
 * Most of a cold in-memory start is PGlite's initdb. The initialized and migrated database, still
 * empty (no organization, user or key), is the same on every start, so the first start saves it under
 * the user's cache directory and later starts load it instead. The file is named after PGlite's version
 * and the schema, so an upgrade or a migration makes a new one; an unreadable or foreign file is
 * ignored, and any failure falls back to initdb.
 */
import { createHash, randomBytes } from "node:crypto"
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs"
import { homedir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const pgliteVersion = (): string => {
  try {
    const entry = fileURLToPath(import.meta.resolve("@electric-sql/pglite"))
    const pkg = JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")) as {
      version?: unknown
    }
    return typeof pkg.version === "string" ? pkg.version : "unknown"
  } catch {
    return "unknown"
  }
}

/** `HOGKIT_EMULATOR_CACHE_DIR` (empty: no snapshot), else `$XDG_CACHE_HOME/hogkit-emulator`, else `~/.cache/…`. */
const cacheDir = (): string | undefined => {
  const configured = process.env.HOGKIT_EMULATOR_CACHE_DIR
  if (configured !== undefined) return configured === "" ? undefined : configured
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache")
  return join(base, "hogkit-emulator")
}

export interface Snapshot {
  /** The saved database, if there is one this process may trust. */
  read(): Blob | undefined
  /** Saves `dump()`'s result for later starts; never fails the start. */
  save(dump: () => Promise<Blob>): Promise<void>
  /** Forgets a snapshot PGlite could not load. */
  discard(): void
}

export const emptyDatabaseSnapshot = (schema: string): Snapshot | undefined => {
  const dir = cacheDir()
  if (dir === undefined) return undefined
  const version = pgliteVersion()
  if (version === "unknown") return undefined
  const hash = createHash("sha256").update(`${version}\n${schema}`).digest("hex").slice(0, 16)
  const file = join(dir, `empty-pglite-${version}-${hash}.tar`)
  return {
    read: () => {
      try {
        const stat = statSync(file)
        // Only a file this user wrote and nobody else can change: it becomes the whole database.
        const uid = process.getuid?.()
        if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o022) !== 0)) return undefined
        return new Blob([readFileSync(file)])
      } catch {
        return undefined
      }
    },
    save: async (dump) => {
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 })
        const data = Buffer.from(await (await dump()).arrayBuffer())
        // Written aside and renamed: emulators starting at once never read a half-written file.
        const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.partial`
        writeFileSync(partial, data, { mode: 0o600 })
        renameSync(partial, file)
      } catch {
        // A read-only home or a full disk only costs later starts their speed.
      }
    },
    discard: () => {
      rmSync(file, { force: true })
    }
  }
}
