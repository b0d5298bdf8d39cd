import { spawnSync } from "node:child_process"
import { join } from "node:path"

/** Builds dist/ once per run (library and bundled command), so the end-to-end tests spawn what users get. */
export default function setup() {
  const dir = join(import.meta.dirname, "..")
  const r = spawnSync(process.execPath, [join(dir, "build.mjs")], { cwd: dir, encoding: "utf8" })
  if (r.status !== 0) throw new Error(`hogkit-mcp build failed:\n${r.stdout}${r.stderr}`)
}
