import { defineConfig } from "vitest/config"

// PGlite's cold start takes seconds on a busy machine: one emulator per file, generous timeouts.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Needs a PostgreSQL server: vitest.postgres.config.ts runs it.
    exclude: ["test/postgres/**"],
    testTimeout: 60_000,
    // On a loaded 2-core CI machine a real process, socket or browser occasionally misses a beat; one retry
    // absorbs that, and a real regression still fails twice.
    retry: process.env.CI ? 1 : 0,
    hookTimeout: 120_000
  }
})
