// CLI rows: the published one-file `hogkit` (packages/cli/dist/hogkit.js), spawned as a user would.
// - `hogkit --version` and `hogkit --help`: spawn to exit, against `node -e 0` (the floor: starting Node
//   at all), alternating run by run.
// - `hogkit dashboards list --format json` against a running emulator (demo data), against a plain node
//   script that does the same request and prints the same JSON: what a user would write instead. Measured
//   twice: as every command after the first runs (V8's code cache saved), and as the first one does.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  benchmarkMain,
  guard,
  interleave,
  isolatedCliEnv,
  log,
  measure,
  repoDir,
  row,
  run,
  startEmulatorProcess,
  why
} from "../lib/harness.mjs"

const ROUNDS = 11
const LIST_ROUNDS = 9
const hogkit = join(repoDir, "packages", "cli", "dist", "hogkit.js")

const plainList = `
const { POSTHOG_HOST: host, POSTHOG_PROJECT_ID: project, POSTHOG_PERSONAL_API_KEY: key } = process.env
const res = await fetch(host + "/api/projects/" + project + "/dashboards/", { headers: { Authorization: "Bearer " + key } })
if (!res.ok) { process.stderr.write("HTTP " + res.status + "\\n"); process.exit(1) }
const page = JSON.parse(await res.text())
process.stdout.write(JSON.stringify(page.results, null, 2) + "\\n")
`

const main = async () => {
  if (!existsSync(hogkit))
    throw new Error("packages/cli/dist/hogkit.js is missing: run pnpm --filter @hogkit/cli build")
  const tmp = mkdtempSync(join(tmpdir(), "hogkit-bench-cli-"))
  // The compile cache goes to this run's own directory too, never the user's.
  const baseEnv = { ...isolatedCliEnv(tmp), XDG_CACHE_HOME: join(tmp, "cache") }
  const timed = async (args, env = baseEnv) => {
    const r = await run(process.execPath, args, { env })
    if (r.code !== 0) throw new Error(`node ${args.join(" ")} exited ${r.code}: ${why(r.stderr)}`)
    return { value: r.ms, stdout: r.stdout }
  }
  const rows = []
  try {
    for (const flag of ["--version", "--help"]) {
      const meta = {
        id: `cli${flag.replace("--", "-")}`,
        group: "cli",
        name: `CLI: hogkit ${flag} cold start`,
        goal: { cmp: "<=", value: 1.3 }
      }
      rows.push(
        ...(await guard([meta], async () => {
          const r = await interleave({
            rounds: ROUNDS,
            warmup: 1,
            budgetMs: 25_000,
            minRounds: 5,
            a: () => timed([hogkit, flag]),
            b: () => timed(["-e", "0"]),
            onRound: (i, a, b) =>
              log(`hogkit ${flag} ${i + 1}: ${a.toFixed(0)} ms, node -e 0 ${b.toFixed(0)} ms`)
          })
          return row({
            ...meta,
            hogkit: measure(r.a, "ms", 0),
            baseline: measure(r.b, "ms", 0),
            baselineLabel: "node -e 0",
            ratio: r.ratios
          })
        }))
      )
    }

    // hogkit compiles its command tree through V8's code cache, saved by the first command (the warm-up
    // round here) in the user's cache directory; the second row measures every command as the first one
    // after an install or upgrade runs, with the cache turned off.
    const listRows = [
      {
        meta: {
          id: "cli-dashboards-list",
          group: "cli",
          name: "CLI: hogkit dashboards list --format json (emulator)",
          goal: { cmp: "<=", value: 1.25 }
        },
        env: {},
        label: "compile cache saved by the warm-up run"
      },
      {
        meta: {
          id: "cli-dashboards-list-first-run",
          group: "cli",
          name: "CLI: hogkit dashboards list --format json, first run (no compile cache)",
          goal: null
        },
        env: { NODE_DISABLE_COMPILE_CACHE: "1" },
        label: "NODE_DISABLE_COMPILE_CACHE=1: compiled from source, as the first command after an install"
      }
    ]
    const emu = await startEmulatorProcess({ seed: "demo" })
    try {
      const env = {
        ...baseEnv,
        POSTHOG_PERSONAL_API_KEY: emu.apiKey,
        POSTHOG_HOST: emu.url,
        POSTHOG_PROJECT_ID: String(emu.projectId)
      }
      const script = join(tmp, "plain-list.mjs")
      writeFileSync(script, plainList)
      for (const { meta, env: extra, label } of listRows) {
        rows.push(
          ...(await guard([meta], async () => {
            const r = await interleave({
              rounds: LIST_ROUNDS,
              warmup: 1,
              budgetMs: 30_000,
              minRounds: 5,
              a: () => timed([hogkit, "dashboards", "list", "--format", "json"], { ...env, ...extra }),
              b: () => timed([script], env),
              onRound: (i, a, b) =>
                log(`${meta.id} ${i + 1}: hogkit ${a.toFixed(0)} ms, plain script ${b.toFixed(0)} ms`)
            })
            const ids = (out) => JSON.parse(out).map((d) => d.id)
            const a = ids(r.extraA[0].stdout)
            const b = ids(r.extraB[0].stdout)
            if (a.length === 0 || a.join() !== b.join()) {
              throw new Error(
                `hogkit listed ${a.length} dashboards, the plain script ${b.length}: not the same answer`
              )
            }
            return row({
              ...meta,
              hogkit: measure(r.a, "ms", 0),
              baseline: measure(r.b, "ms", 0),
              baselineLabel: "plain node script: fetch + JSON.stringify",
              ratio: r.ratios,
              note: `${label}; both print the same ${a.length} dashboards (checked)`
            })
          }))
        )
      }
    } finally {
      await emu.stop()
    }
    return rows
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

await benchmarkMain(
  {
    name: "cli",
    rows: [
      {
        id: "cli-version",
        group: "cli",
        name: "CLI: hogkit --version cold start",
        goal: { cmp: "<=", value: 1.3 }
      },
      {
        id: "cli-help",
        group: "cli",
        name: "CLI: hogkit --help cold start",
        goal: { cmp: "<=", value: 1.3 }
      },
      {
        id: "cli-dashboards-list",
        group: "cli",
        name: "CLI: hogkit dashboards list --format json (emulator)",
        goal: { cmp: "<=", value: 1.25 }
      },
      {
        id: "cli-dashboards-list-first-run",
        group: "cli",
        name: "CLI: hogkit dashboards list --format json, first run (no compile cache)",
        goal: null
      }
    ]
  },
  main
)
