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
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  admin,
  BENCH_KEY,
  benchmarkMain,
  interleave,
  log,
  measure,
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

const main = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "hogkit-bench-paging-"))
  let emu
  try {
    const t0 = performance.now()
    await seed(dataDir)
    emu = await startEmulatorProcess({ dataDir })
    log(`seeded ${DASHBOARDS} dashboards in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    await admin(emu, "PUT", "/_emulator/faults", { latency_ms: LATENCY_MS })

    const Effect = await import("effect/Effect")
    const Layer = await import("effect/Layer")
    const Stream = await import("effect/Stream")
    const ManagedRuntime = await import("effect/ManagedRuntime")
    const FetchHttpClient = await import("effect/http/FetchHttpClient")
    const { Dashboards, PostHog } = await import("@hogkit/core")
    const runtime = ManagedRuntime.make(
      PostHog.layer({ apiKey: BENCH_KEY, host: emu.url, projectId: emu.projectId }).pipe(
        Layer.provide(FetchHttpClient.layer)
      )
    )

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
    const viaLoop = async () => {
      const t = performance.now()
      const ids = []
      let next = `${emu.url}/api/projects/${emu.projectId}/dashboards/?limit=${PAGE}`
      while (next) {
        const res = await fetch(next, { headers: { Authorization: `Bearer ${BENCH_KEY}` } })
        if (!res.ok) throw new Error(`${next}: ${res.status}`)
        const page = JSON.parse(await res.text())
        for (const d of page.results) ids.push(d.id)
        next = page.next
      }
      return { value: performance.now() - t, ids }
    }

    const result = await interleave({
      rounds: ROUNDS,
      warmup: 0,
      budgetMs: 60_000,
      minRounds: 2,
      a: viaHogkit,
      b: viaLoop,
      ratio: (a, b) => b / a,
      onRound: (i, a, b) =>
        log(`round ${i + 1}: hogkit ${a.toFixed(0)} ms, follow-next loop ${b.toFixed(0)} ms`)
    })
    for (let i = 0; i < ROUNDS; i++) {
      const a = result.extraA[i].ids
      const b = result.extraB[i].ids
      if (b.length !== DASHBOARDS) throw new Error(`loop saw ${b.length} dashboards, expected ${DASHBOARDS}`)
      if (a.length !== b.length || a.some((id, j) => id !== b[j])) {
        throw new Error(
          `round ${i + 1}: hogkit streamed ${a.length} items, not the loop's ${b.length} in its order`
        )
      }
    }
    await runtime.dispose()
    return [
      row({
        id: "core-paging",
        group: "core",
        name: `Core 2: Dashboards.stream of ${DASHBOARDS.toLocaleString("en")}, page ${PAGE}, +${LATENCY_MS} ms (speed-up)`,
        hogkit: measure(
          result.a.map((ms) => ms / 1000),
          "s",
          2
        ),
        baseline: measure(
          result.b.map((ms) => ms / 1000),
          "s",
          2
        ),
        baselineLabel: "sequential follow-next loop, raw fetch",
        ratio: result.ratios,
        goal: { cmp: ">=", value: 5 },
        note: "ratio is baseline time / hogkit time; same ids in the same order checked every round; default pageConcurrency"
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
