/**
 * `--emulator`: the shared local emulator (`@hogkit/emulator/shared`). The first command starts it in the
 * background on the data kept in the user's data dir; every later command (and `hogkit-mcp --emulator`,
 * the web demo) finds it through its state file and talks to it over HTTP, so a command costs what it
 * costs against any running server. The emulator package is loaded only for --emulator.
 */
import * as os from "node:os"
import * as path from "node:path"
import * as Effect from "effect/Effect"
import { CliFailure } from "./Failure.js"
import { importExternal } from "./ImportExternal.js"

/** `$XDG_DATA_HOME/hogkit` (else `~/.local/share/hogkit`): where the shared emulator keeps its data. */
export const dataDir = (env: NodeJS.ProcessEnv = process.env): string =>
  path.join(env.XDG_DATA_HOME || path.join(os.homedir(), ".local", "share"), "hogkit")

export interface EmulatorHandle {
  readonly url: string
  readonly apiKey: string
  readonly projectId: number
}

/** Where `--emulator` keeps its data. */
export const emulatorDataDir = (env: NodeJS.ProcessEnv): string => path.join(dataDir(env), "emulator")

export const loadShared = Effect.tryPromise({
  try: () => importExternal<typeof import("@hogkit/emulator/shared")>("@hogkit/emulator/shared"),
  catch: () =>
    new CliFailure(
      "--emulator needs @hogkit/emulator, an optional add-on (~37 MB with its embedded Postgres): install it next to hogkit (`npm install @hogkit/emulator`, or `npm install -g @hogkit/emulator` for a global hogkit).",
      1
    )
})

/** The shared emulator's connection: found running, or started now (and left running for the next command). */
export const startEmbeddedEmulator = (env: NodeJS.ProcessEnv): Effect.Effect<EmulatorHandle, CliFailure> =>
  Effect.gen(function* () {
    const dir = emulatorDataDir(env)
    const shared = yield* loadShared
    // Only a person at a terminal is told why this command waits; scripts keep a clean stderr.
    const say = (line: string) => {
      if (process.stderr.isTTY === true) process.stderr.write(`${line}\n`)
    }
    return yield* Effect.tryPromise({
      try: () =>
        shared.ensureSharedEmulator({
          dataDir: dir,
          onStart: () =>
            say(
              `Starting the local emulator in the background (data in ${dir}; \`hogkit emulator stop\` stops it)…`
            ),
          onWait: () => say("Waiting for another hogkit command that is starting the local emulator…")
        }),
      catch: (error) =>
        new CliFailure(
          error instanceof shared.SharedEmulatorError
            ? error.message
            : `Could not start the embedded emulator on ${dir}: ${error instanceof Error ? error.message : String(error)}.`,
          1
        )
    })
  })
