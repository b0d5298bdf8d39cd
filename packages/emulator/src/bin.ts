#!/usr/bin/env node
/**
 * `hogkit-emulator`: starts the emulator, prints one line with its URL and default API key, and serves
 * until SIGINT or SIGTERM.
 */
import { parseArgs } from "node:util"
import { startEmulator } from "./index.js"

const usage = `Usage: hogkit-emulator [--port 8010] [--bind 127.0.0.1] [--data-dir DIR] [--api-key phx_…]
                       [--seed empty|demo] [--rate-limit] [--strict-posthog]
                       [--database-url postgres://…]   (or HOGKIT_EMULATOR_DATABASE_URL)`

const fail = (message: string): never => {
  process.stderr.write(`hogkit-emulator: ${message}\n${usage}\n`)
  process.exit(2)
}

let values: ReturnType<typeof parse>["values"]
function parse() {
  return parseArgs({
    options: {
      port: { type: "string" },
      bind: { type: "string" },
      "data-dir": { type: "string" },
      "database-url": { type: "string" },
      "api-key": { type: "string" },
      seed: { type: "string" },
      "rate-limit": { type: "boolean" },
      "strict-posthog": { type: "boolean" },
      help: { type: "boolean", short: "h" }
    },
    strict: true,
    allowPositionals: false
  })
}
try {
  values = parse().values
} catch (error) {
  fail(error instanceof Error ? error.message : String(error))
}
if (values!.help === true) {
  process.stdout.write(`${usage}\n`)
  process.exit(0)
}
const portText = values!.port ?? "8010"
if (!/^\d+$/.test(portText) || Number(portText) > 65535)
  fail(`--port must be a number from 0 to 65535, got "${portText}".`)
const seed = values!.seed ?? "empty"
if (seed !== "empty" && seed !== "demo") fail(`--seed must be "empty" or "demo", got "${seed}".`)

// Handlers go in before anything is printed: a client may signal as soon as it reads the line.
let stopping = false
let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined
const stop = () => {
  if (stopping) return
  stopping = true
  if (emulator === undefined) process.exit(0)
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(0)
  )
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)

try {
  const emu = await startEmulator({
    port: Number(portText),
    ...(values!.bind === undefined ? {} : { bind: values!.bind }),
    ...(values!["data-dir"] === undefined ? {} : { dataDir: values!["data-dir"] }),
    ...(values!["database-url"] === undefined ? {} : { databaseUrl: values!["database-url"] }),
    ...(values!["api-key"] === undefined ? {} : { apiKey: values!["api-key"] }),
    seed: seed as "empty" | "demo",
    rateLimit: values!["rate-limit"] === true,
    strictPostHog: values!["strict-posthog"] === true
  })
  emulator = emu
  process.stdout.write(
    `hogkit-emulator listening on ${emu.url} — API key ${emu.apiKey} — project ${emu.projectId}\n`
  )
} catch (error) {
  const e = error as { code?: unknown; message?: unknown }
  if (e.code === "EADDRINUSE")
    fail(`port ${portText} is already in use; pick another with --port (0 picks a free one).`)
  fail(`could not start: ${String(e.message ?? error)}`)
}
