#!/usr/bin/env node
// `pnpm bench` runs every benchmark; `pnpm bench <name…>` runs the named ones (a group name such as
// `core` runs all of its benchmarks). Each benchmark module runs in its own Node process so one's heap,
// servers and child processes never colour another's figures. A full run writes
// bench/results/latest.{md,json,svg}; a partial run writes bench/results/partial.{md,json,svg} instead,
// so the committed full results are never mixed with figures from another run.
import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdirSync, writeFileSync } from "node:fs"
import { cpus, totalmem } from "node:os"
import { join } from "node:path"
import { benchDir, errorRow, repoDir } from "./lib/harness.mjs"
import { markdown, ratioText, svg } from "./lib/report.mjs"

export const benchmarks = [
  { name: "core-requests", group: "core", file: "src/core-requests.mjs" },
  { name: "core-paging", group: "core", file: "src/core-paging.mjs" },
  { name: "core-memory", group: "core", file: "src/core-memory.mjs" },
  { name: "core-ascode", group: "core", file: "src/core-ascode.mjs" },
  { name: "emulator", group: "emulator", file: "src/emulator.mjs" },
  { name: "emulator-postgres", group: "emulator", file: "src/emulator-postgres.mjs" },
  { name: "cli", group: "cli", file: "src/cli.mjs" },
  { name: "cli-emulator", group: "cli", file: "src/cli-emulator.mjs" },
  { name: "mcp", group: "mcp", file: "src/mcp.mjs" },
  { name: "mcp-listing", group: "mcp", file: "src/mcp-listing.mjs" },
  { name: "web", group: "web", file: "src/web.mjs" }
]

const PER_BENCHMARK_TIMEOUT_MS = 6 * 60_000

// The benchmarks run the built packages, as users get them. On a fresh clone nothing is built yet, so
// missing builds are made first through each package's own build script (dependencies first).
const builds = [
  ["@hogkit/core", "packages/core/dist/index.js"],
  ["@hogkit/emulator", "packages/emulator/dist/bin.js"],
  ["@hogkit/cli", "packages/cli/dist/hogkit.js"],
  ["@hogkit/mcp", "packages/mcp/dist/bin.js"],
  ["@hogkit/web", "packages/web/dist/browser/hogkit-web.js"]
]

const ensureBuilt = () => {
  for (const [pkg, file] of builds) {
    if (existsSync(join(repoDir, file))) continue
    process.stderr.write(`${file} is missing: building ${pkg} first (pnpm --filter ${pkg} build)\n`)
    const r = spawnSync("pnpm", ["--filter", pkg, "build"], {
      cwd: repoDir,
      stdio: ["ignore", "inherit", "inherit"]
    })
    if (r.status !== 0) process.stderr.write(`  building ${pkg} failed; its rows will say so\n`)
  }
}

const runOne = (b) =>
  new Promise((resolve) => {
    const started = performance.now()
    const child = spawn(process.execPath, [join(benchDir, b.file)], {
      cwd: benchDir,
      stdio: ["ignore", "pipe", "inherit"]
    })
    let out = ""
    child.stdout.on("data", (c) => {
      out += c
    })
    const timer = setTimeout(() => child.kill("SIGKILL"), PER_BENCHMARK_TIMEOUT_MS)
    child.on("close", (code) => {
      clearTimeout(timer)
      const seconds = (performance.now() - started) / 1000
      try {
        const parsed = JSON.parse(out.trim().split("\n").at(-1))
        resolve({ ...parsed, seconds })
      } catch {
        const why =
          code === null
            ? `killed after ${PER_BENCHMARK_TIMEOUT_MS / 1000} s`
            : `exited ${code} without results`
        resolve({
          name: b.name,
          seconds,
          rows: [errorRow({ id: b.name, group: b.group, name: b.name, error: why })]
        })
      }
    })
  })

const main = async () => {
  const wanted = process.argv.slice(2).filter((a) => a !== "--")
  const unknown = wanted.filter((w) => !benchmarks.some((b) => b.name === w || b.group === w))
  if (unknown.length > 0) {
    process.stderr.write(
      `Unknown benchmark ${unknown.map((u) => `"${u}"`).join(", ")}. Known: ${benchmarks.map((b) => b.name).join(", ")} (or a group: core, emulator, cli, mcp, web).\n`
    )
    process.exit(2)
  }
  const selected =
    wanted.length === 0
      ? benchmarks
      : benchmarks.filter((b) => wanted.includes(b.name) || wanted.includes(b.group))
  const started = performance.now()
  ensureBuilt()
  const results = []
  for (const b of selected) {
    process.stderr.write(`▶ ${b.name}\n`)
    const r = await runOne(b)
    for (const row of r.rows) {
      process.stderr.write(`  ${row.status.padEnd(6)} ${row.name}: ${ratioText(row)}\n`)
    }
    process.stderr.write(`  (${r.seconds.toFixed(0)} s)\n`)
    results.push(r)
  }
  const totalSeconds = (performance.now() - started) / 1000
  const full = wanted.length === 0
  const meta = {
    command: full ? "pnpm bench" : `pnpm bench ${wanted.join(" ")}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    machine: `Node ${process.versions.node}, ${cpus().length} × ${cpus()[0]?.model?.trim() ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GB`,
    totalSeconds,
    seconds: Object.fromEntries(results.map((r) => [r.name, Math.round(r.seconds)]))
  }
  const rows = results.flatMap((r) => r.rows)
  const dir = join(benchDir, "results")
  mkdirSync(dir, { recursive: true })
  const base = join(dir, full ? "latest" : "partial")
  writeFileSync(`${base}.json`, `${JSON.stringify({ meta, rows }, null, 2)}\n`)
  writeFileSync(`${base}.md`, markdown({ rows, meta }))
  writeFileSync(`${base}.svg`, svg({ rows, meta }))
  process.stderr.write(`\nWrote ${base}.{md,json,svg} — total ${totalSeconds.toFixed(0)} s\n`)
  process.stdout.write(markdown({ rows, meta }))
}

await main()
