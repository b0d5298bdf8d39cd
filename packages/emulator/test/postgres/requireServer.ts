/** The PostgreSQL pass refuses to run on PGlite: without a server URL it stops with how to get one. */
export default function setup() {
  if (!process.env.HOGKIT_EMULATOR_TEST_DATABASE_URL) {
    throw new Error(
      "HOGKIT_EMULATOR_TEST_DATABASE_URL is not set: run `bash scripts/postgres.sh run pnpm --filter @hogkit/emulator test:postgres`, which starts a PostgreSQL server for the run"
    )
  }
}
