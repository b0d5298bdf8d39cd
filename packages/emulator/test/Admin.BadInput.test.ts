/** Bad admin requests answer 4xx with a message naming what was wrong — never a 500 or a stack trace. */
import { describe, expect, it } from "vitest"
import { useEmulator } from "./internal/Harness.js"

const logged: string[] = []
const { emu, client } = useEmulator({ log: (line) => logged.push(line) })

const raw = (method: string, path: string, body: string | Uint8Array, contentType: string) =>
  client.request(method, path, body, { key: null, headers: { "Content-Type": contentType } })

describe("admin API bad input", () => {
  it("a body that is not JSON or form data answers 415 naming the content type", async () => {
    const res = await raw("POST", "/_emulator/organizations", '""', "text/plain")
    expect(res.status).toBe(415)
    expect(res.body).toEqual({ error: 'Unsupported media type "text/plain" in request.' })
    const faults = await raw("PUT", "/_emulator/faults", "{}", "text/plain")
    expect(faults.status).toBe(415)
  })

  it("malformed JSON and non-UTF-8 bodies answer 400 saying the JSON could not be parsed", async () => {
    for (const path of ["/_emulator/organizations", "/_emulator/users", "/_emulator/personal_api_keys"]) {
      const res = await raw("POST", path, '{"name": ', "application/json")
      expect(res.status).toBe(400)
      expect(res.body.error).toMatch(/^JSON parse error - /)
    }
    const bytes = await raw(
      "POST",
      "/_emulator/projects",
      new Uint8Array([0x7b, 0xff, 0x7d]),
      "application/json"
    )
    expect(bytes.status).toBe(400)
    expect(bytes.body.error).toMatch(/^JSON parse error - 'utf-8' codec can't decode byte 0xff/)
    const faults = await raw("PUT", "/_emulator/faults", "{", "application/json")
    expect(faults.status).toBe(400)
  })

  it("a JSON body that is not an object answers 400", async () => {
    for (const body of ['" "', '""', "[]", "null", "42", "true"]) {
      const res = await raw("POST", "/_emulator/organizations", body, "application/json")
      expect(res.status, body).toBe(400)
      expect(res.body).toEqual({ error: "The request body must be a JSON object." })
    }
  })

  it("strings with NUL characters are refused, naming the field", async () => {
    const org = await client.admin("POST", "/_emulator/organizations", { name: "a\u0000b" })
    expect(org.status).toBe(400)
    expect(org.body.error).toBe('"name" must not contain NUL characters.')
    const features = await client.admin("POST", "/_emulator/organizations", {
      name: "a",
      features: ["x\u0000"]
    })
    expect(features.status).toBe(400)
    expect(features.body.error).toBe('"features" must not contain NUL characters.')
    const user = await client.admin("POST", "/_emulator/users", {
      email: "x@example.com",
      first_name: "\u0000",
      organization_ids: []
    })
    expect(user.status).toBe(400)
    expect(user.body.error).toBe('"first_name" must not contain NUL characters.')
    const key = await client.admin("POST", "/_emulator/personal_api_keys", {
      user_id: 1,
      scopes: ["*\u0000"]
    })
    expect(key.status).toBe(400)
    expect(key.body.error).toBe('"scopes" must not contain NUL characters.')
  })

  it("ids out of Postgres' integer range are refused, naming the field", async () => {
    const key = await client.admin("POST", "/_emulator/personal_api_keys", { user_id: 1e12, scopes: ["*"] })
    expect(key.status).toBe(400)
    expect(key.body.error).toBe(`"user_id" must be a user's id.`)
    const teams = await client.admin("POST", "/_emulator/personal_api_keys", {
      user_id: 1,
      scopes: ["*"],
      scoped_teams: [1e12]
    })
    expect(teams.status).toBe(400)
    expect(teams.body.error).toBe(`"scoped_teams" must be a list of project ids.`)
    const negative = await client.admin("POST", "/_emulator/personal_api_keys", {
      user_id: -1,
      scopes: ["*"]
    })
    expect(negative.status).toBe(400)
  })

  it("wrongly-typed fields are refused, naming the field", async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ["/_emulator/organizations", { name: 1 }, '"name" must be a non-empty string.'],
      ["/_emulator/organizations", { name: "a", features: "x" }, '"features" must be a list of strings.'],
      [
        "/_emulator/organizations",
        { name: "a", members_can_use_personal_api_keys: "no" },
        '"members_can_use_personal_api_keys" must be true or false.'
      ],
      [
        "/_emulator/projects",
        { organization_id: "nope", name: "p" },
        `"organization_id" must be an organization's uuid.`
      ],
      [
        "/_emulator/users",
        { email: "a@b.c", organization_ids: "x" },
        '"organization_ids" must be a list of strings.'
      ],
      ["/_emulator/personal_api_keys", { user_id: "1", scopes: ["*"] }, `"user_id" must be a user's id.`]
    ]
    for (const [path, body, error] of cases) {
      const res = await client.admin("POST", path, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body).toEqual({ error })
    }
  })

  it("none of the above logged an unexpected error, and the emulator still serves", async () => {
    expect(logged.filter((l) => l.includes("unexpected error"))).toEqual([])
    expect((await client.get("dashboards/")).status).toBe(200)
    expect(emu().url).toMatch(/^http:/)
  })
})
