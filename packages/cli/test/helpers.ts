/**
 * Shared by the end-to-end tests: one emulator per test file over real HTTP, and `hogkit` run as users run
 * it (`node dist/hogkit.js`), piped or under a pseudo-terminal (`script` from util-linux). Every output
 * is recorded so each file can assert the API key never appeared in any of them.
 */
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { type Emulator, startEmulator } from "@hogkit/emulator"
import { afterAll, beforeAll, beforeEach, expect } from "vitest"

export const BIN = fileURLToPath(new URL("../dist/hogkit.js", import.meta.url))

/** Every test file's emulator uses this key, so "the key never leaks" covers the whole suite. */
export const API_KEY = "phx_hogkitCliTestKey0123456789abcdefghijklmnopqrstuv"

export interface Result {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  /** Under a pseudo-terminal: stdout as the terminal received it, escape sequences included. */
  readonly raw: string
}

export interface RunOptions {
  readonly env?: Record<string, string | undefined>
  readonly input?: string
  /** Run under a pseudo-terminal: stdout and stderr are a terminal (and merged, as on a screen). */
  readonly tty?: boolean
  /** Leave out the default key/host/project environment. */
  readonly bare?: boolean
}

/** Everything any hogkit run printed in this file. */
export const outputs: Array<string> = []

export const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `hogkit-cli-${prefix}-`))

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

export interface Harness {
  emu: Emulator
  configHome: string
  dataHome: string
  run: (args: ReadonlyArray<string>, options?: RunOptions) => Promise<Result>
  /** GET a project endpoint straight from the emulator, bypassing hogkit. */
  api: (path: string, init?: RequestInit) => Promise<any>
  /** How many dashboards, templates (this project's) and comments exist, deleted ones included. */
  counts: () => Promise<{ dashboards: number; templates: number; comments: number; sharing: boolean }>
}

export const useEmulator = (): Harness => {
  const h = {} as Harness
  beforeAll(async () => {
    h.emu = await startEmulator({ port: 0, apiKey: API_KEY, quiet: true })
    h.configHome = tempDir("config")
    h.dataHome = tempDir("data")
    h.api = async (p, init) => {
      const url = p.startsWith("/") ? `${h.emu.url}${p}` : `${h.emu.url}/api/projects/${h.emu.projectId}/${p}`
      const res = await fetch(url, {
        ...init,
        headers: {
          authorization: `Bearer ${API_KEY}`,
          "content-type": "application/json",
          ...(init?.headers ?? {})
        }
      })
      const text = await res.text()
      return text === "" ? undefined : JSON.parse(text)
    }
    h.counts = async () => {
      const dashboards = await h.api("dashboards/?limit=1")
      const templates = await h.api("dashboard_templates/?scope=team&limit=1")
      const comments = await h.api("comments/count?deleted=true")
      const anyShared = (await h.api("dashboards/?limit=500")).results.some((d: any) => d.is_shared)
      return {
        dashboards: dashboards.count,
        templates: templates.count,
        comments: comments.count,
        sharing: anyShared
      }
    }
    h.run = (args, options = {}) => {
      const env: Record<string, string | undefined> = {
        PATH: process.env.PATH,
        HOME: h.configHome,
        XDG_CONFIG_HOME: h.configHome,
        XDG_DATA_HOME: h.dataHome,
        LANG: "C.UTF-8",
        ...(options.bare
          ? {}
          : {
              POSTHOG_PERSONAL_API_KEY: API_KEY,
              POSTHOG_HOST: h.emu.url,
              POSTHOG_PROJECT_ID: String(h.emu.projectId)
            }),
        ...options.env
      }
      for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k]
      const [cmd, argv] = options.tty
        ? ["script", ["-qec", ["node", BIN, ...args].map(shellQuote).join(" "), "/dev/null"]]
        : ["node", [BIN, ...args]]
      return new Promise((resolve, reject) => {
        const child = spawn(cmd as string, argv as Array<string>, { env: env as NodeJS.ProcessEnv })
        let stdout = ""
        let stderr = ""
        child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d))
        child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d))
        child.on("error", reject)
        child.on("close", (code) => {
          const raw = options.tty ? stdout.replace(/\r\n/g, "\n") : stdout
          outputs.push(stdout, stderr)
          resolve({
            code: code ?? -1,
            stdout: options.tty ? raw.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "") : raw,
            stderr,
            raw
          })
        })
        if (options.input !== undefined) child.stdin.end(options.input)
        else child.stdin.end()
      })
    }
  })
  beforeEach(async () => {
    await h.emu.reset()
  })
  afterAll(async () => {
    await h.emu?.close()
    // The key must never reach a user's screen or a log: not in output, errors or --debug lines.
    const leaks = outputs.filter((o) => o.includes(API_KEY) || o.includes(API_KEY.slice(4)))
    expect(leaks).toEqual([])
  })
  return h
}

/** Create a dashboard straight through the API (setup that must not depend on the CLI under test). */
export const seedDashboard = async (h: Harness, body: Record<string, unknown>) =>
  h.api("dashboards/", { method: "POST", body: JSON.stringify(body) })
