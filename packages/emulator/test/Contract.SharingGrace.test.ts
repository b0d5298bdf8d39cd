/**
 * posthog-api-behaviour.md §4.3: a refreshed share token keeps working for PostHog's grace period
 * (SHARING_TOKEN_GRACE_PERIOD_SECONDS, five minutes), then 404; the emulator's clock (`PUT /_emulator/clock`)
 * gets there without waiting. On both backends (the PostgreSQL pass runs this file too).
 */
import { describe, expect, it } from "vitest"
import { useEmulator } from "./internal/Harness.js"

const { emu, client } = useEmulator()

const GRACE_SECONDS = 5 * 60

const share = async (name: string, settings: Record<string, unknown> = { enabled: true }) => {
  const d = await client.post("dashboards/", { name })
  const s = await client.patch(`dashboards/${d.body.id}/sharing/`, settings)
  expect(s.status).toBe(200)
  return { dashboardId: d.body.id as number, token: s.body.access_token as string }
}

const open = async (path: string, init: RequestInit = {}) =>
  (await fetch(`${emu().url}${path}`, { redirect: "manual", ...init })).status

const advance = async (seconds: number) => {
  const res = await client.admin("PUT", "/_emulator/clock", { advance_seconds: seconds })
  expect(res.status).toBe(200)
  return res.body as { now: string; offset_seconds: number }
}

describe("§4.3 refreshed share tokens and the emulator clock", () => {
  it("a refreshed token opens for PostHog's five-minute grace period, then 404; the new one keeps opening", async () => {
    const { dashboardId, token } = await share("Rotated")
    const fresh = (await client.post(`dashboards/${dashboardId}/sharing/refresh/`)).body
      .access_token as string
    await advance(GRACE_SECONDS - 2)
    expect(await open(`/shared/${token}`)).toBe(200)
    expect(await open(`/shared/${token}.json`)).toBe(200)
    await advance(4)
    expect(await open(`/shared/${token}`)).toBe(404)
    expect(await open(`/shared/${token}.json`)).toBe(404)
    expect(await open(`/shared/${fresh}`)).toBe(200)
    expect(await open(`/shared/${fresh}.json`)).toBe(200)
  })

  it("a refreshed password-protected token asks for the password within the grace period, then 404", async () => {
    const { dashboardId, token } = await share("Locked", { enabled: true, password_required: true })
    expect(
      (await client.post(`dashboards/${dashboardId}/sharing/passwords/`, { raw_password: "correct horse" }))
        .status
    ).toBe(201)
    const fresh = (await client.post(`dashboards/${dashboardId}/sharing/refresh/`)).body
      .access_token as string
    const unlock = (t: string) =>
      open(`/shared/${t}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "password=correct+horse"
      })
    await advance(GRACE_SECONDS - 2)
    expect(await open(`/shared/${token}`)).toBe(401)
    expect(await unlock(token)).toBe(303)
    await advance(4)
    expect(await open(`/shared/${token}`)).toBe(404)
    expect(await unlock(token)).toBe(404)
    // The passwords came along to the new token.
    expect(await open(`/shared/${fresh}`)).toBe(401)
    expect(await unlock(fresh)).toBe(303)
  })

  it("an enabled link keeps opening however far the clock moves; a disabled one stays 404", async () => {
    const { dashboardId, token } = await share("Lasting")
    await advance(365 * 24 * 3600)
    expect(await open(`/shared/${token}.json`)).toBe(200)
    await client.patch(`dashboards/${dashboardId}/sharing/`, { enabled: false })
    expect(await open(`/shared/${token}.json`)).toBe(404)
    await advance(-365 * 24 * 3600)
    expect(await open(`/shared/${token}.json`)).toBe(404)
  })

  it("timestamps follow the emulator clock (created_at, last_accessed_at, even on a cached retrieve); reset sets it back", async () => {
    const before = await client.get("dashboards/?limit=1")
    expect(before.status).toBe(200)
    const moved = await advance(3 * 24 * 3600)
    expect(moved.offset_seconds).toBe(3 * 24 * 3600)
    const at = (iso: string) => Date.parse(iso)
    const realNow = Date.now()
    const d = await client.post("dashboards/", { name: "Later" })
    expect(at(d.body.created_at)).toBeGreaterThan(realNow + 2 * 24 * 3600 * 1000)
    const first = await client.get(`dashboards/${d.body.id}/`)
    const second = await client.get(`dashboards/${d.body.id}/`)
    for (const r of [first, second])
      expect(at(r.body.last_accessed_at)).toBeGreaterThan(realNow + 2 * 24 * 3600 * 1000)
    const clock = await client.admin("GET", "/_emulator/clock")
    expect(clock.body.offset_seconds).toBe(3 * 24 * 3600)
    expect(at(clock.body.now)).toBeGreaterThan(realNow + 2 * 24 * 3600 * 1000)
    expect((await client.admin("POST", "/_emulator/reset")).status).toBe(204)
    const after = await client.admin("GET", "/_emulator/clock")
    expect(after.body.offset_seconds).toBe(0)
    const e = await client.post("dashboards/", { name: "Now" })
    expect(at(e.body.created_at)).toBeLessThan(Date.now() + 24 * 3600 * 1000)
  })

  it("bad clock requests → 400 with what to send; the clock does not move", async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'Send one of "offset_seconds"'],
      [{ offset_seconds: 1, advance_seconds: 1 }, 'Send one of "offset_seconds"'],
      [{ advance_seconds: "soon" }, '"advance_seconds" must be a number of seconds.'],
      [{ offset_seconds: 1e12 }, "at most 100 years"],
      [[1], "must be a JSON object"]
    ]
    for (const [body, message] of cases) {
      const res = await client.admin("PUT", "/_emulator/clock", body)
      expect(res.status).toBe(400)
      expect(res.body.error).toContain(message)
    }
    expect((await client.admin("GET", "/_emulator/clock")).body.offset_seconds).toBe(0)
    // Behind the admin token, like every admin route.
    const anonymous = await fetch(`${emu().url}/_emulator/clock`, { method: "PUT", body: "{}" })
    expect(anonymous.status).toBe(401)
  })
})
