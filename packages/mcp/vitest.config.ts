import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/globalSetup.ts"],
    // End-to-end tests boot the emulator (PGlite, ~2 s cold) and spawn the built server.
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
