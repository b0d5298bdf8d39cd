// Emulator rows.
// - Cold start: spawn of the real `hogkit-emulator` bin to its first answered API request, in memory and
//   reopening an existing data dir, against a bare node:http server's spawn to first answer (the floor
//   any Node server pays: process start and module loading). Reported, no goal.
// - Throughput and p50/p99 latency of `GET dashboards/:id` and `GET comments/?limit=100` under a small
//   closed-loop load (8 connections, keep-alive, loopback), against a bare node:http server answering the
//   very same bytes. Each server runs in its own process; the load generator alternates between them.
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
  row,
  spawnServer,
  startEmulatorProcess
} from "../lib/harness.mjs"

const COLD_ROUNDS = 3
const LOAD_ROUNDS = 3
const LOAD_MS = 1_500
const CONCURRENCY = 8
const bare = join(benchDir, "lib", "bare-server.mjs")

const coldStart = async (tmp) => {
  const firstRequest = "/api/projects/@current/dashboards/?limit=1"
  const bareStart = async () => {
    const s = await spawnServer(bare, [], { firstRequest })
    await s.stop()
    return s.ms
  }
  const emuStart = (dataDir) => async () => {
    const s = await startEmulatorProcess(dataDir ? { dataDir } : {})
    await s.stop()
    return s.ms
  }
  const memory = await interleave({
    rounds: COLD_ROUNDS,
    warmup: 0,
    budgetMs: 30_000,
    minRounds: 2,
    a: emuStart(undefined),
    b: bareStart,
    onRound: (i, a, b) =>
      log(`cold start in memory ${i + 1}: emulator ${a.toFixed(0)} ms, bare ${b.toFixed(0)} ms`)
  })
  const dataDir = join(tmp, "data")
  // First boot creates the data dir (initdb); the rows time reopening it, as every later start does.
  await emuStart(dataDir)()
  const disk = await interleave({
    rounds: COLD_ROUNDS,
    warmup: 0,
    budgetMs: 20_000,
    minRounds: 2,
    a: emuStart(dataDir),
    b: bareStart,
    onRound: (i, a, b) =>
      log(`cold start with data dir ${i + 1}: emulator ${a.toFixed(0)} ms, bare ${b.toFixed(0)} ms`)
  })
  const mk = (id, name, r) =>
    row({
      id,
      group: "emulator",
      name,
      hogkit: measure(r.a, "ms", 0),
      baseline: measure(r.b, "ms", 0),
      baselineLabel: "bare node:http server, spawn to first answer",
      ratio: r.ratios,
      goal: null
    })
  return [
    mk("emulator-cold-memory", "Emulator: cold start to first answer, in memory", memory),
    mk("emulator-cold-datadir", "Emulator: cold start to first answer, existing data dir", disk)
  ]
}

const throughput = async (tmp) => {
  const emu = await startEmulatorProcess({})
  let bareServer
  try {
    const headers = { Authorization: `Bearer ${BENCH_KEY}`, "Content-Type": "application/json" }
    const api = `${emu.url}/api/projects/${emu.projectId}`
    const created = await (
      await fetch(`${api}/dashboards/`, {
        method: "POST",
        headers,
        body: JSON.stringify({ name: "Throughput", description: "Benchmark dashboard", tags: ["bench"] })
      })
    ).json()
    if (typeof created.id !== "number")
      throw new Error(`could not create a dashboard: ${JSON.stringify(created)}`)
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${api}/comments/`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          scope: "Dashboard",
          item_id: String(created.id),
          content: `Benchmark comment ${i}`
        })
      })
      if (res.status !== 201) throw new Error(`could not create a comment: ${res.status} ${await res.text()}`)
    }
    const paths = {
      dashboard: `/api/projects/${emu.projectId}/dashboards/${created.id}/`,
      comments: `/api/projects/${emu.projectId}/comments/?limit=100`
    }
    // The bare server answers exactly what the emulator answered, byte for byte.
    const routes = {}
    for (const path of Object.values(paths)) {
      routes[path] = await (await fetch(`${emu.url}${path}`, { headers })).text()
    }
    if (JSON.parse(routes[paths.comments]).results.length !== 100) throw new Error("expected 100 comments")
    const routesFile = join(tmp, "routes.json")
    writeFileSync(routesFile, JSON.stringify(routes))
    bareServer = await spawnServer(bare, [routesFile])

    const rows = []
    for (const [key, label] of [
      ["dashboard", "GET dashboards/:id"],
      ["comments", "GET comments/?limit=100"]
    ]) {
      const r = await interleave({
        rounds: LOAD_ROUNDS,
        warmup: 1,
        a: async () => {
          const x = await loadTest({
            url: `${emu.url}${paths[key]}`,
            headers,
            concurrency: CONCURRENCY,
            durationMs: LOAD_MS
          })
          return { value: x.rps, ...x }
        },
        b: async () => {
          const x = await loadTest({
            url: `${bareServer.url}${paths[key]}`,
            headers,
            concurrency: CONCURRENCY,
            durationMs: LOAD_MS
          })
          return { value: x.rps, ...x }
        },
        onRound: (i, a, b) =>
          log(`${label} ${i + 1}: emulator ${a.toFixed(0)} req/s, bare ${b.toFixed(0)} req/s`)
      })
      const pick = (side, k) => (side === "a" ? r.extraA : r.extraB).map((x) => x[k])
      rows.push(
        row({
          id: `emulator-${key}-rps`,
          group: "emulator",
          name: `Emulator: ${label} throughput (${CONCURRENCY} connections)`,
          hogkit: measure(r.a, "req/s", 0),
          baseline: measure(r.b, "req/s", 0),
          baselineLabel: "bare node:http, same bytes",
          ratio: r.ratios,
          goal: { cmp: ">=", value: 0.33 }
        })
      )
      for (const p of ["p50", "p99"]) {
        const a = pick("a", p)
        const b = pick("b", p)
        rows.push(
          row({
            id: `emulator-${key}-${p}`,
            group: "emulator",
            name: `Emulator: ${label} ${p} latency`,
            hogkit: measure(a, "ms", 2),
            baseline: measure(b, "ms", 2),
            baselineLabel: "bare node:http, same bytes",
            ratio: a.map((x, i) => x / b[i]),
            goal: { cmp: "<=", value: 3 }
          })
        )
      }
    }
    return rows
  } finally {
    await bareServer?.stop()
    await emu.stop()
  }
}

const main = async () => {
  const tmp = mkdtempSync(join(tmpdir(), "hogkit-bench-emulator-"))
  try {
    return [...(await coldStart(tmp)), ...(await throughput(tmp))]
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

await benchmarkMain(
  {
    name: "emulator",
    rows: [
      { id: "emulator-cold-memory", group: "emulator", name: "Emulator: cold start, in memory" },
      { id: "emulator-cold-datadir", group: "emulator", name: "Emulator: cold start, data dir" },
      {
        id: "emulator-rps",
        group: "emulator",
        name: "Emulator: throughput",
        goal: { cmp: ">=", value: 0.33 }
      }
    ]
  },
  main
)
