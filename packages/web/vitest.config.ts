import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/globalSetup.ts"],
    testTimeout: 60_000,
    // On a loaded 2-core CI machine a real process, socket or browser occasionally misses a beat; one retry
    // absorbs that, and a real regression still fails twice.
    retry: process.env.CI ? 1 : 0,
    hookTimeout: 90_000,
    // A loaded CI machine renders slower than a laptop: polls wait for what the user would see, not 1 s.
    expect: { poll: { timeout: 10_000 } },
    // Each file starts its own emulator and chromium; two at once is what a 2-core machine takes.
    maxWorkers: 2,
    fileParallelism: true
  }
})
