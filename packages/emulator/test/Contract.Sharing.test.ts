/** posthog-api-behaviour.md §4: dashboard sharing. */
import { describe, expect, it } from "vitest"
import { useEmulator } from "./internal/Harness.js"

const { client } = useEmulator()

const dashboardId = async () => (await client.post("dashboards/", { name: "Shared" })).body.id as number

describe("§4.1 routes", () => {
  it("§4.1 an unknown or soft-deleted dashboard → 404 Dashboard not found.", async () => {
    const res = await client.get("dashboards/9999/sharing/")
    expect(res.status).toBe(404)
    expect(res.body).toEqual({
      type: "invalid_request",
      code: "not_found",
      detail: "Dashboard not found.",
      attr: null
    })
    const id = await dashboardId()
    await client.patch(`dashboards/${id}/`, { deleted: true })
    expect((await client.get(`dashboards/${id}/sharing/`)).body.detail).toBe("Dashboard not found.")
  })
})

describe("§4.2-4.3 behaviour", () => {
  it("§4.3 GET does not persist: created_at null and a fresh token each time", async () => {
    const id = await dashboardId()
    const a = await client.get(`dashboards/${id}/sharing/`)
    const b = await client.get(`dashboards/${id}/sharing/`)
    expect(a.body).toMatchObject({
      created_at: null,
      enabled: false,
      settings: null,
      password_required: false,
      share_passwords: []
    })
    expect(Object.keys(a.body)).toEqual([
      "created_at",
      "enabled",
      "access_token",
      "settings",
      "password_required",
      "share_passwords",
      "user_access_level"
    ])
    expect(a.body.access_token).toHaveLength(30)
    expect(a.body.access_token).not.toBe(b.body.access_token)
    expect(a.body.enabled).toBe(false)
  })

  it("§4.3 PATCH enabled:true saves; disabling keeps the token, enabling again makes a new one; is_shared follows enabled", async () => {
    const id = await dashboardId()
    const on = await client.patch(`dashboards/${id}/sharing/`, { enabled: true })
    expect(on.body.created_at).toMatch(/Z$/)
    expect(on.body.enabled).toBe(true)
    expect((await client.get(`dashboards/${id}/`)).body.is_shared).toBe(true)
    const off = await client.patch(`dashboards/${id}/sharing/`, { enabled: false })
    expect(off.body.access_token).toBe(on.body.access_token)
    expect((await client.get(`dashboards/${id}/`)).body.is_shared).toBe(false)
    const again = await client.patch(`dashboards/${id}/sharing/`, { enabled: true })
    expect(again.body.access_token).not.toBe(on.body.access_token)
    expect((await client.get(`dashboards/${id}/sharing/`)).body.access_token).toBe(again.body.access_token)
  })

  it("§4.3 settings: unknown keys dropped, {} stays {}, null stays null, non-object → 400", async () => {
    const id = await dashboardId()
    const res = await client.patch(`dashboards/${id}/sharing/`, {
      settings: { whitelabel: true, noHeader: false, theme: "dark", bogus: 1 }
    })
    expect(res.body.settings).toEqual({ whitelabel: true, noHeader: false, theme: "dark" })
    expect((await client.patch(`dashboards/${id}/sharing/`, { settings: {} })).body.settings).toEqual({})
    expect((await client.patch(`dashboards/${id}/sharing/`, { settings: null })).body.settings).toBeNull()
    const bad = await client.patch(`dashboards/${id}/sharing/`, { settings: "invalid string" })
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "Invalid settings format",
      attr: "settings"
    })
  })

  it("§4.3 password_required without advanced permissions → 403 {error}", async () => {
    const org = await client.admin("POST", "/_emulator/organizations", { name: "Basic" })
    const project = await client.admin("POST", "/_emulator/projects", {
      organization_id: org.body.id,
      name: "P"
    })
    const user = await client.admin("POST", "/_emulator/users", {
      email: "b@example.com",
      organization_ids: [org.body.id]
    })
    const key = (
      await client.admin("POST", "/_emulator/personal_api_keys", { user_id: user.body.id, scopes: ["*"] })
    ).body.key
    const base = `/api/projects/${project.body.id}/dashboards/`
    const d = await client.post(base, { name: "x" }, { key })
    const res = await client.patch(`${base}${d.body.id}/sharing/`, { password_required: true }, { key })
    expect(res.status).toBe(403)
    expect(res.body).toEqual({ error: "Sharing with password requires the Advanced Permissions feature" })
    const pw = await client.post(`${base}${d.body.id}/sharing/passwords/`, {}, { key })
    expect(pw.body).toEqual({ error: "Password protection must be enabled before creating passwords" })
    const del = await client.del(`${base}${d.body.id}/sharing/passwords/1/`, { key })
    expect(del.status).toBe(403)
    expect(del.body).toEqual({ error: "Password management requires the Advanced Permissions feature" })
  })

  it("§4.3 an organization that disallows public sharing → 403 on enabling", async () => {
    const org = await client.admin("POST", "/_emulator/organizations", {
      name: "Private",
      allow_publicly_shared_resources: false
    })
    const project = await client.admin("POST", "/_emulator/projects", {
      organization_id: org.body.id,
      name: "P"
    })
    const user = await client.admin("POST", "/_emulator/users", {
      email: "p@example.com",
      organization_ids: [org.body.id]
    })
    const key = (
      await client.admin("POST", "/_emulator/personal_api_keys", { user_id: user.body.id, scopes: ["*"] })
    ).body.key
    const base = `/api/projects/${project.body.id}/dashboards/`
    const d = await client.post(base, { name: "x" }, { key })
    const res = await client.patch(`${base}${d.body.id}/sharing/`, { enabled: true }, { key })
    expect(res.status).toBe(403)
    expect(res.body.detail).toBe("Public sharing is disabled for this organization.")
  })

  it("§4.3 refresh issues a new token and keeps enabled, settings, password_required and passwords", async () => {
    const id = await dashboardId()
    const before = await client.patch(`dashboards/${id}/sharing/`, {
      enabled: true,
      settings: { legend: true },
      password_required: true
    })
    await client.post(`dashboards/${id}/sharing/passwords/`, { note: "team" })
    const after = await client.post(`dashboards/${id}/sharing/refresh/`)
    expect(after.status).toBe(200)
    expect(after.body.access_token).not.toBe(before.body.access_token)
    expect(after.body).toMatchObject({ enabled: true, settings: { legend: true }, password_required: true })
    expect(after.body.share_passwords.map((p: { note: string }) => p.note)).toEqual(["team"])
    expect((await client.get(`dashboards/${id}/sharing/`)).body.access_token).toBe(after.body.access_token)
  })

  it("§4.3 passwords: must be enabled first (400 {error}), short → 400 attr raw_password, generated when omitted", async () => {
    const id = await dashboardId()
    const early = await client.post(`dashboards/${id}/sharing/passwords/`, {})
    expect(early.status).toBe(400)
    expect(early.body).toEqual({ error: "Password protection must be enabled before creating passwords" })
    await client.patch(`dashboards/${id}/sharing/`, { password_required: true })
    const short = await client.post(`dashboards/${id}/sharing/passwords/`, { raw_password: "short" })
    expect(short.body).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "Password must be at least 8 characters long.",
      attr: "raw_password"
    })
    const generated = await client.post(`dashboards/${id}/sharing/passwords/`, { note: "n" })
    expect(generated.status).toBe(201)
    expect(Object.keys(generated.body)).toEqual(["id", "password", "note", "created_at", "created_by_email"])
    expect(generated.body.password.length).toBeGreaterThanOrEqual(16)
    expect(generated.body.created_by_email).toBe("user@example.com")
    const chosen = await client.post(`dashboards/${id}/sharing/passwords/`, { raw_password: "correct horse" })
    expect(chosen.body.password).toBe("correct horse")
    const config = await client.get(`dashboards/${id}/sharing/`)
    expect(config.body.share_passwords).toHaveLength(2)
    expect(config.body.share_passwords[0]).not.toHaveProperty("password")
    expect(config.body.share_passwords[0]).toMatchObject({
      note: "n",
      created_by_email: "user@example.com",
      is_active: true
    })
  })

  it("§4.3 note over 100 characters → max_length", async () => {
    const id = await dashboardId()
    await client.patch(`dashboards/${id}/sharing/`, { password_required: true })
    const res = await client.post(`dashboards/${id}/sharing/passwords/`, { note: "n".repeat(101) })
    expect(res.body).toMatchObject({ code: "max_length", attr: "note" })
  })

  it("§4.3 DELETE a password → 204 and it disappears; unknown → 404 Password not found", async () => {
    const id = await dashboardId()
    await client.patch(`dashboards/${id}/sharing/`, { password_required: true })
    const pw = await client.post(`dashboards/${id}/sharing/passwords/`, {})
    const del = await client.del(`dashboards/${id}/sharing/passwords/${pw.body.id}/`)
    expect(del.status).toBe(204)
    expect(del.text).toBe("")
    expect((await client.get(`dashboards/${id}/sharing/`)).body.share_passwords).toEqual([])
    const again = await client.del(`dashboards/${id}/sharing/passwords/${pw.body.id}/`)
    expect(again.status).toBe(404)
    expect(again.body.detail).toBe("Password not found")
  })
})
