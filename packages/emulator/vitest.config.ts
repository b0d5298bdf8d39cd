import { defineConfig } from "vitest/config"

// PGlite's cold start takes seconds on a busy machine: one emulator per file, generous timeouts.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
})
