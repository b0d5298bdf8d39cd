/** Fault injection through `PUT /_emulator/faults`, applied to `/api/…` only. */
import { describe, expect, it } from "vitest"
import { useEmulator } from "./internal/Harness.js"

const { emu, client } = useEmulator()

const setFaults = (body: unknown) => client.admin("PUT", "/_emulator/faults", body)

describe("faults", () => {
  it("PUT answers 200 with the full fault settings; DELETE answers 204 and clears them", async () => {
    const res = await setFaults({ latency_ms: 10 })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      latency_ms: 10,
      jitter_ms: 0,
      error_rate: 0,
      error_status: 500,
      reset_rate: 0,
      rate_limit: null
    })
    const del = await client.admin("DELETE", "/_emulator/faults")
    expect(del.status).toBe(204)
    expect((await client.admin("GET", "/_emulator/faults")).body.latency_ms).toBe(0)
  })

  it("latency delays API answers by at least latency_ms", async () => {
    await setFaults({ latency_ms: 300, jitter_ms: 50 })
    const started = Date.now()
    expect((await client.get("dashboards/")).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })

  it("error_rate 1 answers every API request with error_status and PostHog's body", async () => {
    await setFaults({ error_rate: 1 })
    const res = await client.get("dashboards/")
    expect(res.status).toBe(500)
    expect(res.body).toEqual({
      type: "server_error",
      code: "error",
      detail: "A server error occurred.",
      attr: null
    })
    await setFaults({ error_rate: 1, error_status: 503 })
    const unavailable = await client.get("dashboards/")
    expect(unavailable.status).toBe(503)
    expect(unavailable.body.code).toBe("database_unavailable")
    expect(unavailable.headers.get("retry-after")).toBe("1")
  })

  it("faults never touch the admin API", async () => {
    await setFaults({ error_rate: 1 })
    expect((await client.admin("GET", "/_emulator/info")).status).toBe(200)
  })

  it("error_rate 0.5 fails some requests and serves others", async () => {
    await setFaults({ error_rate: 0.5 })
    const statuses = await Promise.all(
      Array.from({ length: 60 }, () => client.get("comments/count/").then((r) => r.status))
    )
    expect(statuses).toContain(500)
    expect(statuses).toContain(200)
  })

  it("reset_rate 1 drops the connection mid-response", async () => {
    await setFaults({ reset_rate: 1 })
    const outcome = await fetch(`${emu().url}/api/projects/1/dashboards/`, {
      headers: { Authorization: `Bearer ${emu().apiKey}` }
    })
      .then((r) => r.text())
      .then(
        () => "complete",
        () => "reset"
      )
      .catch(() => "reset")
    expect(outcome).toBe("reset")
    await client.admin("DELETE", "/_emulator/faults")
    expect((await client.get("dashboards/")).status).toBe(200)
  })

  it("rate_limit answers 429 with PostHog's throttled body past the limit", async () => {
    await setFaults({ rate_limit: { per_minute: 2 } })
    expect((await client.get("dashboards/")).status).toBe(200)
    expect((await client.get("dashboards/")).status).toBe(200)
    const res = await client.get("dashboards/")
    expect(res.status).toBe(429)
    expect(res.body.detail).toMatch(/^Request was throttled\. Expected available in \d+ seconds?\.$/)
  })

  it("invalid fault settings → 400 with a message", async () => {
    for (const body of [{ error_rate: 2 }, { error_status: 404 }, { bogus: 1 }, [1], { rate_limit: 3 }]) {
      const res = await setFaults(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(typeof res.body.error).toBe("string")
    }
  })

  it("reset() clears faults", async () => {
    await setFaults({ error_rate: 1 })
    await emu().reset()
    expect((await client.get("dashboards/")).status).toBe(200)
  })
})
