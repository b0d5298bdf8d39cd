/**
 * The emulator on a PostgreSQL server (`--database-url`), through node-postgres' pool. Several emulator
 * processes may share one database and behave as one emulator:
 *
 * - Writes never interleave, in any process: each write transaction first takes one transaction-scoped
 *   advisory lock, so writes run one at a time exactly as on PGlite's queue (and the same rules hold:
 *   50 same-name creates make one template). Reads run concurrently on the pool, statement by statement.
 * - Read-your-writes across processes with the in-process caches kept: every write, after it commits and
 *   before it answers, advances the shared sequence `emulator_writes` (reads that change something advance
 *   `emulator_marks`). Every unit of work first reads both (one statement; inside a write, the same
 *   statement that takes the lock), so a request that starts after another process answered a write sees
 *   the new value and drops what its caches computed before. Bumping only after the commit matters: a
 *   reader that saw the new value computes from committed rows.
 * - A deferred write (a cached retrieve's `last_accessed_at`) is applied before the request answers, so
 *   another process's next read sees it.
 */
import pg from "pg"
import type { Database, Sql } from "./Database.js"
import { migrate } from "./migrations.js"

/** The advisory lock key every write transaction (and a schema migration) holds: "hogkit" in ASCII. */
const WRITE_LOCK = 0x686f676b6974

const GENERATION_SQL = `select (select case when is_called then last_value else 0 end from emulator_writes)::float8 as writes,
  (select case when is_called then last_value else 0 end from emulator_marks)::float8 as marks`

const identity = (value: string) => value
const INT8 = 20
const INT8_ARRAY = 1016
const INT4_ARRAY = 1007 as Parameters<typeof pg.types.getTypeParser>[0]

/**
 * Values as PGlite returns them: timestamps stay Postgres text (microsecond precision; JS Dates would drop
 * the microseconds) and bigints (counts, sequences) are numbers.
 */
const types = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === 1184 || oid === 1114) return identity
    if (oid === INT8) return Number
    // int4[]'s parser gives numbers for int8[] too.
    if (oid === INT8_ARRAY) return pg.types.getTypeParser(INT4_ARRAY)
    return pg.types.getTypeParser(oid, format as "text")
  }) as typeof pg.types.getTypeParser
}

/** The URL without its password, for messages. */
export const redactUrl = (url: string): string => {
  try {
    const u = new URL(url)
    if (u.password !== "") u.password = "***"
    return u.toString()
  } catch {
    return "(an unparseable URL)"
  }
}

interface Generation {
  readonly writes: number
  readonly marks: number
}

export class PostgresDatabase implements Database {
  /** Local moves (a transaction starting and ending here) plus the shared sequence's value. */
  private localWrites = 0
  private localMarks = 0
  private shared: Generation = { writes: 0, marks: 0 }
  private readonly listeners: Array<() => void> = []
  private readonly deferred = new Map<string, { sql: string; params: ReadonlyArray<unknown> }>()
  private pendingMark = false

  private constructor(private readonly pool: pg.Pool) {}

  get writes(): number {
    return this.localWrites + this.shared.writes
  }

  get marks(): number {
    return this.localMarks + this.shared.marks
  }

  static async open(url: string, log: (line: string) => void): Promise<PostgresDatabase> {
    const pool = new pg.Pool({ connectionString: url, max: 10, types })
    pool.on("connect", (client) => {
      client.query("set timezone = 'UTC'").catch(() => undefined)
    })
    // An idle client that loses its server must not crash the process; the next query reports it.
    pool.on("error", (error) => log(`PostgreSQL connection lost: ${error.message}`))
    let client: pg.PoolClient
    try {
      client = await pool.connect()
    } catch (error) {
      await pool.end().catch(() => undefined)
      throw new Error(
        `could not connect to PostgreSQL at ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`
      )
    }
    try {
      const version = Number(
        (await client.query<{ v: string }>("select current_setting('server_version_num') as v")).rows[0]?.v
      )
      if (!(version >= 150000)) {
        throw new Error(`the emulator needs PostgreSQL 15 or newer; ${redactUrl(url)} runs ${version}`)
      }
      const trgm =
        (await client.query("select 1 from pg_available_extensions where name = 'pg_trgm'")).rows.length > 0
      if (!trgm) {
        log(
          "PostgreSQL has no pg_trgm extension (Debian: postgresql-contrib): dashboard search matches substrings only"
        )
      }
      // Processes starting at once on one database migrate one after another.
      await client.query("select pg_advisory_lock($1)", [WRITE_LOCK])
      try {
        await migrate(
          (text) => client.query(text),
          (text, params) => client.query<{ value: string }>(text, params),
          { trgm }
        )
      } finally {
        await client.query("select pg_advisory_unlock($1)", [WRITE_LOCK])
      }
    } catch (error) {
      client.release()
      await pool.end().catch(() => undefined)
      throw error
    }
    client.release()
    return new PostgresDatabase(pool)
  }

  mark(): void {
    this.localMarks++
    this.pendingMark = true
  }

  transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return this.run(fn, true)
  }

  async run<T>(fn: (sql: Sql) => Promise<T>, transactional: boolean): Promise<T> {
    const client = await this.pool.connect()
    let broken = false
    try {
      await this.flush(client)
      if (!transactional) {
        this.observe(
          (await client.query<Generation>({ name: "hogkit-generation", text: GENERATION_SQL })).rows[0]
        )
        const result = await fn(wrap(client))
        await this.flush(client)
        return result
      }
      this.localWrites++
      try {
        await client.query("begin")
        try {
          this.observe(
            (await client.query<Generation>(`${GENERATION_SQL}, pg_advisory_xact_lock($1)`, [WRITE_LOCK]))
              .rows[0]
          )
          const result = await fn(wrap(client))
          await client.query("commit")
          return result
        } catch (error) {
          await client.query("rollback").catch(() => {
            broken = true
          })
          throw error
        } finally {
          // After the commit (or rollback), before the answer: see the class comment.
          this.observe((await client.query<Generation>(`select nextval('emulator_writes')`)).rows[0], true)
          await this.flush(client)
        }
      } finally {
        this.localWrites++
      }
    } finally {
      client.release(broken)
    }
  }

  defer(key: string, sql: string, params: ReadonlyArray<unknown>): void {
    this.localMarks++
    this.deferred.delete(key)
    this.deferred.set(key, { sql, params })
  }

  onExternalChange(listener: () => void): void {
    this.listeners.push(listener)
  }

  /**
   * Applies every deferred write and mark recorded so far, before the calling unit answers. Under load many
   * retrieves defer at once: while one flush runs, later callers share the next one, which writes only the
   * newest value per key (group commit), so a burst of retrieves costs a few statements, not one each.
   */
  private flush(client: pg.PoolClient): Promise<void> {
    if (this.inFlight === undefined) {
      if (this.deferred.size === 0 && !this.pendingMark) return Promise.resolve()
      return this.startFlush(client)
    }
    // The next flush runs on the client of the first caller waiting for it (which holds it until then):
    // taking another from the pool could wait forever once every client is held by a waiting unit.
    const waitFor = this.inFlight
    this.nextFlush ??= waitFor.then(
      () => this.startFlush(client),
      () => this.startFlush(client)
    )
    return this.nextFlush
  }

  private inFlight: Promise<void> | undefined
  private nextFlush: Promise<void> | undefined

  private startFlush(client: pg.PoolClient): Promise<void> {
    this.nextFlush = undefined
    const pending = [...this.deferred.values()]
    this.deferred.clear()
    const mark = this.pendingMark || pending.length > 0
    this.pendingMark = false
    const run = async () => {
      if (!mark) return
      const last = pending.pop()
      for (const { sql, params } of pending) await client.query(sql, params as unknown[])
      if (last !== undefined) {
        // The last write and the announcement in one round trip.
        await client.query(
          `with deferred as (${last.sql}) select nextval('emulator_marks')`,
          last.params as unknown[]
        )
      } else {
        await client.query({ name: "hogkit-mark", text: "select nextval('emulator_marks')" })
      }
    }
    const done = run().finally(() => {
      if (this.inFlight === done) this.inFlight = undefined
    })
    this.inFlight = done
    return done
  }

  /** Takes the shared counters' newest values; another process's change empties the identity caches. */
  private observe(row: unknown, ownWrite = false): void {
    if (row === undefined || row === null) return
    const r = row as { writes?: unknown; marks?: unknown; nextval?: unknown }
    const writes = ownWrite ? Number(r.nextval) : Number(r.writes)
    const marks = ownWrite ? this.shared.marks : Number(r.marks)
    const next = { writes: Math.max(this.shared.writes, writes), marks: Math.max(this.shared.marks, marks) }
    // Our own write moves `writes` by exactly one; anything else came from another process.
    const external = ownWrite ? next.writes > this.shared.writes + 1 : next.writes !== this.shared.writes
    this.shared = next
    if (external) for (const listener of this.listeners) listener()
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}

const wrap = (client: pg.PoolClient): Sql => ({
  query: async <T>(sql: string, params?: ReadonlyArray<unknown>) => {
    const result = await client.query(sql, params as unknown[] | undefined)
    return { rows: result.rows as T[] }
  }
})
