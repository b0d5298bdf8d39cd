import { defineConfig } from "vitest/config"

// The emulator on a PostgreSQL server: the contract suite and the concurrency rules again (test/internal/
// Harness gives each file a database of its own on HOGKIT_EMULATOR_TEST_DATABASE_URL), and the
// multi-process suite. Run through scripts/postgres.sh, which starts a server and sets the variable:
//   bash scripts/postgres.sh run pnpm --filter @hogkit/emulator test:postgres
export default defineConfig({
  test: {
    include: [
      "test/Contract.*.test.ts",
      "test/Concurrency.test.ts",
      "test/Fidelity.test.ts",
      "test/postgres/**/*.test.ts"
    ],
    testTimeout: 60_000,
    retry: process.env.CI ? 1 : 0,
    hookTimeout: 120_000,
    // Fail at once, and say how, when no server was given: this pass must never pass by testing PGlite.
    globalSetup: ["test/postgres/requireServer.ts"]
  }
})
