import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/globalSetup.ts"],
    // End-to-end tests boot the emulator (PGlite, ~2 s cold) and spawn the built server.
    testTimeout: 60_000,
    // On a loaded 2-core CI machine a real process, socket or browser occasionally misses a beat; one retry
    // absorbs that, and a real regression still fails twice.
    retry: process.env.CI ? 1 : 0,
    hookTimeout: 60_000
  }
})
