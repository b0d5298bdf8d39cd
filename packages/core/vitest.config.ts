import { defineConfig } from "vitest/config"

// Two runs of the same tests. "classic" is what Node users get. "mini" resolves `zod` to `zod/mini`, as the
// browser bundles do (packages/web/build.mjs), to prove the schemas and request validation written in the
// shared functional API behave the same there: same issues, paths, codes and messages.
export default defineConfig({
  test: {
    // test/e2e starts a real emulator per file: PGlite's cold start takes seconds on a busy machine.
    hookTimeout: 120_000,
    testTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "classic", include: ["test/**/*.test.ts"] } },
      {
        extends: true,
        // Exact match only: "zod/mini" itself, or any other "zod/..." subpath, must not be rewritten.
        resolve: { alias: [{ find: /^zod$/, replacement: "zod/mini" }] },
        test: {
          name: "mini",
          include: ["test/Schema*.test.ts", "test/PostHogClient.test.ts"],
          env: { HOGKIT_ZOD: "mini" }
        }
      }
    ]
  }
})
