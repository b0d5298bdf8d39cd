// The one place for how hogkit measures itself: interleaved A/B sampling, statistics, row construction,
// child processes and small servers. Every benchmark module imports from here, so every figure in the
// report is made the same way: hogkit and its baseline alternate (A, B, A, B …) in the same process tree,
// and each figure is the median of the per-round ratios with their min and max.
import { spawn } from "node:child_process"
import { createServer } from "node:http"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

export const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..")
export const repoDir = join(benchDir, "..")

export const now = () => performance.now()

/**
 * The environment a benchmarked `hogkit` runs in: config and data under `tmp`, no colour, and none of the
 * machine's PostHog variables, so no stored profile, key or host can leak into a measurement.
 */
export const isolatedCliEnv = (tmp) => {
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(tmp, "config"),
    XDG_DATA_HOME: join(tmp, "data"),
    NO_COLOR: "1"
  }
  for (const k of ["POSTHOG_PERSONAL_API_KEY", "POSTHOG_API_KEY", "POSTHOG_HOST", "POSTHOG_PROJECT_ID"])
    delete env[k]
  return env
}
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// ---------------------------------------------------------------------------------------------- statistics

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  if (s.length === 0) return Number.NaN
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Nearest-rank percentile (p in 0..100) of an array of numbers. */
export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  if (s.length === 0) return Number.NaN
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))
  return s[rank]
}

export const summary = (xs) => ({
  median: median(xs),
  min: Math.min(...xs),
  max: Math.max(...xs),
  n: xs.length
})

// ------------------------------------------------------------------------------------------- interleaving

/**
 * Runs `a` and `b` alternately, `rounds` times after `warmup` unscored rounds, swapping which goes first
 * every round so neither side always gets the warmer (or cooler) slot. Each call returns a number (or an
 * object with a numeric `value`); the result keeps every sample of both sides and the per-round ratios.
 * `budgetMs` bounds the wall time: once it is spent, no new round starts after `minRounds` are scored,
 * so a loaded machine gets fewer rounds (the row's n says how many) rather than an endless run.
 */
export const interleave = async ({
  a,
  b,
  rounds,
  warmup = 1,
  ratio = (x, y) => x / y,
  onRound,
  budgetMs = Number.POSITIVE_INFINITY,
  minRounds = 3
}) => {
  const as = []
  const bs = []
  const extraA = []
  const extraB = []
  const started = now()
  for (let i = 0; i < warmup + rounds; i++) {
    // On a loaded machine rounds get slow: past the time budget, stop once enough rounds are scored.
    if (as.length >= minRounds && now() - started > budgetMs) break
    const order = i % 2 === 0 ? ["a", "b"] : ["b", "a"]
    const got = {}
    for (const side of order) got[side] = await (side === "a" ? a(i) : b(i))
    if (i < warmup) continue
    const va = typeof got.a === "number" ? got.a : got.a.value
    const vb = typeof got.b === "number" ? got.b : got.b.value
    as.push(va)
    bs.push(vb)
    extraA.push(got.a)
    extraB.push(got.b)
    onRound?.(i - warmup, va, vb)
  }
  const ratios = as.map((x, i) => ratio(x, bs[i]))
  return { a: as, b: bs, ratios, extraA, extraB }
}

// -------------------------------------------------------------------------------------------------- rows

/**
 * A result row. `ratio` is the scored figure (median [min–max] over rounds); `goal` is
 * `{ cmp: "<=" | ">=", value, unit }` or null for rows that only report. `hogkit` and `baseline` are the
 * raw measurements behind the ratio, as display strings plus their numbers.
 */
export const row = ({
  id,
  group,
  name,
  hogkit,
  baseline,
  ratio,
  goal,
  unit = "×",
  note,
  baselineLabel,
  chartScale
}) => {
  const r = Array.isArray(ratio) ? summary(ratio) : ratio
  let status = "report"
  if (goal) {
    const v = r.median
    status = Number.isFinite(v) && (goal.cmp === "<=" ? v <= goal.value : v >= goal.value) ? "pass" : "fail"
  }
  return {
    id,
    group,
    name,
    hogkit,
    baseline,
    baselineLabel,
    ratio: r,
    unit,
    goal: goal ?? null,
    ...(chartScale ? { chartScale } : {}),
    status,
    note: note ?? null
  }
}

/** A row that could not be measured (a missing build, a crash): reported, never silently dropped. */
export const errorRow = ({ id, group, name, goal, error }) => ({
  id,
  group,
  name,
  hogkit: null,
  baseline: null,
  ratio: { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 },
  unit: "×",
  goal: goal ?? null,
  status: "error",
  note: String(error instanceof Error ? error.message : error)
    .split("\n")[0]
    .slice(0, 300)
})

/** `{ text, median, min, max }` for the hogkit/baseline columns: median with its range and unit. */
export const measure = (xs, unit, digits = 1) => {
  const s = summary(xs)
  const f = (x) => x.toFixed(digits)
  return { ...s, unit, text: `${f(s.median)} ${unit} [${f(s.min)}–${f(s.max)}]` }
}

// ---------------------------------------------------------------------------------------- child processes

/**
 * Spawns `cmd args` and resolves with its exit code, stdout, stderr and wall time (spawn to exit). Fails
 * after `timeoutMs` by killing that one child.
 */
export const run = (cmd, args, { env, input, timeoutMs = 60_000, cwd } = {}) =>
  new Promise((resolve, reject) => {
    const started = now()
    const child = spawn(cmd, args, {
      env: env ?? process.env,
      cwd: cwd ?? repoDir,
      stdio: ["pipe", "pipe", "pipe"]
    })
    const out = []
    const err = []
    child.stdout.on("data", (c) => out.push(c))
    child.stderr.on("data", (c) => err.push(c))
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`${cmd} ${args.join(" ")} did not finish within ${timeoutMs} ms`))
    }, timeoutMs)
    child.on("error", (e) => {
      clearTimeout(timer)
      reject(e)
    })
    child.on("close", (code) => {
      clearTimeout(timer)
      resolve({
        code,
        ms: now() - started,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8")
      })
    })
    if (input !== undefined) child.stdin.end(input)
    else child.stdin.end()
  })

/** The telling line of a failed child's stderr: the error message rather than a loader frame. */
export const why = (stderr) => {
  const lines = stderr.trim().split("\n")
  return (lines.find((l) => /Error\b|error:/.test(l)) ?? lines.at(-1) ?? "").trim()
}

/** Runs a node script that prints one JSON line last on stdout, and returns that object. */
export const runNodeJson = async (script, args = [], opts = {}) => {
  const r = await run(process.execPath, [script, ...args], opts)
  if (r.code !== 0) throw new Error(`${script} exited ${r.code}: ${why(r.stderr)}`)
  const last = r.stdout.trim().split("\n").at(-1)
  return JSON.parse(last)
}

// ----------------------------------------------------------------------------------------------- servers

/**
 * A bare node:http server on 127.0.0.1 answering with `handler(req) -> { status?, body: Buffer|string,
 * headers? }`: the "raw" side of several baselines and the canned PostHog of core rows.
 */
export const startCannedServer = async (handler) => {
  const server = createServer((req, res) => {
    const reply = handler(req)
    const body = typeof reply.body === "string" ? Buffer.from(reply.body) : reply.body
    res.writeHead(reply.status ?? 200, {
      "Content-Type": "application/json",
      "Content-Length": body.length,
      ...reply.headers
    })
    res.end(body)
  })
  server.keepAliveTimeout = 5_000
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address()
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

// -------------------------------------------------------------------------------------------- load test

/**
 * A small closed-loop load generator: `concurrency` workers send GET `url` back to back over keep-alive
 * connections for `durationMs` (or until `maxRequests`), loopback only. Returns requests per second and
 * latency percentiles in ms. Every answer must be 200, else it throws: a fast error is not throughput.
 */
export const loadTest = async ({
  url,
  headers = {},
  concurrency = 8,
  durationMs = 1500,
  maxRequests = 50_000
}) => {
  const { Agent, request } = await import("node:http")
  const target = new URL(url)
  if (target.hostname !== "127.0.0.1" && target.hostname !== "localhost") {
    throw new Error("loadTest only targets loopback")
  }
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
  const latencies = []
  let sent = 0
  const started = now()
  const deadline = started + durationMs
  const once = () =>
    new Promise((resolve, reject) => {
      const t0 = now()
      const req = request(
        { agent, host: target.hostname, port: target.port, path: target.pathname + target.search, headers },
        (res) => {
          const chunks = []
          res.on("data", (c) => chunks.push(c))
          res.on("end", () => {
            if (res.statusCode !== 200) {
              reject(new Error(`load test: ${url} answered ${res.statusCode}`))
              return
            }
            latencies.push(now() - t0)
            resolve()
          })
          res.on("error", reject)
        }
      )
      req.on("error", reject)
      req.end()
    })
  const worker = async () => {
    while (now() < deadline && sent < maxRequests) {
      sent++
      await once()
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  const elapsed = now() - started
  agent.destroy()
  return {
    requests: latencies.length,
    rps: (latencies.length / elapsed) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99)
  }
}

// ---------------------------------------------------------------------------------------------- module io

/**
 * Entry point of every benchmark module run as a script: runs `main()` and prints its rows as the last
 * line of stdout (JSON), which bench/run.mjs reads. Progress goes to stderr.
 */
export const benchmarkMain = async (meta, main) => {
  const started = now()
  let rows
  try {
    rows = await main()
  } catch (error) {
    process.stderr.write(`${meta.name}: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`)
    rows = (meta.rows ?? [{ id: meta.name, group: meta.group, name: meta.name }]).map((r) =>
      errorRow({ ...r, error })
    )
  }
  process.stdout.write(`${JSON.stringify({ name: meta.name, seconds: (now() - started) / 1000, rows })}\n`)
}

export const log = (...parts) => process.stderr.write(`  ${parts.join(" ")}\n`)

// -------------------------------------------------------------------------------------------- emulator

export const emulatorBin = join(repoDir, "packages", "emulator", "dist", "bin.js")
export const BENCH_KEY = "phx_benchmarkKey0123456789012345678901234567"

/**
 * Starts the real `hogkit-emulator` bin in its own process (so it never shares an event loop with the
 * client being measured) and resolves once it has answered its first API request.
 */
export const startEmulatorProcess = async ({
  dataDir,
  databaseUrl,
  seed = "empty",
  apiKey = BENCH_KEY
} = {}) => {
  const args = ["--port", "0", "--api-key", apiKey, "--seed", seed]
  if (dataDir) args.push("--data-dir", dataDir)
  if (databaseUrl) args.push("--database-url", databaseUrl)
  const server = await spawnServer(emulatorBin, args, {
    firstRequest: "/api/projects/@current/dashboards/?limit=1",
    headers: { Authorization: `Bearer ${apiKey}` }
  })
  // The admin API wants this run's token, printed on the listening line.
  const adminToken = /admin token (\S+)/.exec(server.line)?.[1]
  const info = await (
    await fetch(`${server.url}/_emulator/info`, { headers: { "X-Hogkit-Emulator-Token": adminToken ?? "" } })
  ).json()
  return { ...server, apiKey, adminToken, projectId: info.project_id, userId: info.user_id }
}

/** An admin call to a running emulator (`PUT /_emulator/faults` …). */
export const admin = async (emu, method, path, body) => {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: {
      "Content-Type": "application/json",
      ...(emu.adminToken === undefined ? {} : { "X-Hogkit-Emulator-Token": emu.adminToken })
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return res.status === 204 ? undefined : res.json()
}

/**
 * Spawns `node script args` and resolves once a line matching `listening on (URL)` appears on stdout.
 * `firstRequest` (a path) is then fetched and timed: `ms` is spawn to first answered request.
 */
export const spawnServer = (script, args, { firstRequest, headers = {}, timeoutMs = 90_000 } = {}) =>
  new Promise((resolve, reject) => {
    const started = now()
    const child = spawn(process.execPath, [script, ...args], {
      cwd: repoDir,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    let err = ""
    let done = false
    const exited = new Promise((r) => child.once("exit", r))
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM")
      await exited
    }
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`${script} did not listen within ${timeoutMs} ms: ${err.trim().split("\n").at(-1)}`))
    }, timeoutMs)
    child.stderr.on("data", (c) => {
      err += c
    })
    child.stdout.on("data", async (c) => {
      out += c
      const m = /listening on (http:\/\/[^\s]+)/.exec(out)
      if (!m || done) return
      done = true
      clearTimeout(timer)
      const url = m[1]
      try {
        let ms = now() - started
        if (firstRequest) {
          const res = await fetch(`${url}${firstRequest}`, { headers })
          await res.arrayBuffer()
          if (res.status !== 200) throw new Error(`first request answered ${res.status}`)
          ms = now() - started
        }
        resolve({ url, ms, child, stop, line: out.split("\n")[0] })
      } catch (e) {
        await stop()
        reject(e)
      }
    })
    child.once("exit", (code) => {
      clearTimeout(timer)
      if (!done) reject(new Error(`${script} exited ${code}: ${err.trim().split("\n").at(-1)}`))
    })
  })

/**
 * Runs one row's measurement; if it throws, the row is reported as an error with the reason instead of
 * taking the other rows of the same benchmark down with it.
 */
export const guard = async (metaRows, fn) => {
  try {
    const rows = await fn()
    return Array.isArray(rows) ? rows : [rows]
  } catch (error) {
    process.stderr.write(`  error: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`)
    return metaRows.map((r) => errorRow({ ...r, error }))
  }
}
