import { defineConfig } from "vitest/config"

// Run from packages/emulator: `npx vitest run --config test/core-e2e/vitest.config.ts`.
// The emulator's own config excludes this folder; these are @hogkit/core's end-to-end tests.
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/core-e2e/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
})
