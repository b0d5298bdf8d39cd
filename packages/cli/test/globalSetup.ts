import { fileURLToPath } from "node:url"
// @ts-expect-error: a plain .mjs helper shared by the packages' test setups, without type declarations.
import { requireBuilt } from "../../../scripts/require-built.mjs"

/** The tests run the real bundle, which turbo's `test` task built first: refuse a missing or stale one. */
export default function setup() {
  requireBuilt({
    dir: fileURLToPath(new URL("..", import.meta.url)),
    name: "@hogkit/cli",
    built: ["dist/hogkit.js"],
    sources: ["src", "build.mjs"]
  })
}
