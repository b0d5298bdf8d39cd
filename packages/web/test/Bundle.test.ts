// The browser bundles as built by `node build.mjs`: within the budget for all four widgets, and free of
// zod (build/zodFree.mjs stands in; PostHog's own checks answer through the proxy, see build.mjs).
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import { describe, expect, it } from "vitest"

const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "browser")
/** The "60 KB", read the stricter way: 60,000 bytes gzipped, not 60 KiB (61,440). */
const BUDGET_BYTES = 60_000

describe("browser bundles", () => {
  it("keeps all four widgets within the 60 KB gzipped budget, as sizes.json reports", () => {
    const code = readFileSync(join(dir, "hogkit-web.js"))
    const gzip = gzipSync(code, { level: 9 }).length
    expect(gzip).toBeLessThanOrEqual(BUDGET_BYTES)
    const sizes = JSON.parse(readFileSync(join(dir, "sizes.json"), "utf8")) as Record<
      string,
      { gzip: number }
    >
    expect(sizes["hogkit-web"]?.gzip).toBe(gzip)
  })

  it("carries no zod: none of its messages, while core's advice texts are there", () => {
    for (const name of [
      "hogkit-web",
      "hogkit-comments",
      "hogkit-dashboards",
      "hogkit-dashboard-templates",
      "hogkit-sharing"
    ]) {
      const code = readFileSync(join(dir, `${name}.js`), "utf8")
      expect(code).not.toContain("Invalid input")
      expect(code).toContain("hogkit-browser")
    }
  })
})
