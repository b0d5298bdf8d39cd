import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/globalSetup.ts"],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // Each file starts its own emulator and chromium; two at once is what a 2-core machine takes.
    maxWorkers: 2,
    fileParallelism: true
  }
})
