/** The admin API (interfaces.md): boot state, setup endpoints, reset, loopback only. */
import { networkInterfaces } from "node:os"
import { describe, expect, it } from "vitest"
import { useEmulator } from "./internal/Harness.js"

// Bound on every interface so a non-loopback peer can be tried.
const { emu, client } = useEmulator({ bind: "0.0.0.0" })

const externalAddress = () =>
  Object.values(networkInterfaces())
    .flat()
    .find((i) => i !== undefined && i.family === "IPv4" && !i.internal)?.address

describe("admin API", () => {
  it("GET /_emulator/info describes the boot state", async () => {
    const res = await client.admin("GET", "/_emulator/info")
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      pid: process.pid,
      organization_id: emu().organizationId,
      project_id: 1,
      user_id: 1,
      api_key: emu().apiKey
    })
  })

  it("the boot organization has advanced_permissions, tagging and the authoring flag; user 1 is not staff", async () => {
    const tagged = await client.post("dashboards/", { name: "t", tags: ["x"] })
    expect(tagged.body.tags).toEqual(["x"])
    const t = await client.post("dashboard_templates/", { template_name: "x", tiles: [{}] })
    expect(t.status).toBe(201)
    const featured = await client.post("dashboard_templates/", {
      template_name: "y",
      tiles: [{}],
      is_featured: true
    })
    expect(featured.body.detail).toBe("Only staff can mark templates as featured.")
    expect(tagged.body.created_by.email).toBe("user@example.com")
  })

  it("POST /_emulator/reset → 204 and the data is gone, the key still works", async () => {
    await client.post("dashboards/", { name: "x" })
    const res = await client.admin("POST", "/_emulator/reset")
    expect(res.status).toBe(204)
    expect((await client.get("dashboards/")).body.count).toBe(0)
  })

  it("organizations, projects, users and keys can be created", async () => {
    const org = await client.admin("POST", "/_emulator/organizations", {
      name: "Acme",
      features: ["tagging"],
      flags: ["f"]
    })
    expect(org.status).toBe(201)
    expect(org.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "Acme",
      features: ["tagging"],
      flags: ["f"]
    })
    const project = await client.admin("POST", "/_emulator/projects", {
      organization_id: org.body.id,
      name: "Web"
    })
    expect(project.body).toEqual({ id: 2, organization_id: org.body.id, name: "Web" })
    const user = await client.admin("POST", "/_emulator/users", {
      email: "ada@example.com",
      first_name: "Ada",
      last_name: "L",
      is_staff: true,
      organization_ids: [org.body.id]
    })
    expect(user.status).toBe(201)
    expect(user.body).toMatchObject({
      id: 2,
      email: "ada@example.com",
      first_name: "Ada",
      last_name: "L",
      is_staff: true
    })
    expect(user.body).toHaveProperty("uuid")
    const key = await client.admin("POST", "/_emulator/personal_api_keys", {
      user_id: user.body.id,
      scopes: ["dashboard:read"],
      key: "phx_chosen_key_value"
    })
    expect(key.body).toEqual({ id: expect.any(String), key: "phx_chosen_key_value" })
    const res = await client.get(`/api/projects/${project.body.id}/dashboards/`, {
      key: "phx_chosen_key_value"
    })
    expect(res.status).toBe(200)
    expect(
      (await client.get("/api/projects/@current/dashboards/", { key: "phx_chosen_key_value" })).status
    ).toBe(200)
  })

  it("keys and memberships created through the admin API stop working after a reset", async () => {
    const user = await client.admin("POST", "/_emulator/users", {
      email: "x@example.com",
      organization_ids: [emu().organizationId]
    })
    const key = (
      await client.admin("POST", "/_emulator/personal_api_keys", { user_id: user.body.id, scopes: ["*"] })
    ).body.key
    expect((await client.get("dashboards/", { key })).status).toBe(200)
    await client.admin("POST", "/_emulator/reset")
    expect((await client.get("dashboards/", { key })).status).toBe(401)
    expect((await client.get("dashboards/")).status).toBe(200)
  })

  it("a project created after a first request is visible at once", async () => {
    expect((await client.get("/api/projects/2/dashboards/")).status).toBe(404)
    await client.admin("POST", "/_emulator/projects", {
      organization_id: emu().organizationId,
      name: "Later"
    })
    expect((await client.get("/api/projects/2/dashboards/")).status).toBe(200)
  })

  it("bad admin requests → 400/404 with an error message", async () => {
    expect((await client.admin("POST", "/_emulator/organizations", {})).body.error).toContain('"name"')
    expect(
      (await client.admin("POST", "/_emulator/projects", { organization_id: "x", name: "p" })).status
    ).toBe(400)
    expect(
      (
        await client.admin("POST", "/_emulator/projects", {
          organization_id: "00000000-0000-4000-8000-000000000000",
          name: "p"
        })
      ).status
    ).toBe(404)
    expect(
      (await client.admin("POST", "/_emulator/personal_api_keys", { user_id: 99, scopes: ["*"] })).status
    ).toBe(404)
    expect((await client.admin("POST", "/_emulator/users", { email: "user@example.com" })).status).toBe(409)
    expect((await client.admin("GET", "/_emulator/nope")).status).toBe(404)
  })

  it("the admin API refuses non-loopback peers while the API serves them", async () => {
    const address = externalAddress()
    if (address === undefined) return
    const port = new URL(emu().url).port
    const admin = await fetch(`http://${address}:${port}/_emulator/info`)
    expect(admin.status).toBe(403)
    expect((await admin.json()).error).toContain("loopback")
    const api = await fetch(`http://${address}:${port}/api/projects/1/dashboards/`, {
      headers: { Authorization: `Bearer ${emu().apiKey}` }
    })
    expect(api.status).toBe(200)
  })
})
