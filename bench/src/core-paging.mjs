// Core 2: paging. `Dashboards.stream` over 10,000 dashboards (page size 100) from the emulator with 50 ms
// of injected latency per request, versus the loop everyone writes first: fetch a page, follow `next`,
// one request at a time. The figure is the speed-up (baseline time / hogkit time); both sides must yield
// the same ids in the same order, checked every round.
//
// Seeding: the emulator enforces PostHog's 500-dashboards-per-project limit on create and has no option
// or admin endpoint to lift it, so the benchmark starts the emulator once on a fresh data dir (boot state:
// org, project, user, key), stops it, inserts 10,000 rows into that data dir's Postgres directly with one
// `generate_series`, and starts the emulator again on it.
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  admin,
  BENCH_KEY,
  benchmarkMain,
  interleave,
  log,
  measure,
  median,
  row,
  startEmulatorProcess
} from "../lib/harness.mjs"

const DASHBOARDS = 10_000
const PAGE = 100
const LATENCY_MS = 50
const ROUNDS = 3

const seed = async (dataDir) => {
  const first = await startEmulatorProcess({ dataDir })
  const info = await admin(first, "GET", "/_emulator/info")
  await first.stop()
  const { PGlite } = await import("@electric-sql/pglite")
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm")
  const pg = await PGlite.create({ dataDir, extensions: { pg_trgm } })
  await pg.query(
    `insert into dashboards (team_id, name, description, created_by, tags, created_at)
     select $1, 'Dashboard ' || lpad(g::text, 5, '0'), 'Seeded for the paging benchmark', $2, '{bench}',
            now() - g * interval '1 second'
     from generate_series(1, $3::int) g`,
    [info.project_id, info.user_id, DASHBOARDS]
  )
  await pg.close()
}

/** Offset pages (`count`, absolute `next`/`previous`, `results`) over `items`, each after LATENCY_MS. */
const pagingServer = async (items) => {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1")
    const limit = Number(url.searchParams.get("limit") ?? PAGE)
    const offset = Number(url.searchParams.get("offset") ?? 0)
    const base = `http://127.0.0.1:${server.address().port}${url.pathname}`
    const body = JSON.stringify({
      count: items.length,
      next: offset + limit < items.length ? `${base}?limit=${limit}&offset=${offset + limit}` : null,
      previous:
        offset > 0 ? `${base}?limit=${limit}${offset - limit > 0 ? `&offset=${offset - limit}` : ""}` : null,
      results: items.slice(offset, offset + limit)
    })
    setTimeout(() => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) })
      res.end(body)
    }, LATENCY_MS)
  })
  server.keepAliveTimeout = 5_000
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

const main = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "hogkit-bench-paging-"))
  let emu
  try {
    const t0 = performance.now()
    await seed(dataDir)
    emu = await startEmulatorProcess({ dataDir })
    log(`seeded ${DASHBOARDS} dashboards in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

    const Effect = await import("effect/Effect")
    const Stream = await import("effect/Stream")
    const ManagedRuntime = await import("effect/ManagedRuntime")
    const { Dashboards, PostHog } = await import("@hogkit/core")

    // One hogkit client and one follow-next loop against a base URL; both return ids in order.
    const sides = (baseUrl, projectId) => {
      const runtime = ManagedRuntime.make(PostHog.layer({ apiKey: BENCH_KEY, host: baseUrl, projectId }))
      const viaHogkit = async () => {
        const t = performance.now()
        const items = await runtime.runPromise(
          Effect.gen(function* () {
            const dashboards = yield* Dashboards
            return yield* Stream.runCollect(dashboards.stream({ limit: PAGE }))
          })
        )
        return { value: performance.now() - t, ids: Array.from(items, (d) => d.id) }
      }
      const viaLoop = async (keep) => {
        const t = performance.now()
        const ids = []
        let next = `${baseUrl}/api/projects/${projectId}/dashboards/?limit=${PAGE}`
        while (next) {
          const res = await fetch(next, { headers: { Authorization: `Bearer ${BENCH_KEY}` } })
          if (!res.ok) throw new Error(`${next}: ${res.status}`)
          const page = JSON.parse(await res.text())
          for (const d of page.results) {
            ids.push(d.id)
            keep?.push(d)
          }
          next = page.next
        }
        return { value: performance.now() - t, ids }
      }
      const warmHogkit = () =>
        runtime.runPromise(
          Effect.gen(function* () {
            return yield* (yield* Dashboards).list({ limit: PAGE })
          })
        )
      return { viaHogkit, viaLoop, warmHogkit, dispose: () => runtime.dispose() }
    }

    const compare = async (s, label, budgetMs, minRounds) => {
      const result = await interleave({
        rounds: ROUNDS,
        warmup: 0,
        budgetMs,
        minRounds,
        a: s.viaHogkit,
        b: () => s.viaLoop(),
        ratio: (a, b) => b / a,
        onRound: (i, a, b) =>
          log(`${label} round ${i + 1}: hogkit ${a.toFixed(0)} ms, follow-next loop ${b.toFixed(0)} ms`)
      })
      for (let i = 0; i < result.extraA.length; i++) {
        const a = result.extraA[i].ids
        const b = result.extraB[i].ids
        if (b.length !== DASHBOARDS)
          throw new Error(`loop saw ${b.length} dashboards, expected ${DASHBOARDS}`)
        if (a.length !== b.length || a.some((id, j) => id !== b[j])) {
          throw new Error(
            `round ${i + 1}: hogkit streamed ${a.length} items, not the loop's ${b.length} in its order`
          )
        }
      }
      return result
    }

    const onEmulator = sides(emu.url, emu.projectId)
    // Unscored warm-up without latency: one full pass over the pages so neither side's first round pays
    // for the emulator's cold table, and one page through hogkit to build its runtime. Then latency.
    const items = []
    await onEmulator.viaLoop(items)
    await onEmulator.warmHogkit()
    await admin(emu, "PUT", "/_emulator/faults", { latency_ms: LATENCY_MS })
    const result = await compare(onEmulator, "emulator", 60_000, 2)
    await onEmulator.dispose()
    await emu.stop()

    // The same pages, byte for byte, from a canned server with the same 50 ms and no database behind it:
    // what the client does when the server is not the bottleneck.
    const canned = await pagingServer(items)
    let cannedResult
    try {
      const onCanned = sides(canned.url, 1)
      await onCanned.warmHogkit()
      cannedResult = await compare(onCanned, "canned", 30_000, 3)
      await onCanned.dispose()
    } finally {
      await canned.close()
    }
    const perPage = (median(result.b) / (DASHBOARDS / PAGE)).toFixed(0)
    const secs = (xs) => xs.map((ms) => ms / 1000)
    return [
      row({
        id: "core-paging",
        group: "core",
        name: `Core 2: Dashboards.stream of ${DASHBOARDS.toLocaleString("en")} from the emulator, +${LATENCY_MS} ms (speed-up)`,
        hogkit: measure(secs(result.a), "s", 2),
        baseline: measure(secs(result.b), "s", 2),
        baselineLabel: "sequential follow-next loop, raw fetch",
        ratio: result.ratios,
        goal: { cmp: ">=", value: 5 },
        note: `ratio is loop time / hogkit time, page size ${PAGE}; same ids in the same order checked every round; hogkit's default pageConcurrency (8), which alone caps the speed-up near 8×. The loop spent ${perPage} ms per page, ${LATENCY_MS} ms of it injected: the rest is the emulator answering. After the warm-up pass the emulator answers these unchanged pages from its response cache (both sides alike, as it would until the next write); a first walk after a write costs it ~7 ms a page in PGlite, which serves one query at a time, and the speed-up there measured 4.6× on 2026-11-28`
      }),
      row({
        id: "core-paging-canned",
        group: "core",
        name: `Core 2 (diagnostic): the same pages from a canned server, +${LATENCY_MS} ms (speed-up)`,
        hogkit: measure(secs(cannedResult.a), "s", 2),
        baseline: measure(secs(cannedResult.b), "s", 2),
        baselineLabel: "sequential follow-next loop, raw fetch",
        ratio: cannedResult.ratios,
        goal: null,
        chartScale: { cmp: ">=", value: 5 },
        note: "the emulator's pages replayed byte for byte by a node:http server that only waits 50 ms: the client's own speed-up when the server is not the bottleneck (reported against the same 5× for scale)"
      })
    ]
  } finally {
    await emu?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

await benchmarkMain(
  {
    name: "core-paging",
    rows: [
      {
        id: "core-paging",
        group: "core",
        name: "Core 2: Dashboards.stream paging",
        goal: { cmp: ">=", value: 5 }
      }
    ]
  },
  main
)
