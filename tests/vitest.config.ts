import { defineConfig } from "vitest/config"

// System suites spawn the CLI and MCP server, wait out rate limits and run hundreds of operations under
// injected faults: timeouts are generous, files run one at a time so they do not starve each other.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "security/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    fileParallelism: false
  }
})
