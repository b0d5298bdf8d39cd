/**
 * The emulator's default backend: an embedded Postgres (PGlite). PGlite is one connection, so every unit
 * of work runs as one transaction behind a queue: concurrent requests never interleave statements, and a
 * failed request rolls back whole.
 */
import { PGlite, type Transaction } from "@electric-sql/pglite"
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm"
import type { Database, Sql } from "./Database.js"
import { secureDataDir } from "./internal/DataDir.js"
import { emptyDatabaseSnapshot } from "./internal/Snapshot.js"
import { migrate, schemaText } from "./migrations.js"

const identity = (value: string) => value

/** How long a deferred write may wait when nothing else touches the database. */
const DEFERRED_FLUSH_MS = 1_000

export class PGliteDatabase implements Database {
  private queue: Promise<unknown> = Promise.resolve()
  private readonly deferred = new Map<string, { sql: string; params: ReadonlyArray<unknown> }>()
  private flushTimer: ReturnType<typeof setTimeout> | undefined

  /**
   * Bumped when a transaction (every write: API writes, admin, reset) starts and when it ends, so a
   * cached read knows whether anything may have changed since it was computed.
   */
  writes = 0

  /**
   * Bumped whenever a read changes what a reader would see (a dashboard retrieve marking it accessed,
   * directly or through a deferred write). Answers that show such fields (dashboard lists show
   * `last_accessed_at`) depend on it as well as on `writes`; answers that re-render the field
   * themselves (a retrieve's stamp) do not.
   */
  marks = 0

  /** Records that a read changed something (see `marks`). */
  mark(): void {
    this.marks++
  }

  private constructor(private readonly pg: PGlite) {}

  static async open(dataDir: string | undefined): Promise<PGliteDatabase> {
    if (dataDir !== undefined) secureDataDir(dataDir)
    const create = (loadDataDir: Blob | undefined) =>
      PGlite.create({
        ...(dataDir === undefined ? {} : { dataDir }),
        ...(loadDataDir === undefined ? {} : { loadDataDir }),
        extensions: { pg_trgm },
        // Timestamps stay Postgres text (microsecond precision); JS Dates would drop the microseconds.
        parsers: { 1184: identity, 1114: identity }
      })
    // In memory, a saved empty database replaces initdb (see Snapshot).
    const snapshot = dataDir === undefined ? emptyDatabaseSnapshot(schemaText({ trgm: true })) : undefined
    let saved = snapshot?.read()
    let pg: PGlite
    try {
      pg = await create(saved)
    } catch (error) {
      if (saved === undefined) throw error
      snapshot?.discard()
      saved = undefined
      pg = await create(undefined)
    }
    await pg.exec("set timezone = 'UTC'")
    await migrate(
      (text) => pg.exec(text),
      (text, params) => pg.query<{ value: string }>(text, params),
      { trgm: true }
    )
    // Saved before the boot state exists: the snapshot never holds an organization, user or API key.
    if (snapshot !== undefined && saved === undefined) await snapshot.save(() => pg.dumpDataDir("none"))
    return new PGliteDatabase(pg)
  }

  /** Runs `fn` as one transaction, after every unit of work queued before it. */
  transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return this.run(fn, true)
  }

  /**
   * Runs `fn` after every unit of work queued before it; as a transaction when `transactional`, else
   * statement by statement (reads skip the BEGIN/COMMIT round trips, and still never interleave).
   */
  run<T>(fn: (sql: Sql) => Promise<T>, transactional: boolean): Promise<T> {
    const exec = transactional
      ? async () => {
          // Deferred writes go first and outside the transaction: a rollback must not lose them.
          await this.flush()
          this.writes++
          try {
            return await this.pg.transaction((tx: Transaction) => fn(wrap(tx, undefined)))
          } finally {
            this.writes++
          }
        }
      : () => fn(wrap(this.pg, this))
    const run = this.queue.then(exec)
    this.queue = run.catch(() => undefined)
    return run
  }

  /**
   * A write that may wait (dashboards' `last_accessed_at` on a cached retrieve): it is applied before
   * the next unit of work runs a statement, or within DEFERRED_FLUSH_MS, whichever comes first, so no
   * reader ever sees the database without it. A later write under the same `key` replaces it.
   */
  defer(key: string, sql: string, params: ReadonlyArray<unknown>): void {
    // Readers see a deferred write as already done (it lands before their first statement).
    this.marks++
    this.deferred.delete(key)
    this.deferred.set(key, { sql, params })
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined
      const run = this.queue.then(() => this.flush())
      this.queue = run.catch(() => undefined)
    }, DEFERRED_FLUSH_MS)
    this.flushTimer.unref?.()
  }

  /** Applies the deferred writes, in order. */
  async flush(): Promise<void> {
    if (this.deferred.size === 0) return
    const pending = [...this.deferred.values()]
    this.deferred.clear()
    for (const { sql, params } of pending) await this.pg.query(sql, params as unknown[])
  }

  /** Nothing else shares an embedded database. */
  onExternalChange(): void {}

  async close(): Promise<void> {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer)
    this.flushTimer = undefined
    await this.queue
    await this.flush()
    await this.pg.close()
  }
}

/** `pending`: the database whose deferred writes must land before this unit's first statement. */
const wrap = (tx: Pick<Transaction, "query">, pending: PGliteDatabase | undefined): Sql => ({
  query: async <T>(sql: string, params?: ReadonlyArray<unknown>) => {
    if (pending !== undefined) await pending.flush()
    const result = await tx.query<T>(sql, params as unknown[] | undefined)
    return { rows: result.rows }
  }
})
