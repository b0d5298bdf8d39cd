/**
 * `/shared/<access_token>`: the public page (and its JSON) a sharing link opens — enabled, behind a
 * password, gone once disabled, and replaced by a refresh.
 */
import { describe, expect, it } from "vitest"
import { useEmulator } from "./internal/Harness.js"

const { emu, client } = useEmulator()

const share = async (name: string, settings: Record<string, unknown> = { enabled: true }) => {
  const d = await client.post("dashboards/", { name, description: "Weekly <numbers>", tags: ["kpi"] })
  const s = await client.patch(`dashboards/${d.body.id}/sharing/`, settings)
  expect(s.status).toBe(200)
  return { dashboardId: d.body.id as number, token: s.body.access_token as string }
}

const open = (path: string, init: RequestInit = {}) =>
  fetch(`${emu().url}${path}`, { redirect: "manual", ...init })

describe("shared pages", () => {
  it("an enabled configuration serves a public HTML page and its JSON, without any key", async () => {
    const { dashboardId, token } = await share("Public numbers")
    const html = await open(`/shared/${token}`)
    expect(html.status).toBe(200)
    expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8")
    const text = await html.text()
    expect(text).toContain("<h1>Public numbers</h1>")
    // User text is escaped, never markup.
    expect(text).toContain("Weekly &lt;numbers&gt;")
    expect(text).not.toContain("<numbers>")
    expect(html.headers.get("content-security-policy")).toContain("default-src 'none'")

    const json = await open(`/shared/${token}.json`)
    expect(json.status).toBe(200)
    expect(await json.json()).toMatchObject({
      type: "scene",
      dashboard: { id: dashboardId, name: "Public numbers", description: "Weekly <numbers>", tags: ["kpi"] }
    })
  })

  it("unknown tokens, and configurations never enabled, answer 404", async () => {
    expect((await open("/shared/doesNotExist123")).status).toBe(404)
    expect((await open("/shared/doesNotExist123.json")).status).toBe(404)
    const d = await client.post("dashboards/", { name: "Private" })
    const s = await client.patch(`dashboards/${d.body.id}/sharing/`, { settings: { whitelabel: true } })
    expect(s.body.enabled).toBe(false)
    expect((await open(`/shared/${s.body.access_token}`)).status).toBe(404)
    for (const path of ["/shared", "/shared/", "/shared/a/b", "/shared/%00"])
      expect((await open(path)).status).toBe(404)
  })

  it("disabling takes the page down at once", async () => {
    const { dashboardId, token } = await share("Soon private")
    expect((await open(`/shared/${token}.json`)).status).toBe(200)
    await client.patch(`dashboards/${dashboardId}/sharing/`, { enabled: false })
    expect((await open(`/shared/${token}`)).status).toBe(404)
    expect((await open(`/shared/${token}.json`)).status).toBe(404)
  })

  it("a refresh gives a new link that opens; the replaced one lasts only PostHog's grace period", async () => {
    const { dashboardId, token } = await share("Rotated")
    const refreshed = await client.post(`dashboards/${dashboardId}/sharing/refresh/`)
    const fresh = refreshed.body.access_token as string
    expect(fresh).not.toBe(token)
    expect((await open(`/shared/${fresh}.json`)).status).toBe(200)
    expect(await (await open(`/shared/${fresh}`)).text()).toContain("<h1>Rotated</h1>")
    // PostHog keeps a replaced token working for SHARING_TOKEN_GRACE_PERIOD_SECONDS (five minutes) so
    // open pages do not break mid-look; the emulator serves it exactly as long (expires_at), then 404.
    expect((await open(`/shared/${token}.json`)).status).toBe(200)
    // Disabling takes the current link down at once.
    await client.patch(`dashboards/${dashboardId}/sharing/`, { enabled: false })
    expect((await open(`/shared/${fresh}`)).status).toBe(404)
  })

  it("a password-protected link shows a password form, and opens with the right password only", async () => {
    const { dashboardId, token } = await share("Behind a password", {
      enabled: true,
      password_required: true
    })
    const pw = await client.post(`dashboards/${dashboardId}/sharing/passwords/`, {
      raw_password: "correct horse"
    })
    expect(pw.status).toBe(201)

    const locked = await open(`/shared/${token}`)
    expect(locked.status).toBe(401)
    const form = await locked.text()
    expect(form).toContain('type="password"')
    expect(form).not.toContain("Behind a password")
    const lockedJson = await open(`/shared/${token}.json`)
    expect(lockedJson.status).toBe(401)
    expect(JSON.stringify(await lockedJson.json())).not.toContain("Behind a password")

    // The browser flow: the form posts, a cookie comes back, the page opens.
    const wrong = await open(`/shared/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "password=wrong+horse"
    })
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).toContain("not right")
    const right = await open(`/shared/${token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "password=correct+horse"
    })
    expect(right.status).toBe(303)
    expect(right.headers.get("location")).toBe(`/shared/${token}`)
    const cookie = right.headers.get("set-cookie")!.split(";")[0]!
    const unlocked = await open(`/shared/${token}`, { headers: { cookie } })
    expect(unlocked.status).toBe(200)
    expect(await unlocked.text()).toContain("<h1>Behind a password</h1>")

    // The JSON flow: the password gives a share token, sent as a bearer.
    const bad = await open(`/shared/${token}.json`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ password: "nope nope" })
    })
    expect(bad.status).toBe(401)
    const good = await open(`/shared/${token}.json`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ password: "correct horse" })
    })
    expect(good.status).toBe(200)
    const { shareToken } = (await good.json()) as { shareToken: string }
    const data = await open(`/shared/${token}.json`, { headers: { authorization: `Bearer ${shareToken}` } })
    expect(data.status).toBe(200)
    expect(((await data.json()) as { dashboard: { name: string } }).dashboard.name).toBe("Behind a password")

    // A deactivated password no longer unlocks.
    await client.del(`dashboards/${dashboardId}/sharing/passwords/${pw.body.id}/`)
    const revoked = await open(`/shared/${token}.json`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ password: "correct horse" })
    })
    expect(revoked.status).toBe(401)
  })
})
