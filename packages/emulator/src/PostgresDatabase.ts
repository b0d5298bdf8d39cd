/**
 * The emulator on a PostgreSQL server (`--database-url`), through node-postgres' pool. Several emulator
 * processes may share one database and behave as one emulator:
 *
 * - Writes never interleave, in any process: each write transaction first takes one transaction-scoped
 *   advisory lock, so writes run one at a time exactly as on PGlite's queue (and the same rules hold:
 *   50 same-name creates make one template). Reads run concurrently on the pool, statement by statement.
 * - Read-your-writes across processes with the in-process caches kept, and no round trip for a cached
 *   answer: every process keeps one connection listening on the channel `hogkit` (named
 *   `hogkit-emulator`, so the others find it in `pg_stat_activity`). A write, after it commits and before
 *   it answers, announces itself there and waits until every other listening process has emptied its caches
 *   and said so (see Peers). A read that starts after the write answered therefore computes afresh.
 * - Reads that change something (a dashboard retrieve's `last_accessed_at`) are deferred and written in
 *   the background within DEFERRED_FLUSH_MS, advancing `emulator_counters.marks` in the same transaction.
 *   A read that shows such fields (a dashboard list) first asks every other process to write what it
 *   deferred and waits for them, then reads `marks` (its cached lists are dropped when it moved).
 * - While the listening connection is down (and until it is back), this process cannot be told: every read
 *   then ends with a check of the shared counters (`emulator_writes`, moved by every write; `marks`) that
 *   starts after the read began, and runs again on emptied caches when another process moved them.
 */
import pg from "pg"
import type { Database, Sql } from "./Database.js"
import { migrate } from "./migrations.js"

/** The advisory lock key every write transaction (and a schema migration) holds: "hogkit" in ASCII. */
const WRITE_LOCK = 0x686f676b6974

/** Both counters (see the class comment), as the statements below read them. */
const WRITES_SQL = "(select case when is_called then last_value else 0 end from emulator_writes)::float8"
const MARKS_SQL = "(select marks from emulator_counters where id = 1)::float8"
const GENERATION_SQL = `select ${WRITES_SQL} as writes, ${MARKS_SQL} as marks`

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

interface Deferred {
  readonly sql: string
  readonly params: ReadonlyArray<unknown>
}

/**
 * One statement applying `pending` (each a data-modifying CTE; their `$n` renumbered), advancing the marks
 * counter in the same transaction when `bump`, and reading both counters.
 */
export const checkStatement = (
  pending: ReadonlyArray<Deferred>,
  bump: boolean
): { text: string; values: unknown[] } => {
  if (!bump) return { text: GENERATION_SQL, values: [] }
  const values: unknown[] = []
  const ctes = pending.map(({ sql, params }, i) => {
    const offset = values.length
    values.push(...params)
    return `d${i} as (${sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`
  })
  ctes.push("m as (update emulator_counters set marks = marks + 1 where id = 1 returning marks)")
  return {
    text: `with ${ctes.join(", ")} select ${WRITES_SQL} as writes, (select marks from m)::float8 as marks`,
    values
  }
}

/** How long a deferred write (a cached retrieve's `last_accessed_at`) may wait, unless a reader asks for it. */
const DEFERRED_FLUSH_MS = 100
/** How long a write waits for another process to confirm it emptied its caches before answering anyway. */
const ACK_TIMEOUT_MS = 5_000
const CHANNEL = "hogkit"
const LISTENER_NAME = "hogkit-emulator"

/**
 * The other emulator processes on this database, through LISTEN/NOTIFY. Messages are
 * `<kind>:<from pid>:<seq>[:<acker pid>]`: `w` a write committed (empty your caches), `f` write what you
 * deferred, `a` the acknowledgement of the sender's `seq`, once done.
 */
class Peers {
  private seq = 0
  private readonly waiting = new Map<
    number,
    { acked: Set<number>; expected?: Set<number>; done: () => void }
  >()
  private reconnect: ReturnType<typeof setTimeout> | undefined
  private closed = false
  client: pg.Client | undefined
  pid = 0

  constructor(
    private readonly url: string,
    private readonly pool: pg.Pool,
    private readonly log: (line: string) => void,
    private readonly handle: (kind: string) => Promise<void>
  ) {}

  get listening(): boolean {
    return this.client !== undefined
  }

  async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url })
    client.on("error", (error) => this.lost(client, error))
    client.on("end", () => this.lost(client, new Error("the connection ended")))
    await client.connect()
    client.on("notification", (n) => {
      if (n.channel === CHANNEL && n.payload !== undefined) this.receive(n.payload)
    })
    this.pid = Number((await client.query("select pg_backend_pid() as pid")).rows[0]?.pid)
    await client.query(`listen ${CHANNEL}`)
    // Named only once listening: a writer waits for every connection of that name to answer.
    await client.query(`set application_name = '${LISTENER_NAME}'`)
    this.client = client
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.client !== client || this.closed) return
    this.client = undefined
    this.log(
      `PostgreSQL listening connection lost (${error.message}); reads check the database until it is back`
    )
    client.end().catch(() => undefined)
    const retry = () => {
      this.reconnect = undefined
      if (this.closed) return
      this.connect().then(
        () => {
          this.log("PostgreSQL listening connection back")
          // Whatever was announced meanwhile went unheard: the caches start afresh.
          void this.handle("w")
        },
        () => {
          this.reconnect = setTimeout(retry, 1_000)
          this.reconnect.unref?.()
        }
      )
    }
    retry()
  }

  private receive(payload: string): void {
    const [kind, fromText, seqText, ackerText] = payload.split(":")
    const from = Number(fromText)
    const seq = Number(seqText)
    if (kind === "a") {
      if (from !== this.pid) return
      const w = this.waiting.get(seq)
      if (w === undefined) return
      w.acked.add(Number(ackerText))
      this.settle(seq)
      return
    }
    if (from === this.pid || kind === undefined) return
    // Done synchronously for `w` (the caches are emptied before the acknowledgement leaves).
    this.handle(kind)
      .then(() => this.query("select pg_notify($1, $2)", [CHANNEL, `a:${from}:${seq}:${this.pid}`]))
      .catch((error: unknown) =>
        this.log(
          `could not answer another emulator process: ${error instanceof Error ? error.message : error}`
        )
      )
  }

  private settle(seq: number): void {
    const w = this.waiting.get(seq)
    if (w?.expected === undefined) return
    for (const pid of w.expected) if (!w.acked.has(pid)) return
    w.done()
  }

  /**
   * Sends `kind` to every other listening process and waits for each one's acknowledgement (or for
   * ACK_TIMEOUT_MS, after which it says which did not answer). `extra` is a select-list item run in the
   * same statement (a write's counter).
   */
  async broadcast(kind: string, extra?: string): Promise<Record<string, unknown> | undefined> {
    const seq = ++this.seq
    let done!: () => void
    const finished = new Promise<void>((resolve) => {
      done = resolve
    })
    const entry: { acked: Set<number>; expected?: Set<number>; done: () => void } = {
      acked: new Set(),
      done
    }
    this.waiting.set(seq, entry)
    try {
      const row = (
        await this.query<{ peers: number[] } & Record<string, unknown>>(
          `select pg_notify($1, $2),
                  array(select pid from pg_stat_activity
                         where application_name = $3 and datname = current_database() and pid <> $4) as peers
                  ${extra === undefined ? "" : `, ${extra}`}`,
          [CHANNEL, `${kind}:${this.pid}:${seq}`, LISTENER_NAME, this.pid]
        )
      ).rows[0]
      entry.expected = new Set((row?.peers ?? []).map(Number))
      this.settle(seq)
      let timer: ReturnType<typeof setTimeout> | undefined
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), ACK_TIMEOUT_MS)
      })
      const late = await Promise.race([finished.then(() => false), timedOut])
      clearTimeout(timer)
      if (late) {
        const missing = [...entry.expected].filter((pid) => !entry.acked.has(pid))
        this.log(`another emulator process (PostgreSQL backend ${missing.join(", ")}) did not answer in time`)
      }
      return row
    } finally {
      this.waiting.delete(seq)
    }
  }

  /**
   * Runs a statement on the listening connection (a pool client may all be held by reads waiting for
   * this very statement), or on the pool while it is down.
   */
  query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    return this.client === undefined ? this.pool.query<R>(text, values) : this.client.query<R>(text, values)
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.reconnect !== undefined) clearTimeout(this.reconnect)
    const client = this.client
    this.client = undefined
    await client?.end().catch(() => undefined)
  }
}

export class PostgresDatabase implements Database {
  private peers: Peers | undefined
  private flushTimer: ReturnType<typeof setTimeout> | undefined
  /** Local moves (a transaction starting and ending here) plus the shared counters' values. */
  private localWrites = 0
  private localMarks = 0
  private shared: Generation = { writes: 0, marks: 0 }
  /** How often another process was seen to write, and to mark: a read compares them across its check. */
  private foreignWrites = 0
  private foreignMarks = 0
  private readonly listeners: Array<() => void> = []
  private readonly deferred = new Map<string, Deferred>()
  private pendingMark = false
  /** The check statement in flight, and the one queued behind it (see `check`). */
  private checking: Promise<void> | undefined
  private nextCheck: Promise<void> | undefined

  private constructor(
    private readonly pool: pg.Pool,
    private readonly log: (line: string) => void
  ) {}

  get writes(): number {
    return this.localWrites + this.shared.writes
  }

  get marks(): number {
    return this.localMarks + this.shared.marks
  }

  static async open(url: string, log: (line: string) => void): Promise<PostgresDatabase> {
    const db = await PostgresDatabase.connect(url, log)
    db.peers = new Peers(url, db.pool, log, (kind) => db.onPeerMessage(kind))
    try {
      await db.peers.connect()
    } catch (error) {
      await db.pool.end().catch(() => undefined)
      throw new Error(
        `could not listen on PostgreSQL at ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`
      )
    }
    return db
  }

  /** Another process wrote (`w`: empty the caches) or wants what this one deferred (`f`). */
  private async onPeerMessage(kind: string): Promise<void> {
    if (kind === "w") {
      this.foreignWrites++
      this.localWrites += 2
      for (const listener of this.listeners) listener()
      return
    }
    if (kind === "f" && (this.deferred.size > 0 || this.pendingMark || this.checking !== undefined)) {
      await this.check()
    }
  }

  /**
   * Brings in what every process deferred before this read shows it (a dashboard list's
   * `last_accessed_at`): the others write theirs, then one check writes this one's and reads `marks`.
   */
  async settleMarks(): Promise<void> {
    if (this.peers?.listening !== true) return
    await this.peers.broadcast("f")
    await this.check()
  }

  private static async connect(url: string, log: (line: string) => void): Promise<PostgresDatabase> {
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
    const db = new PostgresDatabase(pool, log)
    await db.check()
    return db
  }

  mark(): void {
    this.localMarks++
    this.pendingMark = true
  }

  transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return this.run(fn, true)
  }

  run<T>(fn: (sql: Sql) => Promise<T>, transactional: boolean): Promise<T> {
    return transactional ? this.write(fn) : this.read(fn)
  }

  /**
   * A read: `fn` runs on a pool client taken at its first statement (an answer served from the caches
   * takes none). While listening, that is all (a write elsewhere would have emptied the caches before it
   * answered). Otherwise the shared check follows (see the class comment): when another process wrote
   * since `fn` began (or marked, and `fn` reused something kept at the old marks), `fn` runs once more:
   * the check emptied the caches, and it started after this read began, so the second answer is current.
   */
  private async read<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    if (this.peers?.listening === true) {
      const only = await this.attempt(fn)
      if (this.deferred.size > 0 || this.pendingMark) this.scheduleFlush()
      return settle(only)
    }
    const writesBefore = this.foreignWrites
    const marksBefore = this.foreignMarks
    const first = await this.attempt(fn)
    await this.check()
    const stale =
      this.foreignWrites !== writesBefore || (first.dependsOnMarks && this.foreignMarks !== marksBefore)
    if (!stale) return settle(first)
    const second = await this.attempt(fn)
    if (this.deferred.size > 0 || this.pendingMark) await this.check()
    return settle(second)
  }

  private async attempt<T>(fn: (sql: Sql) => Promise<T>): Promise<Attempt<T>> {
    let client: pg.PoolClient | undefined
    let taking: Promise<pg.PoolClient> | undefined
    let dependsOnMarks = false
    const sql: Sql = {
      query: async <R>(text: string, params?: ReadonlyArray<unknown>) => {
        taking ??= this.pool.connect().then((c) => {
          client = c
          return c
        })
        const result = await (await taking).query(text, params as unknown[] | undefined)
        return { rows: result.rows as R[] }
      },
      dependsOnMarks: () => {
        dependsOnMarks = true
      },
      settleMarks: () => this.settleMarks()
    }
    try {
      return { ok: true, value: await fn(sql), dependsOnMarks }
    } catch (error) {
      return { ok: false, error, dependsOnMarks }
    } finally {
      // Released before the check: a unit waiting for it must not hold a client the check may need.
      if (client === undefined && taking !== undefined) client = await taking.catch(() => undefined)
      client?.release()
    }
  }

  private async write<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    let broken = false
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
        client.release(broken)
        if (!broken) {
          const next = "nextval('emulator_writes')::float8 as nextval"
          const row =
            this.peers?.listening === true
              ? await this.peers.broadcast("w", next)
              : (await this.pool.query(`select ${next}`)).rows[0]
          this.observe({ writes: Number(row?.nextval), marks: this.shared.marks }, true)
        }
        if (this.deferred.size > 0 || this.pendingMark) await this.check()
      }
    } finally {
      this.localWrites++
    }
  }

  defer(key: string, sql: string, params: ReadonlyArray<unknown>): void {
    this.localMarks++
    this.deferred.delete(key)
    this.deferred.set(key, { sql, params })
  }

  /** Writes the deferred writes within DEFERRED_FLUSH_MS (sooner when a reader asks: `settleMarks`). */
  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined
      this.check().catch((error: unknown) =>
        this.log(
          `could not write last_accessed_at to PostgreSQL: ${error instanceof Error ? error.message : error}`
        )
      )
    }, DEFERRED_FLUSH_MS)
  }

  onExternalChange(listener: () => void): void {
    this.listeners.push(listener)
  }

  /**
   * Runs the check statement (applying every deferred write and mark recorded so far) and resolves once one
   * that started after this call has finished. Under load many reads wait at once: while one check runs,
   * later callers share the next one (group commit), so a burst of cached retrieves costs a few statements,
   * not one each.
   */
  check(): Promise<void> {
    if (this.checking === undefined) return this.startCheck()
    this.nextCheck ??= this.checking.then(
      () => this.startCheck(),
      () => this.startCheck()
    )
    return this.nextCheck
  }

  private startCheck(): Promise<void> {
    this.nextCheck = undefined
    const pending = [...this.deferred.values()]
    this.deferred.clear()
    const bump = this.pendingMark || pending.length > 0
    this.pendingMark = false
    const { text, values } = checkStatement(pending, bump)
    const done = (
      this.peers === undefined
        ? this.pool.query<Generation>(text, values)
        : this.peers.query<Generation>(text, values)
    )
      .then((r) => this.observe(r.rows[0], false, bump))
      .finally(() => {
        if (this.checking === done) this.checking = undefined
      })
    this.checking = done
    return done
  }

  /**
   * Takes the shared counters' newest values. `ownWrite`: the row is this process's own write's; `ownMark`:
   * the statement advanced `marks` by one itself. Anything else that moved came from another process: it
   * is counted (see `read`) and empties the identity caches.
   */
  private observe(row: Generation | undefined, ownWrite = false, ownMark = false): void {
    if (row === undefined) return
    const writes = Number(row.writes)
    const marks = Number(row.marks)
    const foreignWrite = ownWrite ? writes > this.shared.writes + 1 : writes > this.shared.writes
    const foreignMark = ownMark ? marks > this.shared.marks + 1 : marks > this.shared.marks
    this.shared = { writes: Math.max(this.shared.writes, writes), marks: Math.max(this.shared.marks, marks) }
    if (foreignMark) this.foreignMarks++
    if (foreignWrite) {
      this.foreignWrites++
      for (const listener of this.listeners) listener()
    }
  }

  async close(): Promise<void> {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer)
    this.flushTimer = undefined
    await this.peers?.close()
    await this.checking?.catch(() => undefined)
    if (this.deferred.size > 0 || this.pendingMark) await this.check().catch(() => undefined)
    await this.pool.end()
  }
}

type Attempt<T> =
  | { readonly ok: true; readonly value: T; readonly dependsOnMarks: boolean }
  | { readonly ok: false; readonly error: unknown; readonly dependsOnMarks: boolean }

const settle = <T>(a: Attempt<T>): T => {
  if (a.ok) return a.value
  throw a.error
}

const wrap = (client: pg.PoolClient): Sql => ({
  query: async <T>(sql: string, params?: ReadonlyArray<unknown>) => {
    const result = await client.query(sql, params as unknown[] | undefined)
    return { rows: result.rows as T[] }
  }
})
