// Core 1: per-request overhead and peak RSS. 2,000 sequential `Dashboards.get` against a local node:http
// server answering canned PostHog bytes, versus raw `fetch` + `JSON.parse` of the same URL. Each side runs
// in its own child process (so its peak RSS is its own), and the two alternate round by round.
import { fileURLToPath } from "node:url"
import { dashboard } from "../lib/fixtures.mjs"
import {
  benchmarkMain,
  interleave,
  log,
  measure,
  row,
  runNodeJson,
  startCannedServer
} from "../lib/harness.mjs"

const N = 2_000
const WARMUP = 200
const ROUNDS = 7
const self = fileURLToPath(import.meta.url)

const child = async (side, url) => {
  const target = `${url}/api/projects/1/dashboards/9/`
  let body
  const loop = async (n) => {
    if (side === "raw") {
      const headers = { Authorization: "Bearer phx_bench_key" }
      for (let i = 0; i < n; i++) {
        const res = await fetch(target, { headers })
        if (!res.ok) throw new Error(`status ${res.status}`)
        body = JSON.parse(await res.text())
      }
      return
    }
    await hogkitLoop(n)
  }
  let hogkitLoop
  if (side === "hogkit") {
    const Effect = await import("effect/Effect")
    const ManagedRuntime = await import("effect/ManagedRuntime")
    const { Dashboards, PostHog } = await import("@hogkit/core")
    // hogkit as users get it: its default transport (node:http in Node), no options.
    const runtime = ManagedRuntime.make(PostHog.layer({ apiKey: "phx_bench_key", host: url, projectId: 1 }))
    hogkitLoop = (n) =>
      runtime.runPromise(
        Effect.gen(function* () {
          const dashboards = yield* Dashboards
          for (let i = 0; i < n; i++) body = yield* dashboards.get(9)
        })
      )
  }
  await loop(WARMUP)
  const t0 = performance.now()
  await loop(N)
  const ms = performance.now() - t0
  if (body?.id !== 9 || body.tiles?.length !== 1) throw new Error("unexpected body")
  // maxRSS is in kilobytes: the process' peak resident set, runtime and all.
  const peakMb = process.resourceUsage().maxRSS / 1024
  process.stdout.write(`${JSON.stringify({ value: ms, peakMb })}\n`)
  process.exit(0)
}

const main = async () => {
  const bytes = Buffer.from(JSON.stringify(dashboard(9)))
  const server = await startCannedServer(() => ({ body: bytes }))
  try {
    const result = await interleave({
      rounds: ROUNDS,
      // Each child warms itself up (WARMUP requests) before timing; no unscored round needed.
      warmup: 0,
      budgetMs: 60_000,
      minRounds: 3,
      a: () => runNodeJson(self, ["--child", "hogkit", server.url]),
      b: () => runNodeJson(self, ["--child", "raw", server.url]),
      onRound: (i, a, b) => log(`round ${i + 1}: hogkit ${a.toFixed(0)} ms, raw ${b.toFixed(0)} ms`)
    })
    const perReqA = result.a.map((ms) => (ms / N) * 1000)
    const perReqB = result.b.map((ms) => (ms / N) * 1000)
    const rssA = result.extraA.map((x) => x.peakMb)
    const rssB = result.extraB.map((x) => x.peakMb)
    return [
      row({
        id: "core-requests",
        group: "core",
        name: `Core 1: ${N.toLocaleString("en")} sequential Dashboards.get (per request)`,
        hogkit: measure(perReqA, "µs", 0),
        baseline: measure(perReqB, "µs", 0),
        baselineLabel: "raw fetch + JSON.parse",
        ratio: result.ratios,
        goal: { cmp: "<=", value: 1.1 },
        note: "hogkit with its defaults (in Node it sends with node:http, which costs about half the CPU of Node's fetch; browsers use fetch) against the raw fetch loop a user would write; both decode the same body, hogkit also validates it with its zod schema"
      }),
      row({
        id: "core-requests-rss",
        group: "core",
        name: `Core 1: peak RSS over ${N.toLocaleString("en")} Dashboards.get`,
        hogkit: measure(rssA, "MB", 1),
        baseline: measure(rssB, "MB", 1),
        baselineLabel: "raw fetch + JSON.parse",
        ratio: rssA.map((a, i) => a - rssB[i]),
        unit: "MB",
        goal: { cmp: "<=", value: 30 },
        note: "ratio column is the peak-RSS difference hogkit − baseline, per round"
      })
    ]
  } finally {
    await server.close()
  }
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4])
else
  await benchmarkMain(
    {
      name: "core-requests",
      rows: [
        {
          id: "core-requests",
          group: "core",
          name: "Core 1: sequential Dashboards.get",
          goal: { cmp: "<=", value: 1.1 }
        },
        { id: "core-requests-rss", group: "core", name: "Core 1: peak RSS", goal: { cmp: "<=", value: 30 } }
      ]
    },
    main
  )
