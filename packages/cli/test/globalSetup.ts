import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"

/** The tests run the real bundle, so build it from the current source first. */
export default function setup() {
  execFileSync("node", ["build.mjs"], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: "inherit"
  })
}
