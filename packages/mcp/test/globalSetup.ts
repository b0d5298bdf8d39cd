import { spawnSync } from "node:child_process"
import { chmodSync } from "node:fs"
import { join } from "node:path"

/** Builds dist/ once per run, so the end-to-end tests spawn the same `hogkit-mcp` users get. */
export default function setup() {
  const dir = join(import.meta.dirname, "..")
  const r = spawnSync(
    process.execPath,
    [join(dir, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: dir,
      encoding: "utf8"
    }
  )
  if (r.status !== 0) throw new Error(`hogkit-mcp build failed:\n${r.stdout}${r.stderr}`)
  chmodSync(join(dir, "dist/bin.js"), 0o755)
}
