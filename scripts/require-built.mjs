// A vitest globalSetup helper: the end-to-end suites run a package's built files, as users get them, and
// turbo's `test` task builds them first (`dependsOn: ["build"]`), so a suite never rebuilds. Run on its
// own (`npx vitest run` in the package), it refuses to test a missing or stale build and says how to make
// one, instead of silently testing old code.
import { existsSync, readdirSync, statSync } from "node:fs"
import { join, relative } from "node:path"

const newestUnder = (path) => {
  const stat = statSync(path)
  if (!stat.isDirectory()) return { path, mtime: stat.mtimeMs }
  let newest = { path, mtime: 0 }
  for (const name of readdirSync(path)) {
    const found = newestUnder(join(path, name))
    if (found.mtime > newest.mtime) newest = found
  }
  return newest
}

/**
 * Throws unless every file of `built` (paths relative to `dir`) exists and is newer than everything in
 * `sources` (the package's src/ and build script).
 */
export const requireBuilt = ({ dir, name, built, sources = ["src"] }) => {
  const how = `build it with \`pnpm --filter ${name} build\` (or run \`pnpm test\` at the repository root, which builds first)`
  let oldest = Number.POSITIVE_INFINITY
  for (const file of built) {
    const path = join(dir, file)
    if (!existsSync(path)) throw new Error(`${name}: ${file} is missing; ${how}.`)
    oldest = Math.min(oldest, statSync(path).mtimeMs)
  }
  for (const source of sources) {
    const path = join(dir, source)
    if (!existsSync(path)) continue
    const newest = newestUnder(path)
    if (newest.mtime > oldest)
      throw new Error(`${name}: ${relative(dir, newest.path)} changed after the last build; ${how}.`)
  }
}
