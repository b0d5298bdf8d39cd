import { defineConfig } from "vitest/config"

// End-to-end tests spawn the built binary against an emulator started per file (PGlite cold start ~2 s).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    // On a loaded 2-core CI machine a real process, socket or browser occasionally misses a beat; one retry
    // absorbs that, and a real regression still fails twice.
    retry: process.env.CI ? 1 : 0,
    hookTimeout: 180_000,
    maxWorkers: 2,
    globalSetup: ["test/globalSetup.ts"]
  }
})
