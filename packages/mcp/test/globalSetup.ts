import { join } from "node:path"
// @ts-expect-error: a plain .mjs helper shared by the packages' test setups, without type declarations.
import { requireBuilt } from "../../../scripts/require-built.mjs"

/** The end-to-end tests spawn dist/ as users get it, which turbo's `test` task built first: refuse a missing or stale one. */
export default function setup() {
  requireBuilt({
    dir: join(import.meta.dirname, ".."),
    name: "@hogkit/mcp",
    built: ["dist/hogkit-mcp.cjs"],
    sources: ["src", "build.mjs"]
  })
}
