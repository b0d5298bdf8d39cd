// `hogkit --emulator` rows (issue 14): the published `hogkit` bin with --emulator, which uses the shared
// background emulator of its data home (@hogkit/emulator/shared).
// - Warm: `hogkit --emulator dashboards list --format json` with the shared emulator running, against the
//   same command with --host/key pointing at a foreground `hogkit-emulator` (demo data in both), run by
//   run alternately. Goal ≤ 1.2×. Plus the CLI process's peak RSS (GNU time's %M), goal ≤ 100 MB.
// - Cold: the same command when no emulator runs yet but its data exists (it starts the background
//   emulator and waits for it), reported against the warm command.
// - Two and eight `--emulator` commands started at once with no emulator running: all must succeed (one
//   starts it, the others wait); the slowest is reported against one warm command.
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  benchmarkMain,
  guard,
  interleave,
  isolatedCliEnv,
  log,
  measure,
  median,
  repoDir,
  row,
  run,
  startEmulatorProcess,
  why
} from "../lib/harness.mjs"

const hogkit = join(repoDir, "packages", "cli", "dist", "hogkit.js")
const sharedModule = join(repoDir, "packages", "emulator", "dist", "Shared.js")
const LIST = ["dashboards", "list", "--format", "json"]

const main = async () => {
  if (!existsSync(hogkit) || !existsSync(sharedModule))
    throw new Error("build first: pnpm --filter @hogkit/emulator --filter @hogkit/cli build")
  const { ensureSharedEmulator, stopSharedEmulator } = await import(sharedModule)
  const tmp = mkdtempSync(join(tmpdir(), "hogkit-bench-emu-"))
  const dataDir = join(tmp, "data", "hogkit", "emulator")
  const baseEnv = isolatedCliEnv(tmp)
  const timed = async (args, env = baseEnv) => {
    const r = await run(process.execPath, args, { env, timeoutMs: 180_000 })
    if (r.code !== 0) throw new Error(`hogkit ${args.slice(1).join(" ")} exited ${r.code}: ${why(r.stderr)}`)
    return { value: r.ms, stdout: r.stdout }
  }
  /** Peak RSS of the CLI process alone (not the emulator it talks to), in MB. */
  const peakRss = async (args, env) => {
    const r = await run("/usr/bin/time", ["-f", "%M", process.execPath, ...args], { env })
    if (r.code !== 0) throw new Error(`hogkit exited ${r.code}: ${why(r.stderr)}`)
    return Number(r.stderr.trim().split("\n").at(-1)) / 1024
  }
  const emulatorArgs = [hogkit, "--emulator", ...LIST]
  const rows = []
  let warmMs = Number.NaN
  try {
    const warmMeta = {
      id: "cli-emulator-warm",
      group: "cli",
      name: "CLI: hogkit --emulator dashboards list --format json (shared emulator running)",
      goal: { cmp: "<=", value: 1.2 }
    }
    const rssMeta = {
      id: "cli-emulator-rss",
      group: "cli",
      name: "CLI: peak RSS of hogkit --emulator dashboards list",
      goal: { cmp: "<=", value: 100 }
    }
    rows.push(
      ...(await guard([warmMeta, rssMeta], async () => {
        const started = await ensureSharedEmulator({ dataDir, idleTimeoutMs: 0 })
        log(`shared emulator ${started.url} (pid ${started.pid})`)
        const fg = await startEmulatorProcess({ seed: "demo" })
        try {
          const hostEnv = {
            ...baseEnv,
            POSTHOG_PERSONAL_API_KEY: fg.apiKey,
            POSTHOG_HOST: fg.url,
            POSTHOG_PROJECT_ID: String(fg.projectId)
          }
          const r = await interleave({
            rounds: 9,
            warmup: 1,
            budgetMs: 40_000,
            minRounds: 5,
            a: () => timed(emulatorArgs),
            b: () => timed([hogkit, ...LIST], hostEnv),
            onRound: (i, a, b) =>
              log(`warm ${i + 1}: --emulator ${a.toFixed(0)} ms, --host ${b.toFixed(0)} ms`)
          })
          const count = (out) => JSON.parse(out).length
          if (count(r.extraA[0].stdout) === 0 || count(r.extraA[0].stdout) !== count(r.extraB[0].stdout))
            throw new Error("--emulator and --host listed different numbers of dashboards")
          warmMs = median(r.a)
          const rss = []
          const rssHost = []
          for (let i = 0; i < 3; i++) {
            rss.push(await peakRss(emulatorArgs, baseEnv))
            rssHost.push(await peakRss([hogkit, ...LIST], hostEnv))
          }
          return [
            row({
              ...warmMeta,
              hogkit: measure(r.a, "ms", 0),
              baseline: measure(r.b, "ms", 0),
              baselineLabel: "same command with --host at a foreground hogkit-emulator",
              ratio: r.ratios,
              note: `both list the same ${count(r.extraA[0].stdout)} dashboards (demo data)`
            }),
            row({
              ...rssMeta,
              hogkit: measure(rss, "MB", 0),
              baseline: measure(rssHost, "MB", 0),
              baselineLabel: "same command with --host",
              ratio: rss,
              unit: "MB",
              note: "GNU time %M of the CLI process; the shared emulator's own memory is not the command's"
            })
          ]
        } finally {
          await fg.stop()
        }
      }))
    )

    const coldMeta = {
      id: "cli-emulator-cold",
      group: "cli",
      name: "CLI: hogkit --emulator dashboards list, no emulator running (data exists)"
    }
    rows.push(
      ...(await guard([coldMeta], async () => {
        const cold = []
        for (let i = 0; i < 3; i++) {
          await stopSharedEmulator({ dataDir })
          cold.push((await timed(emulatorArgs)).value)
          log(`cold ${i + 1}: ${cold.at(-1).toFixed(0)} ms`)
        }
        const warm = []
        for (let i = 0; i < 3; i++) warm.push((await timed(emulatorArgs)).value)
        return row({
          ...coldMeta,
          hogkit: measure(cold, "ms", 0),
          baseline: measure(warm, "ms", 0),
          baselineLabel: "the same command with the emulator running",
          ratio: cold.map((c, i) => c / warm[i]),
          note: "cold = starting the background emulator on the existing data dir (PGlite open + schema check) and waiting for it; it then stays for the next commands"
        })
      }))
    )

    for (const n of [2, 8]) {
      const meta = {
        id: `cli-emulator-concurrent-${n}`,
        group: "cli",
        name: `CLI: ${n} hogkit --emulator commands started at once, no emulator running`
      }
      rows.push(
        ...(await guard([meta], async () => {
          await stopSharedEmulator({ dataDir })
          const runs = await Promise.all(
            Array.from({ length: n }, () =>
              run(process.execPath, emulatorArgs, { env: baseEnv, timeoutMs: 180_000 })
            )
          )
          const failed = runs.filter((r) => r.code !== 0)
          if (failed.length > 0) throw new Error(`${failed.length} of ${n} failed: ${why(failed[0].stderr)}`)
          const slowest = Math.max(...runs.map((r) => r.ms))
          const warm = (await timed(emulatorArgs)).value
          log(`${n} at once: slowest ${slowest.toFixed(0)} ms, one warm ${warm.toFixed(0)} ms`)
          return row({
            ...meta,
            hogkit: measure([slowest], "ms", 0),
            baseline: measure([warm], "ms", 0),
            baselineLabel: "one command with the emulator running",
            ratio: [slowest / warm],
            note: `all ${n} succeeded; one started the emulator, the others waited for it`
          })
        }))
      )
    }
    return rows
  } finally {
    await stopSharedEmulator({ dataDir }).catch(() => undefined)
    rmSync(tmp, { recursive: true, force: true })
    if (Number.isNaN(warmMs)) log("warm row failed")
  }
}

await benchmarkMain(
  {
    name: "cli-emulator",
    group: "cli",
    rows: [
      { id: "cli-emulator-warm", group: "cli", name: "CLI: hogkit --emulator (shared emulator running)" },
      { id: "cli-emulator-rss", group: "cli", name: "CLI: peak RSS of hogkit --emulator" },
      { id: "cli-emulator-cold", group: "cli", name: "CLI: hogkit --emulator, no emulator running" },
      { id: "cli-emulator-concurrent-2", group: "cli", name: "CLI: 2 hogkit --emulator at once" },
      { id: "cli-emulator-concurrent-8", group: "cli", name: "CLI: 8 hogkit --emulator at once" }
    ]
  },
  main
)
