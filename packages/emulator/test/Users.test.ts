/** `GET /api/users/@me/`: the authenticated user, as the web widgets read it to recognise their own comments. */
import { describe, expect, it } from "vitest"
import { createUser, keyWithScopes, useEmulator } from "./internal/Harness.js"

const { emu, client } = useEmulator()

describe("GET /api/users/@me/", () => {
  it("answers the key's user with the UserBasic fields, is_staff, organization and current project", async () => {
    for (const path of ["/api/users/@me/", "/api/users/@me"]) {
      const res = await client.get(path)
      expect(res.status, path).toBe(200)
      expect(res.body).toEqual({
        id: 1,
        uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        distinct_id: expect.any(String),
        first_name: "Emulator",
        last_name: "User",
        email: "user@example.com",
        is_email_verified: true,
        hedgehog_config: null,
        role_at_organization: null,
        is_staff: false,
        organization: { id: emu().organizationId, name: "Default" },
        team: { id: 1, name: "Default project" }
      })
    }
  })

  it("is the same user that created_by names on the user's comments", async () => {
    const comment = await client.post("comments/", { content: "mine", scope: "Dashboard", item_id: "1" })
    const me = await client.get("/api/users/@me/")
    expect(comment.body.created_by).toEqual({
      id: me.body.id,
      uuid: me.body.uuid,
      distinct_id: me.body.distinct_id,
      first_name: me.body.first_name,
      last_name: me.body.last_name,
      email: me.body.email,
      is_email_verified: me.body.is_email_verified,
      hedgehog_config: null,
      role_at_organization: me.body.role_at_organization
    })
  })

  it("another key answers its own user, organization and project", async () => {
    const org = await client.admin("POST", "/_emulator/organizations", { name: "Acme" })
    const project = await client.admin("POST", "/_emulator/projects", {
      organization_id: org.body.id,
      name: "Acme web"
    })
    const { user, key } = await createUser(client, {
      email: "staff@acme.test",
      organizationIds: [org.body.id],
      isStaff: true
    })
    const res = await client.get("/api/users/@me/", { key })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      id: user.id,
      email: "staff@acme.test",
      is_staff: true,
      organization: { id: org.body.id, name: "Acme" },
      team: { id: project.body.id, name: "Acme web" }
    })
  })

  it("needs the user:read scope (user:write or * also do)", async () => {
    const without = await keyWithScopes(client, 1, ["dashboard:read"])
    const res = await client.get("/api/users/@me/", { key: without })
    expect(res.status).toBe(403)
    expect(res.body).toEqual({
      type: "authentication_error",
      code: "permission_denied",
      detail: "API key missing required scope 'user:read'",
      attr: null
    })
    for (const scopes of [["user:read"], ["user:write"], ["*"]]) {
      const key = await keyWithScopes(client, 1, scopes)
      expect((await client.get("/api/users/@me/", { key })).status, scopes.join()).toBe(200)
    }
  })

  it("answers 401 with WWW-Authenticate without a key or with an unknown one", async () => {
    const none = await client.get("/api/users/@me/", { key: null })
    expect(none.status).toBe(401)
    expect(none.body.detail).toBe("Authentication credentials were not provided.")
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer resource_metadata=/)
    const unknown = await client.get("/api/users/@me/", { key: "phx_not_a_key" })
    expect(unknown.status).toBe(401)
    expect(unknown.body.detail).toBe("Personal API key found in request Authorization header is invalid.")
  })

  it("other methods answer 405 after authentication", async () => {
    const res = await client.request("POST", "/api/users/@me/", {})
    expect(res.status).toBe(405)
    expect(res.body.detail).toBe('Method "POST" not allowed.')
  })
})
