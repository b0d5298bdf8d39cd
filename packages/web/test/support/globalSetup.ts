// The browser tests load the real bundles, so build them once before any test file runs.
import { execFileSync } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
  execFileSync(process.execPath, [join(root, "build.mjs")], { cwd: root, stdio: "pipe" })
}
