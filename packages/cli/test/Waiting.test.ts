/**
 * When PostHog asks hogkit to wait (a 429, or a Retry-After), a person at a terminal sees why and for how
 * long, counting down; a script sees nothing on stdout, and the wait on stderr only with --debug. The
 * emulator's faults make the waits: a rate limit of one request a minute, and 503s with Retry-After: 1.
 */
import { spawn } from "node:child_process"
import { describe, expect, it } from "vitest"
import { API_KEY, BIN, outputs, useEmulator } from "./helpers.js"

const h = useEmulator()

const faults = (settings: Record<string, unknown>) =>
  fetch(`${h.emu.url}/_emulator/faults`, {
    method: "PUT",
    headers: { "x-hogkit-emulator-token": h.emu.adminToken, "content-type": "application/json" },
    body: JSON.stringify(settings)
  }).then((r) => expect(r.status).toBe(200))

const env = () => ({
  PATH: process.env.PATH,
  HOME: h.configHome,
  XDG_CONFIG_HOME: h.configHome,
  XDG_DATA_HOME: h.dataHome,
  LANG: "C.UTF-8",
  POSTHOG_PERSONAL_API_KEY: API_KEY,
  POSTHOG_HOST: h.emu.url,
  POSTHOG_PROJECT_ID: String(h.emu.projectId)
})

/**
 * Runs hogkit under a pseudo-terminal; once the screen matches `when`, runs `act` once, and with `stop`
 * ends hogkit there (a wait it is in may last a minute). Resolves with the screen and the exit code.
 */
const onTerminal = (
  args: ReadonlyArray<string>,
  when: RegExp,
  options: { readonly act?: () => Promise<void>; readonly stop?: boolean } = {}
) =>
  new Promise<{ screen: string; code: number | null }>((resolve, reject) => {
    const quoted = ["node", BIN, ...args].map((s) => `'${s.replace(/'/g, `'\\''`)}'`).join(" ")
    const child = spawn("script", ["-qec", quoted, "/dev/null"], { env: env(), detached: true })
    let screen = ""
    let seen = false
    const timer = setTimeout(() => {
      process.kill(-(child.pid as number), "SIGTERM")
      reject(new Error(`the terminal never showed ${when}: ${JSON.stringify(screen)}`))
    }, 90_000)
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      screen += d
      if (seen || !when.test(screen)) return
      seen = true
      if (options.stop) process.kill(-(child.pid as number), "SIGTERM")
      options.act?.().catch(reject)
    })
    child.on("close", (code) => {
      clearTimeout(timer)
      outputs.push(screen)
      if (!seen) reject(new Error(`the terminal never showed ${when}: ${JSON.stringify(screen)}`))
      else resolve({ screen, code })
    })
    child.stdin.end()
  })

describe("waiting when PostHog asks", () => {
  it("counts the rate limit's wait down on a terminal", async () => {
    await faults({ rate_limit: { per_minute: 1 } })
    // The minute's one request, so hogkit's own is refused with a 429.
    await h.api("dashboards/")
    const { screen } = await onTerminal(
      ["dashboards", "list"],
      /PostHog asked us to wait (\d+) s \(rate limit\)…[\s\S]*PostHog asked us to wait (?!\1)\d+ s/,
      { stop: true }
    )
    const shown = [...screen.matchAll(/PostHog asked us to wait (\d+) s \(rate limit\)…/g)].map((m) =>
      Number(m[1])
    )
    expect(shown[0]).toBeGreaterThan(50)
    expect(shown[0]).toBeLessThanOrEqual(60)
    // One line, rewritten in place: each count starts by going back to the line's start and clearing it.
    expect(screen).toContain("\r\u001b[2KPostHog asked us to wait")
    expect(shown[1]).toBeLessThan(shown[0]!)
  })

  it("erases the countdown once the wait is over and the answer comes", async () => {
    await faults({ error_rate: 1, error_status: 503 })
    // Once the first refusal is on screen, PostHog is well again.
    const { screen, code } = await onTerminal(
      ["dashboards", "list", "--format", "json"],
      /PostHog asked us to wait 1 s \(PostHog is busy\)…/,
      {
        act: async () => {
          await fetch(`${h.emu.url}/_emulator/faults`, {
            method: "DELETE",
            headers: { "x-hogkit-emulator-token": h.emu.adminToken }
          })
        }
      }
    )
    expect(code).toBe(0)
    expect(screen).toMatch(/…\r\u001b\[2K/)
    const text = screen.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "").replace(/\r/g, "")
    expect(JSON.parse(text.slice(text.indexOf("[")))).toEqual([])
  })

  it("tells a script nothing unless --debug, and never on stdout", async () => {
    await faults({ error_rate: 1, error_status: 503 })
    const quiet = await h.run(["dashboards", "list"])
    expect(quiet.code).toBe(1)
    expect(quiet.stdout).toBe("")
    expect(quiet.stderr).not.toContain("asked us to wait")
    const debug = await h.run(["dashboards", "list", "--debug"])
    expect(debug.code).toBe(1)
    expect(debug.stdout).toBe("")
    // Three retries, each after the second PostHog asked for: one line each, no countdown.
    expect(debug.stderr.match(/^PostHog asked us to wait 1 s \(PostHog is busy\)…$/gm)).toHaveLength(3)
    expect(debug.stderr).not.toContain("\u001b[2K")
  })
})
