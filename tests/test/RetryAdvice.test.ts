/**
 * The promise of decisions.md §10: a caller that retries only while hogkit says a failure is retryable, and
 * checks before retrying when hogkit says the outcome is unknown, never duplicates and never loses a create.
 *
 * 300 dashboard creates go to the emulator over HTTP while it answers a fifth of the requests with 502
 * (before it handles them: nothing created) and resets 5% of connections mid-answer (after it handled
 * them: created, and the client cannot know). Afterwards, with faults off, the dashboards are counted by
 * name with plain fetch: each name must exist exactly once.
 *
 * The caller reads `describeFailure(error)`: it retries while `retryable` (waiting `retryAfter` when given),
 * and on `outcomeUnknown` follows the remedy: it lists dashboards by name and creates again only if the
 * first try did not land. Before hogkit told these apart (isRetryable was true for any 5xx or reset), the
 * same caller created 16 to 20 duplicates per run.
 */

import { createClient, describeFailure, type PostHogPromiseClient } from "@hogkit/core/promise"
import { type Emulator, startEmulator } from "@hogkit/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { rawAll, rawApi, SYSTEM_KEY, type Target } from "../src/Harness.js"

const CREATES = 300
const FAULTS = { error_rate: 0.2, error_status: 502, reset_rate: 0.05 }
const RUN = `rt${Date.now().toString(36)}`

/** What the caller did, to print next to the counts. */
interface Tally {
  blindRetries: number
  checks: number
  foundOnCheck: number
  gaveUp: number
}

/** Runs `tasks` with at most `limit` at once. */
const pool = async (limit: number, tasks: ReadonlyArray<() => Promise<void>>) => {
  let next = 0
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!()
  }
  await Promise.all(Array.from({ length: limit }, worker))
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe("a caller that follows hogkit's retry advice under 20% 502 and 5% resets", () => {
  let emu: Emulator
  let direct: Target
  let client: PostHogPromiseClient

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, apiKey: SYSTEM_KEY, quiet: true })
    direct = { url: emu.url, apiKey: emu.apiKey, projectId: emu.projectId, adminToken: emu.adminToken }
    client = createClient({
      apiKey: emu.apiKey,
      host: emu.url,
      projectId: emu.projectId,
      timeout: "20 seconds",
      retry: { maxRetries: 3, baseDelay: "10 millis", maxDelay: "100 millis" }
    })
  })

  afterAll(async () => {
    await client?.close()
    await emu?.close()
  })

  it("creates each of 300 dashboards exactly once", async () => {
    const tally: Tally = { blindRetries: 0, checks: 0, foundOnCheck: 0, gaveUp: 0 }
    let sampleRemedy: string | undefined

    /** What hogkit advises: retry, wait first, or check because the outcome is unknown. */
    const adviceOf = (error: unknown) => {
      const advice = describeFailure(error)
      return { ...advice, waitMs: (advice.retryAfter ?? 0.02) * 1000 }
    }

    /** Whether a dashboard of this exact name exists; a failed check is retried as its advice says. */
    const exists = async (name: string): Promise<boolean> => {
      for (;;) {
        try {
          const page = await client.dashboards.list({ search: name })
          return page.results.some((d) => d.name === name)
        } catch (error) {
          const advice = adviceOf(error)
          if (!advice.retryable) throw error
          await sleep(advice.waitMs)
        }
      }
    }

    const create = async (name: string): Promise<void> => {
      for (let attempt = 1; attempt <= 40; attempt++) {
        try {
          await client.dashboards.create({ name })
          return
        } catch (error) {
          const advice = adviceOf(error)
          if (advice.outcomeUnknown) {
            // The advice: check, then try again.
            sampleRemedy = advice.remedy
            tally.checks++
            if (await exists(name)) {
              tally.foundOnCheck++
              return
            }
            continue
          }
          if (!advice.retryable) throw error
          tally.blindRetries++
          await sleep(advice.waitMs)
        }
      }
      tally.gaveUp++
    }

    const names = Array.from({ length: CREATES }, (_, i) => `${RUN}-${String(i).padStart(3, "0")}-end`)
    const on = await rawApi(direct, "PUT", "/_emulator/faults", FAULTS)
    expect(on.status).toBe(200)
    await pool(
      8,
      names.map((name) => () => create(name))
    )
    const off = await rawApi(direct, "DELETE", "/_emulator/faults")
    expect(off.status).toBe(204)

    // The judge: plain fetch, faults off, every dashboard of this run counted by name.
    const rows = (await rawAll(direct, "dashboards/?limit=100")).filter((d) =>
      String(d.name).startsWith(`${RUN}-`)
    )
    const count = new Map<string, number>()
    for (const row of rows) count.set(row.name, (count.get(row.name) ?? 0) + 1)
    const duplicates = names.reduce((n, name) => n + Math.max(0, (count.get(name) ?? 0) - 1), 0)
    const lost = names.filter((name) => !count.has(name)).length
    console.log(
      `retry advice: ${JSON.stringify({ creates: CREATES, rows: rows.length, duplicates, lost, ...tally })}`
    )

    expect({ duplicates, lost, gaveUp: tally.gaveUp }).toEqual({ duplicates: 0, lost: 0, gaveUp: 0 })
    expect(rows.length).toBe(CREATES)
    // Not vacuous: resets after a create landed happened, and the check found those dashboards instead of
    // creating them again (each one a duplicate for a caller that retries blindly).
    expect(tally.foundOnCheck).toBeGreaterThan(0)
    expect(tally.checks).toBeGreaterThan(tally.foundOnCheck)
    expect(sampleRemedy).toMatch(/check \(list dashboards\), then try again only if it did not/)
  })
})
