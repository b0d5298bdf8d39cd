/**
 * What the resources and the router need of a database, and the choice of backend: PGlite (embedded, one
 * process, the default) or a PostgreSQL server shared by several emulator processes (`databaseUrl`). Both
 * run the same schema and SQL.
 */
import { PGliteDatabase } from "./PGliteDatabase.js"

/** What handlers get: parameterized queries inside the current unit of work. */
export interface Sql {
  query<T>(sql: string, params?: ReadonlyArray<unknown>): Promise<{ rows: T[] }>
  /**
   * Says that this unit's answer reuses something kept while `marks` had its current value (a cached
   * dashboard list): a backend shared by several processes then re-checks `marks` too before answering.
   */
  dependsOnMarks?(): void
  /**
   * Before a read that shows what reads change (a dashboard list's `last_accessed_at`): brings in what
   * other processes sharing the database deferred. Absent where nothing is shared.
   */
  settleMarks?(): Promise<void>
}

export interface Database {
  /**
   * Moves when a transaction (every write: API writes, admin, reset) starts and when it ends, here or in
   * another process on the same database, so a cached read knows whether anything may have changed since
   * it was computed.
   */
  readonly writes: number
  /**
   * Moves whenever a read changes what a reader would see (a dashboard retrieve marking it accessed).
   * Answers that show such fields (dashboard lists show `last_accessed_at`) depend on it as well as on
   * `writes`; answers that re-render the field themselves (a retrieve's stamp) do not.
   */
  readonly marks: number
  /** Records that a read changed something (see `marks`). */
  mark(): void
  /** Runs `fn` as one transaction; writes never interleave with other writes, in any process. */
  transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T>
  /** Runs `fn` as a transaction when `transactional`, else statement by statement (reads). */
  run<T>(fn: (sql: Sql) => Promise<T>, transactional: boolean): Promise<T>
  /**
   * A write that may wait (dashboards' `last_accessed_at` on a cached retrieve), but that every later
   * reader sees. A later write under the same `key` replaces it.
   */
  defer(key: string, sql: string, params: ReadonlyArray<unknown>): void
  /** Calls `listener` when another process changed the data (never, on an embedded database). */
  onExternalChange(listener: () => void): void
  close(): Promise<void>
}

export interface DatabaseOptions {
  /** PGlite's data directory; in memory when absent. */
  readonly dataDir?: string | undefined
  /** A PostgreSQL server (`postgres://…`); PGlite when absent. */
  readonly databaseUrl?: string | undefined
  readonly log: (line: string) => void
}

export const openDatabase = async (options: DatabaseOptions): Promise<Database> => {
  if (options.databaseUrl === undefined) return PGliteDatabase.open(options.dataDir)
  // Loaded only when asked for: PGlite users never load the PostgreSQL driver.
  const { PostgresDatabase } = await import("./PostgresDatabase.js")
  return PostgresDatabase.open(options.databaseUrl, options.log)
}

/** Postgres' text timestamp (`2026-01-02 03:04:05.12+00`) as DRF renders it (`2026-01-02T03:04:05.120000Z`). */
export const isoTimestamp = (value: string | null | undefined): string | null => {
  if (value === null || value === undefined) return null
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?/.exec(value)
  if (m === null) return value
  const micros = m[3] === undefined ? "" : m[3].padEnd(6, "0")
  return `${m[1]}T${m[2]}${micros === "" || /^0+$/.test(micros) ? "" : `.${micros}`}Z`
}
