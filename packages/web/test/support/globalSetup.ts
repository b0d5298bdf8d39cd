// The browser tests load the real bundles, which turbo's `test` task built first: refuse missing or stale ones.
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
// @ts-expect-error: a plain .mjs helper shared by the packages' test setups, without type declarations.
import { requireBuilt } from "../../../../scripts/require-built.mjs"

export default function setup(): void {
  requireBuilt({
    dir: join(dirname(fileURLToPath(import.meta.url)), "..", ".."),
    name: "@hogkit/web",
    built: ["dist/browser/hogkit-web.js"],
    sources: ["src", "build", "build.mjs"]
  })
}
