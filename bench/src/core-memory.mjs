// Core 3: memory. Streaming 100,000 comments through `Comments.stream` keeps RSS growth under 50 MB.
// The baseline is the same process' RSS just before streaming starts (runtime built, first page already
// fetched once, so code is loaded); growth is the kernel's peak RSS during the stream minus that. The
// comments come from a local node:http server that builds PostHog's cursor pages on the fly
// (`{next, previous, results}`, 100 per page, newest first, DRF-style base64 cursors, absolute URLs),
// since seeding 100k rows into the emulator would take longer than the whole benchmark budget.
import { fileURLToPath } from "node:url"
import { comment, decodeCursor, encodeCursor } from "../lib/fixtures.mjs"
import { benchmarkMain, log, measure, row, runNodeJson, startCannedServer, summary } from "../lib/harness.mjs"

const TOTAL = 100_000
const PAGE = 100
const ROUNDS = 3
const MIN_ROUNDS = 2
const BUDGET_MS = 45_000
const BUDGET_MB = 50
const BASE = Date.UTC(2026, 10, 28)
const self = fileURLToPath(import.meta.url)

const pageServer = () => {
  let server
  const handler = (req) => {
    const url = new URL(req.url, server.url)
    const cursor = url.searchParams.get("cursor")
    // The position is the created_at of the last row seen; rows are one second apart, newest first.
    const start = cursor === null ? 0 : (BASE - Date.parse(decodeCursor(cursor).position)) / 1000 + 1
    const end = Math.min(TOTAL, start + PAGE)
    const results = []
    for (let n = start; n < end; n++) results.push(comment(n, { base: BASE }))
    const link = (position, reverse) =>
      `${server.url}/api/projects/1/comments/?cursor=${encodeURIComponent(encodeCursor(position, reverse))}`
    const page = {
      next: end < TOTAL ? link(results.at(-1).created_at, false) : null,
      previous: start > 0 ? link(results[0].created_at, true) : null,
      results
    }
    return { body: JSON.stringify(page) }
  }
  return startCannedServer(handler).then((s) => {
    server = s
    return s
  })
}

const child = async (url) => {
  const Effect = await import("effect/Effect")
  const Stream = await import("effect/Stream")
  const ManagedRuntime = await import("effect/ManagedRuntime")
  const { Comments, PostHog } = await import("@hogkit/core")
  const runtime = ManagedRuntime.make(PostHog.layer({ apiKey: "phx_bench_key", host: url, projectId: 1 }))
  await runtime.runPromise(
    Effect.gen(function* () {
      return yield* (yield* Comments).list()
    })
  )
  const before = process.memoryUsage.rss()
  let peak = before
  let count = 0
  let lastAt = Number.POSITIVE_INFINITY
  const t0 = performance.now()
  await runtime.runPromise(
    Effect.gen(function* () {
      const comments = yield* Comments
      yield* Stream.runForEach(comments.stream(), (c) =>
        Effect.sync(() => {
          const at = Date.parse(c.created_at)
          if (!(at < lastAt)) throw new Error(`comment ${count} is out of order`)
          lastAt = at
          if (++count % 5_000 === 0) peak = Math.max(peak, process.memoryUsage.rss())
        })
      )
    })
  )
  const ms = performance.now() - t0
  if (count !== TOTAL) throw new Error(`streamed ${count} comments, expected ${TOTAL}`)
  // The kernel's high-water mark catches peaks between samples.
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024)
  process.stdout.write(
    `${JSON.stringify({ value: (peak - before) / 2 ** 20, beforeMb: before / 2 ** 20, peakMb: peak / 2 ** 20, ms })}\n`
  )
  process.exit(0)
}

const main = async () => {
  const server = await pageServer()
  try {
    const runs = []
    const started = performance.now()
    for (let i = 0; i < ROUNDS; i++) {
      // A loaded machine gets fewer rounds (at least MIN_ROUNDS) rather than an endless run.
      if (runs.length >= MIN_ROUNDS && performance.now() - started > BUDGET_MS) break
      const r = await runNodeJson(self, ["--child", server.url], { timeoutMs: 180_000 })
      log(
        `round ${i + 1}: RSS ${r.beforeMb.toFixed(1)} MB before, ${r.peakMb.toFixed(1)} MB peak, growth ${r.value.toFixed(1)} MB, ${(r.ms / 1000).toFixed(1)} s`
      )
      runs.push(r)
    }
    return [
      row({
        id: "core-memory",
        group: "core",
        name: `Core 3: Comments.stream over ${TOTAL.toLocaleString("en")} comments (RSS growth / ${BUDGET_MB} MB)`,
        hogkit: measure(
          runs.map((r) => r.peakMb),
          "MB peak",
          1
        ),
        baseline: measure(
          runs.map((r) => r.beforeMb),
          "MB before",
          1
        ),
        baselineLabel: "same process' RSS before streaming",
        ratio: summary(runs.map((r) => r.value / BUDGET_MB)),
        goal: { cmp: "<=", value: 1 },
        note: `growth ${
          measure(
            runs.map((r) => r.value),
            "MB",
            1
          ).text
        }; ${
          measure(
            runs.map((r) => (TOTAL / r.ms) * 1000),
            "comments/s",
            0
          ).text
        }`
      })
    ]
  } finally {
    await server.close()
  }
}

if (process.argv[2] === "--child") await child(process.argv[3])
else
  await benchmarkMain(
    {
      name: "core-memory",
      rows: [
        {
          id: "core-memory",
          group: "core",
          name: "Core 3: Comments.stream memory",
          goal: { cmp: "<=", value: 1 }
        }
      ]
    },
    main
  )
