// The emulator on a PostgreSQL server (scripts/postgres.sh starts a throwaway one on a Unix socket).
// - Throughput of `GET dashboards/:id` with two emulator processes on one database, the load split evenly
//   between them (4 + 4 keep-alive connections), against a bare node:http server answering the same bytes
//   on 8 connections. Goal ≥ 0.33×, as for the PGlite row.
// - Write latency: sequential `POST dashboards/` p50 on PostgreSQL against the same on PGlite (in memory),
//   side by side. Reported, no goal.
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  BENCH_KEY,
  benchDir,
  benchmarkMain,
  interleave,
  loadTest,
  log,
  measure,
  repoDir,
  row,
  spawnServer,
  startEmulatorProcess
} from "../lib/harness.mjs"

const LOAD_ROUNDS = 3
const LOAD_MS = 1_500
const CONCURRENCY = 8
const WRITE_ROUNDS = 3
const WRITES_PER_ROUND = 40
const bare = join(benchDir, "lib", "bare-server.mjs")
const postgresScript = join(repoDir, "scripts", "postgres.sh")

const startPostgres = (dir) => {
  const r = spawnSync("bash", [postgresScript, "start", dir], { encoding: "utf8" })
  if (r.status !== 0) throw new Error(`PostgreSQL did not start: ${r.stderr.trim().split("\n").at(-2) ?? ""}`)
  return r.stdout.trim().split("\n").at(-1)
}

const headers = { Authorization: `Bearer ${BENCH_KEY}`, "Content-Type": "application/json" }

const createDashboard = async (emu, name) => {
  const t0 = performance.now()
  const res = await fetch(`${emu.url}/api/projects/${emu.projectId}/dashboards/`, {
    method: "POST",
    headers,
    body: JSON.stringify({ name, description: "Benchmark dashboard", tags: ["bench"] })
  })
  const body = await res.json()
  if (res.status !== 201) throw new Error(`could not create a dashboard: ${JSON.stringify(body)}`)
  return { id: body.id, ms: performance.now() - t0 }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

const throughput = async (databaseUrl, tmp) => {
  const a = await startEmulatorProcess({ databaseUrl })
  const b = await startEmulatorProcess({ databaseUrl })
  let bareServer
  try {
    const { id } = await createDashboard(a, "Throughput")
    const path = `/api/projects/${a.projectId}/dashboards/${id}/`
    // Written through A, read through B: the two processes are one emulator.
    const viaB = await fetch(`${b.url}${path}`, { headers })
    if (viaB.status !== 200) throw new Error(`the second process does not see the dashboard: ${viaB.status}`)
    const routesFile = join(tmp, "routes.json")
    writeFileSync(routesFile, JSON.stringify({ [path]: await viaB.text() }))
    bareServer = await spawnServer(bare, [routesFile])
    const half = CONCURRENCY / 2
    const r = await interleave({
      rounds: LOAD_ROUNDS,
      warmup: 1,
      a: async () => {
        const [x, y] = await Promise.all(
          [a, b].map((emu) =>
            loadTest({ url: `${emu.url}${path}`, headers, concurrency: half, durationMs: LOAD_MS })
          )
        )
        return { value: x.rps + y.rps }
      },
      b: async () => {
        const x = await loadTest({
          url: `${bareServer.url}${path}`,
          headers,
          concurrency: CONCURRENCY,
          durationMs: LOAD_MS
        })
        return { value: x.rps }
      },
      onRound: (i, x, y) =>
        log(
          `GET dashboards/:id, 2 processes on PostgreSQL ${i + 1}: ${x.toFixed(0)} req/s, bare ${y.toFixed(0)} req/s`
        )
    })
    return row({
      id: "emulator-postgres-dashboard-rps",
      group: "emulator",
      name: `Emulator on PostgreSQL, 2 processes: GET dashboards/:id throughput (${CONCURRENCY} connections)`,
      hogkit: measure(r.a, "req/s", 0),
      baseline: measure(r.b, "req/s", 0),
      baselineLabel: "bare node:http, same bytes",
      ratio: r.ratios,
      goal: { cmp: ">=", value: 0.33 }
    })
  } finally {
    await bareServer?.stop()
    await a.stop()
    await b.stop()
  }
}

const writeLatency = async (databaseUrl) => {
  const onPostgres = await startEmulatorProcess({ databaseUrl })
  const onPglite = await startEmulatorProcess({})
  try {
    let n = 0
    const p50Of = (emu) => async () => {
      const ms = []
      for (let i = 0; i < WRITES_PER_ROUND; i++) ms.push((await createDashboard(emu, `Write ${n++}`)).ms)
      return median(ms)
    }
    const r = await interleave({
      rounds: WRITE_ROUNDS,
      warmup: 1,
      a: p50Of(onPostgres),
      b: p50Of(onPglite),
      onRound: (i, x, y) =>
        log(`POST dashboards/ p50 ${i + 1}: PostgreSQL ${x.toFixed(2)} ms, PGlite ${y.toFixed(2)} ms`)
    })
    return row({
      id: "emulator-postgres-write-p50",
      group: "emulator",
      name: "Emulator: POST dashboards/ p50 latency, PostgreSQL vs PGlite (sequential)",
      hogkit: measure(r.a, "ms", 2),
      baseline: measure(r.b, "ms", 2),
      baselineLabel: "the same emulator on PGlite (in memory)",
      ratio: r.ratios,
      goal: null
    })
  } finally {
    await onPostgres.stop()
    await onPglite.stop()
  }
}

const main = async () => {
  const tmp = mkdtempSync(join(tmpdir(), "hogkit-bench-pg-"))
  // A short path: the server's Unix socket lives in it.
  const pgDir = mkdtempSync("/tmp/hogkit-bench-pgdata.")
  rmSync(pgDir, { recursive: true, force: true })
  try {
    const url = startPostgres(pgDir)
    const base = new URL(url)
    const database = (name) => {
      const u = new URL(base)
      u.pathname = `/${name}`
      return u.toString()
    }
    for (const name of ["bench_read", "bench_write"]) {
      const r = spawnSync("psql", [url, "-qc", `create database ${name}`], { encoding: "utf8" })
      if (r.status !== 0) throw new Error(`create database ${name}: ${r.stderr.trim()}`)
    }
    return [await throughput(database("bench_read"), tmp), await writeLatency(database("bench_write"))]
  } finally {
    spawnSync("bash", [postgresScript, "stop", pgDir])
    rmSync(tmp, { recursive: true, force: true })
  }
}

await benchmarkMain(
  {
    name: "emulator-postgres",
    rows: [
      {
        id: "emulator-postgres-dashboard-rps",
        group: "emulator",
        name: "Emulator on PostgreSQL, 2 processes: GET dashboards/:id throughput",
        goal: { cmp: ">=", value: 0.33 }
      },
      {
        id: "emulator-postgres-write-p50",
        group: "emulator",
        name: "Emulator: POST dashboards/ p50, PostgreSQL vs PGlite"
      }
    ]
  },
  main
)
