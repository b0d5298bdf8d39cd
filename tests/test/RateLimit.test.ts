/**
 * A rate-limit storm: the emulator allows 60 requests a minute per key, and two SDK clients and two CLI
 * workers (each running `hogkit` several times in a row) ask for 82 between them, all at once. Everything
 * must complete by waiting as the 429 says ("Expected available in N seconds"), never by hammering.
 *
 * Each client talks through its own counting proxy, so the requests are counted at the emulator's door
 * and attributed to the client that sent them. What is asserted:
 * - every operation succeeds, and each was accepted exactly once (a 429 is retried, nothing else is);
 * - after a 429, the same client sends nothing before the wait it was told has passed;
 * - in the first minute (from the first request) the emulator sees at most the 60 it allows plus one
 *   refused request per client: a client told to wait sleeps past the end of that minute.
 *
 * It costs about a minute of waiting, by nature: the limit is per minute. The work is sized so one wait
 * suffices (82 requests, 60 allowed), which keeps the file near 70 seconds.
 */
import { createClient } from "@hogkit/core/promise"
import { type Emulator, startEmulator } from "@hogkit/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type CountingProxy, type Exchange, startCountingProxy } from "../src/CountingProxy.js"
import { cliBuilt, rawApi, runCli, SYSTEM_KEY, type Target } from "../src/Harness.js"

const PER_MINUTE = 60
const SDK_CLIENTS = 2
const SDK_OPS = 35
const CLI_WORKERS = 2
const CLI_RUNS = 6

describe("a rate-limit storm", () => {
  let emu: Emulator
  const proxies: CountingProxy[] = []

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, apiKey: SYSTEM_KEY, quiet: true })
    for (let i = 0; i < SDK_CLIENTS + CLI_WORKERS; i++) proxies.push(await startCountingProxy(emu.url))
  })

  afterAll(async () => {
    for (const p of proxies) await p.close()
    await emu?.close()
  })

  it("completes parallel SDK and CLI work by waiting as told, never hammering", async () => {
    expect(cliBuilt(), "build the CLI first: pnpm --filter @hogkit/cli build").toBe(true)
    const direct: Target = {
      url: emu.url,
      apiKey: emu.apiKey,
      projectId: emu.projectId,
      adminToken: emu.adminToken
    }
    const limit = await rawApi(direct, "PUT", "/_emulator/faults", { rate_limit: { per_minute: PER_MINUTE } })
    expect(limit.status).toBe(200)

    const sdkWork = proxies.slice(0, SDK_CLIENTS).map(async (proxy, c) => {
      const client = createClient({
        apiKey: emu.apiKey,
        host: proxy.url,
        projectId: emu.projectId,
        totalTimeout: "150 seconds",
        retry: { maxRetries: 8 }
      })
      const outcomes: boolean[] = []
      try {
        for (let i = 0; i < SDK_OPS; i++) {
          // Reads and creates alike: a POST refused with 429 was not processed, so it is safe to resend.
          const op =
            i % 3 === 0
              ? client.comments.create({ scope: "Notebook", content: `storm sdk ${c} ${i}` })
              : client.dashboards.list({ limit: 1 })
          outcomes.push(await op.then(() => true))
        }
      } finally {
        await client.close()
      }
      return outcomes
    })
    const cliWork = proxies.slice(SDK_CLIENTS).map(async (proxy, w) => {
      const codes: Array<{ code: number; stderr: string }> = []
      for (let i = 0; i < CLI_RUNS; i++) {
        const args =
          i % 2 === 0
            ? ["comments", "create", "--content", `storm cli ${w} ${i}`, "--scope", "Notebook"]
            : ["dashboards", "list", "--limit", "1"]
        const r = await runCli({ ...direct, url: proxy.url }, [...args, "--format", "json"], {
          timeoutMs: 170_000
        })
        codes.push({ code: r.code, stderr: r.stderr })
      }
      return codes
    })
    const [sdk, cli] = await Promise.all([Promise.all(sdkWork), Promise.all(cliWork)])
    await rawApi(direct, "DELETE", "/_emulator/faults")

    // Every operation completed.
    for (const outcomes of sdk) expect(outcomes).toEqual(Array(SDK_OPS).fill(true))
    for (const runs of cli) for (const r of runs) expect(r.code, r.stderr).toBe(0)

    const perClient = proxies.map((p) => p.api())
    const all = perClient.flat().sort((a, b) => a.at - b.at)
    const refused = all.filter((e) => e.status === 429)
    const accepted = all.filter((e) => e.status !== 429)
    const work = SDK_CLIENTS * SDK_OPS + CLI_WORKERS * CLI_RUNS

    // The storm really was one: more work than the limit, and both kinds of client were told to wait.
    expect(work).toBeGreaterThan(PER_MINUTE)
    expect(perClient.slice(0, SDK_CLIENTS).some((x) => x.some((e) => e.status === 429))).toBe(true)
    expect(perClient.slice(SDK_CLIENTS).some((x) => x.some((e) => e.status === 429))).toBe(true)
    // Each operation was accepted exactly once: only refused requests were sent again.
    expect(accepted.length).toBe(work)
    expect(accepted.every((e) => e.status !== undefined && e.status < 300)).toBe(true)
    // Every 429 told the wait, and the client honoured it before its next request.
    const gaps: number[] = []
    for (const exchanges of perClient) {
      exchanges.forEach((e: Exchange, i) => {
        if (e.status !== 429) return
        expect(e.waitSeconds, "the 429 names its wait").toBeGreaterThan(0)
        const next = exchanges[i + 1]
        if (next === undefined) return
        gaps.push(next.at - e.at)
        expect(
          next.at - e.at,
          `a client came back ${next.at - e.at} ms after being told ${e.waitSeconds} s`
        ).toBeGreaterThanOrEqual(e.waitSeconds! * 1000 - 50)
      })
    }
    // In the first minute: what the limit allows, plus at most one refused request per client.
    const start = all[0]!.at
    const firstMinute = all.filter((e) => e.at < start + 60_000)
    const clients = SDK_CLIENTS + CLI_WORKERS
    expect(firstMinute.filter((e) => e.status !== 429).length).toBeLessThanOrEqual(PER_MINUTE)
    expect(firstMinute.length).toBeLessThanOrEqual(PER_MINUTE + clients)

    console.log(
      `rate-limit storm: ${JSON.stringify({
        work,
        requests: all.length,
        accepted: accepted.length,
        refused429: refused.length,
        firstMinuteRequests: firstMinute.length,
        allowedPlusOnePerClient: PER_MINUTE + clients,
        shortestWaitAfter429Ms: Math.min(...gaps),
        seconds: Math.round((all[all.length - 1]!.at - start) / 1000)
      })}`
    )
  })
})
