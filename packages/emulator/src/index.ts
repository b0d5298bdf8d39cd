/**
 * `@hogkit/emulator`: a local PostHog API for comments, dashboard templates, dashboards and dashboard
 * sharing, on an embedded Postgres. `startEmulator()` starts one; point a client at `url` with `apiKey`.
 *
 * @example
 * const emu = await startEmulator({ port: 0 })
 * await fetch(`${emu.url}/api/projects/${emu.projectId}/dashboards/`, {
 *   headers: { Authorization: `Bearer ${emu.apiKey}` }
 * })
 * await emu.close()
 */
import type { AddressInfo } from "node:net"
import { type BootIds, ensureBootState, resetToBootState } from "./BootState.js"
import { openDatabase } from "./Database.js"
import { Faults } from "./Faults.js"
import { IdentityCache } from "./IdentityCache.js"
import { QueryMemo } from "./QueryMemo.js"
import { POSTHOG_RATE_LIMITS, Throttle } from "./RateLimit.js"
import { MARKED_RESPONSE_CACHE_BYTES, MARKED_RESPONSE_CACHE_ENTRIES, ResponseCache } from "./ResponseCache.js"
import { seedDemo } from "./Seed.js"
import { BODY_LIMIT, createEmulatorServer } from "./Server.js"

export { BODY_LIMIT } from "./Server.js"
export { VERSION } from "./Version.js"

export interface EmulatorOptions {
  /** Port to listen on; `0` picks a free one. Default 8010. */
  readonly port?: number
  /** Address to bind. Default `127.0.0.1`. */
  readonly bind?: string
  /** Persist data in this directory; in memory when absent. */
  readonly dataDir?: string
  /**
   * Keep data on this PostgreSQL server (15 or newer) instead of an embedded PGlite, e.g.
   * `postgres://user:pass@host:5432/db` or `postgres:///db?host=/run/postgresql`; else
   * `HOGKIT_EMULATOR_DATABASE_URL`. Several emulator processes on one database behave as one emulator
   * (rate limits count per process). Not together with `dataDir`.
   */
  readonly databaseUrl?: string
  /** The default personal API key; else `HOGKIT_EMULATOR_API_KEY`, else generated (and kept in `dataDir`). */
  readonly apiKey?: string
  /** `demo` adds sample dashboards, templates and comments. Default `empty`. */
  readonly seed?: "empty" | "demo"
  /** PostHog's rate limits: 480/minute and 4800/hour per key. Default off. */
  readonly rateLimit?: boolean
  /** Refuse API keys where PostHog does (complete, reopen, json_schema, copy_between_projects). */
  readonly strictPostHog?: boolean
  /** No log lines except unexpected errors. Default true. */
  readonly quiet?: boolean
  /** Where log lines go. Default stderr. */
  readonly log?: (line: string) => void
}

export interface Emulator {
  /** `http://127.0.0.1:PORT` */
  readonly url: string
  readonly apiKey: string
  readonly projectId: number
  readonly organizationId: string
  readonly userId: number
  /** Back to the boot state: data, faults and rate-limit counters. */
  reset(): Promise<void>
  close(): Promise<void>
}

export const startEmulator = async (options: EmulatorOptions = {}): Promise<Emulator> => {
  const log = options.log ?? ((line: string) => process.stderr.write(`[hogkit-emulator] ${line}\n`))
  const databaseUrl = options.databaseUrl ?? (process.env.HOGKIT_EMULATOR_DATABASE_URL || undefined)
  if (databaseUrl !== undefined && options.dataDir !== undefined) {
    throw new Error(
      "choose one place for the data: a data directory (PGlite) or a database URL (PostgreSQL), not both"
    )
  }
  const db = await openDatabase({ dataDir: options.dataDir, databaseUrl, log })
  const requestedKey = options.apiKey ?? (process.env.HOGKIT_EMULATOR_API_KEY || undefined)
  let ids: BootIds = await db.transaction(async (sql) => {
    const boot = await ensureBootState(sql, requestedKey)
    if (options.seed === "demo") {
      const seeded = await sql.query(`select 1 from emulator_meta where key = 'seeded'`)
      if (seeded.rows.length === 0) {
        await seedDemo(sql, boot.projectId, boot.userId)
        await sql.query(`insert into emulator_meta (key, value) values ('seeded', 'demo')`)
      }
    }
    return boot
  })
  const faults = new Faults()
  const identities = new IdentityCache()
  // Another emulator process on the same server may have changed users, keys or organizations.
  db.onExternalChange(() => identities.clear())
  const throttle = options.rateLimit === true ? new Throttle(POSTHOG_RATE_LIMITS) : undefined
  const reset = async () => {
    await db.transaction(async (sql) => {
      await resetToBootState(sql, ids)
      if (options.seed === "demo") await seedDemo(sql, ids.projectId, ids.userId)
    })
    identities.clear()
    faults.clear()
    throttle?.clear()
  }
  const bind = options.bind ?? "127.0.0.1"
  const routerOptions = {
    db,
    strictPostHog: options.strictPostHog === true,
    throttle,
    faults,
    identities,
    responses: new ResponseCache(),
    markedResponses: new ResponseCache(MARKED_RESPONSE_CACHE_ENTRIES, MARKED_RESPONSE_CACHE_BYTES),
    memo: new QueryMemo(),
    siteUrl: "",
    log
  }
  const server = createEmulatorServer({
    router: routerOptions,
    admin: { db, ids: () => ids, faults, reset, identities },
    faults,
    log
  })
  server.keepAliveTimeout = 5_000
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject)
      server.listen(options.port ?? 8010, bind, () => {
        server.off("error", reject)
        resolve()
      })
    })
  } catch (error) {
    await db.close()
    throw error
  }
  const port = (server.address() as AddressInfo).port
  const host = bind === "0.0.0.0" || bind === "::" ? "127.0.0.1" : bind.includes(":") ? `[${bind}]` : bind
  const url = `http://${host}:${port}`
  routerOptions.siteUrl = url
  ids = { ...ids }
  if (options.quiet === false) log(`listening on ${url} (body limit ${BODY_LIMIT} bytes)`)
  let closing: Promise<void> | undefined
  return {
    url,
    apiKey: ids.apiKey,
    projectId: ids.projectId,
    organizationId: ids.organizationId,
    userId: ids.userId,
    reset,
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await db.close()
      })()
      return closing
    }
  }
}
