import { defineConfig } from "vitest/config"

// End-to-end tests spawn the built binary against an emulator started per file (PGlite cold start ~2 s).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    globalSetup: ["test/globalSetup.ts"]
  }
})
