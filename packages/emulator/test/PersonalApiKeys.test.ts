/** `GET /api/personal_api_keys/@current/`: the key in use, as `hogkit auth status` shows it. */
import { describe, expect, it } from "vitest"
import { useEmulator } from "./internal/Harness.js"

const { emu, client } = useEmulator()

describe("GET /api/personal_api_keys/@current/", () => {
  it("describes the default key: scopes, no restrictions, and a mask that never holds the key", async () => {
    for (const path of ["/api/personal_api_keys/@current/", "/api/personal_api_keys/%40current"]) {
      const res = await client.get(path)
      expect(res.status, path).toBe(200)
      const key = emu().apiKey
      expect(res.body).toEqual({
        id: expect.any(String),
        label: null,
        mask_value: `phx_...${key.slice(-4)}`,
        scopes: ["*"],
        scoped_teams: null,
        scoped_organizations: null,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        last_used_at: null
      })
      expect(res.text).not.toContain(key)
    }
  })

  it("needs no scope: a key limited to one scope and one project reads itself, label included", async () => {
    const created = await client.admin("POST", "/_emulator/personal_api_keys", {
      user_id: 1,
      scopes: ["comment:read"],
      scoped_teams: [1],
      label: "ci"
    })
    const res = await client.get("/api/personal_api_keys/@current/", { key: created.body.key })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      id: created.body.id,
      label: "ci",
      scopes: ["comment:read"],
      scoped_teams: [1],
      mask_value: `phx_...${(created.body.key as string).slice(-4)}`
    })
    expect(res.text).not.toContain(created.body.key)
  })

  it("answers 401 without a key or with an unknown one, and 405 to other methods", async () => {
    const none = await client.get("/api/personal_api_keys/@current/", { key: null })
    expect(none.status).toBe(401)
    expect(none.headers.get("www-authenticate")).not.toBeNull()
    const wrong = await client.get("/api/personal_api_keys/@current/", { key: "phx_notakey" })
    expect(wrong.status).toBe(401)
    expect(wrong.body.detail).toMatch(/personal API key/i)
    expect((await client.del("/api/personal_api_keys/@current/")).status).toBe(405)
  })
})
