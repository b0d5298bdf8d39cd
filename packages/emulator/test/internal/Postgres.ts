/**
 * The PostgreSQL server the suites may run against: `HOGKIT_EMULATOR_TEST_DATABASE_URL` (scripts/postgres.sh
 * sets it). Each emulator gets a database of its own, so test files never see each other's rows.
 */
import { randomBytes } from "node:crypto"
import pg from "pg"

export const testServerUrl = (): string | undefined =>
  process.env.HOGKIT_EMULATOR_TEST_DATABASE_URL || undefined

/** A new, empty database on the test server; `drop` removes it. */
export const freshDatabase = async (
  serverUrl: string
): Promise<{ url: string; drop: () => Promise<void> }> => {
  const name = `hogkit_test_${randomBytes(6).toString("hex")}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl })
      await client.connect()
      try {
        await client.query(`drop database if exists ${name} with (force)`)
      } finally {
        await client.end()
      }
    }
  }
}
