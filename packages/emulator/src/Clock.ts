/**
 * The emulator's clock: the database server's, moved forward or back by an offset that `PUT
 * /_emulator/clock` sets (kept in `emulator_meta`, so every process on one database shares it). SQL reads
 * it through `emulator_now()`; reset sets it back to the real time.
 */
import type { Sql } from "./Database.js"

const KEY = "clock_offset_ms"

export const clockOffsetMs = async (sql: Sql): Promise<number> => {
  const { rows } = await sql.query<{ value: string }>("select value from emulator_meta where key = $1", [KEY])
  return rows[0] === undefined ? 0 : Number(rows[0].value)
}

export const setClockOffsetMs = async (sql: Sql, offsetMs: number): Promise<void> => {
  if (offsetMs === 0) {
    await sql.query("delete from emulator_meta where key = $1", [KEY])
    return
  }
  await sql.query(
    "insert into emulator_meta (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value",
    [KEY, String(Math.round(offsetMs))]
  )
}

/** What `GET /_emulator/clock` answers: the emulator's "now" and how far it is from the server's. */
export const readClock = async (sql: Sql): Promise<{ now: string; offset_seconds: number }> => {
  const { rows } = await sql.query<{ now: string; offset_ms: string }>(
    `select to_char(emulator_now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now,
            coalesce((select value from emulator_meta where key = $1), '0') as offset_ms`,
    [KEY]
  )
  return { now: rows[0]!.now, offset_seconds: Number(rows[0]!.offset_ms) / 1000 }
}
