/**
 * The data directory holds PGlite's files, whose WAL keeps the default API key in plain text: only the
 * owner may enter it.
 */
import { chmodSync, mkdirSync, statSync } from "node:fs"

/**
 * Creates `dir` (and missing parents) 0700; an existing directory owned by this user that the group or
 * others can access is tightened to 0700. Directories owned by someone else are left alone.
 */
export const secureDataDir = (dir: string): void => {
  // PGlite creates only the last path segment; users pass paths like $XDG_DATA_HOME/hogkit/emulator.
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  // No POSIX modes to fix on Windows.
  const uid = process.getuid?.()
  if (uid === undefined) return
  const stat = statSync(dir)
  if (stat.uid === uid && (stat.mode & 0o077) !== 0) chmodSync(dir, 0o700)
}
