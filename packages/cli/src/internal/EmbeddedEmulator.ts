/**
 * The embedded emulator behind `--emulator`: started in this process (loaded only then) on data kept in
 * the user's data dir, and stopped when the command's scope ends.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { CliFailure } from "./Failure.js"

/** `$XDG_DATA_HOME/hogkit` (else `~/.local/share/hogkit`): where the embedded emulator keeps its data. */
export const dataDir = (env: NodeJS.ProcessEnv = process.env): string =>
  path.join(env.XDG_DATA_HOME || path.join(os.homedir(), ".local", "share"), "hogkit")

export interface EmulatorHandle {
  readonly url: string
  readonly apiKey: string
  readonly projectId: number
  readonly close: () => Promise<void>
}

/**
 * One process at a time may open the emulator's data directory (PGlite is single-writer). A second
 * `hogkit --emulator` waits for the first instead of corrupting its data.
 */
const acquireLock = (dir: string) =>
  Effect.acquireRelease(
    Effect.gen(function* () {
      const lock = `${dir}.lock`
      fs.mkdirSync(path.dirname(lock), { recursive: true })
      const deadline = Date.now() + 60_000
      while (true) {
        try {
          fs.writeFileSync(lock, String(process.pid), { flag: "wx" })
          return lock
        } catch {
          const holder = Number(safeRead(lock))
          if (!Number.isInteger(holder) || holder <= 0 || !isAlive(holder)) {
            fs.rmSync(lock, { force: true })
            continue
          }
          if (Date.now() > deadline) {
            return yield* new CliFailure(
              `Another hogkit process (pid ${holder}) is using the emulator data in ${dir}. Wait for it to finish and try again.`,
              1
            )
          }
          yield* Effect.sleep("100 millis")
        }
      }
    }),
    (lock) => Effect.sync(() => fs.rmSync(lock, { force: true }))
  )

const safeRead = (file: string) => {
  try {
    return fs.readFileSync(file, "utf8")
  } catch {
    return ""
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/** Start the embedded emulator for this command; it closes when the command's scope ends. */
export const startEmbeddedEmulator = (
  env: NodeJS.ProcessEnv
): Effect.Effect<EmulatorHandle, CliFailure, Scope.Scope> =>
  Effect.gen(function* () {
    const dir = path.join(dataDir(env), "emulator")
    yield* acquireLock(dir)
    const mod = yield* Effect.tryPromise({
      try: () => import("@hogkit/emulator"),
      catch: () =>
        new CliFailure(
          "The embedded emulator is not installed: install @hogkit/emulator next to @hogkit/cli.",
          1
        )
    })
    return yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => {
          fs.mkdirSync(dir, { recursive: true })
          // Demo data on first start (the emulator seeds once per data directory), so a first
          // `hogkit --emulator dashboards list` has something to show.
          return mod.startEmulator({
            port: 0,
            dataDir: dir,
            quiet: true,
            seed: "demo"
          }) as Promise<EmulatorHandle>
        },
        catch: (error) =>
          new CliFailure(
            `Could not start the embedded emulator on ${dir}: ${error instanceof Error ? error.message : String(error)}.`,
            1
          )
      }),
      (emu) => Effect.promise(() => emu.close().catch(() => undefined))
    )
  })
