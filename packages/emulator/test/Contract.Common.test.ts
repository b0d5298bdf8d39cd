/** posthog-api-behaviour.md §0: routing, error bodies, authentication, scopes, pagination, rendering. */
import { describe, expect, it } from "vitest"
import { createUser, keyWithScopes, tiles, useEmulator } from "./internal/Harness.js"

const { emu, client } = useEmulator()

const error = (type: string, code: string, detail: string, attr: string | null = null) => ({
  type,
  code,
  detail,
  attr
})
const WWW = (url: string) => `Bearer resource_metadata="${url}/.well-known/oauth-protected-resource"`

const otherOrganization = async () => {
  const org = await client.admin("POST", "/_emulator/organizations", { name: "Elsewhere" })
  const project = await client.admin("POST", "/_emulator/projects", {
    organization_id: org.body.id,
    name: "Theirs"
  })
  return { org: org.body, project: project.body }
}

describe("§0.1 routing", () => {
  it("§0.1 every route works with and without a trailing slash", async () => {
    for (const path of [
      "comments",
      "comments/",
      "dashboards",
      "dashboards/",
      "dashboard_templates",
      "dashboard_templates/"
    ]) {
      expect((await client.get(path)).status, path).toBe(200)
    }
    const d = await client.post("dashboards", { name: "x" })
    expect((await client.get(`dashboards/${d.body.id}`)).status).toBe(200)
    expect((await client.get(`dashboards/${d.body.id}/sharing`)).status).toBe(200)
    expect((await client.get(`dashboards/${d.body.id}/sharing/`)).status).toBe(200)
  })

  it("§0.1 /api/environments/:id/… is an alias of /api/projects/:id/…", async () => {
    const created = await client.post("/api/environments/1/dashboards/", { name: "Via environments" })
    expect(created.status).toBe(201)
    const fetched = await client.get(`/api/projects/1/dashboards/${created.body.id}/`)
    expect(fetched.body.name).toBe("Via environments")
  })

  it("§0.1 @current is the user's current project", async () => {
    await client.post("dashboards/", { name: "Current" })
    const res = await client.get("/api/projects/@current/dashboards/")
    expect(res.status).toBe(200)
    expect(res.body.results.map((d: { name: string }) => d.name)).toEqual(["Current"])
  })

  it("§0.1 a non-integer project id → 404 Project not found.", async () => {
    const res = await client.get("/api/projects/abc/dashboards/")
    expect(res.status).toBe(404)
    expect(res.body).toEqual(error("invalid_request", "not_found", "Project not found."))
  })

  it("§0.1 a nonexistent project → 404 Project not found.", async () => {
    const res = await client.get("/api/projects/999/comments/")
    expect(res.status).toBe(404)
    expect(res.body).toEqual(error("invalid_request", "not_found", "Project not found."))
  })

  it("§0.1 a project the user is not a member of → 403 You don't have access to the project.", async () => {
    const { project } = await otherOrganization()
    const res = await client.get(`/api/projects/${project.id}/dashboards/`)
    expect(res.status).toBe(403)
    expect(res.body).toEqual(
      error("authentication_error", "permission_denied", "You don't have access to the project.")
    )
  })
})

describe("§0.2 error bodies", () => {
  it("§0.2 no credentials → 401 not_authenticated with WWW-Authenticate", async () => {
    const res = await client.get("dashboards/", { key: null })
    expect(res.status).toBe(401)
    expect(res.body).toEqual(
      error("authentication_error", "not_authenticated", "Authentication credentials were not provided.")
    )
    expect(res.headers.get("www-authenticate")).toBe(WWW(emu().url))
  })

  it("§0.2 a bad key in the Authorization header → 401 authentication_failed naming the header", async () => {
    const res = await client.get("dashboards/", { key: "phx_nope" })
    expect(res.status).toBe(401)
    expect(res.body).toEqual(
      error(
        "authentication_error",
        "authentication_failed",
        "Personal API key found in request Authorization header is invalid."
      )
    )
    expect(res.headers.get("www-authenticate")).toBe(WWW(emu().url))
  })

  it("§0.2 a bad key in the body → 401 naming the body", async () => {
    const res = await client.request(
      "POST",
      "comments/",
      { personal_api_key: "phx_nope", content: "x" },
      { key: null }
    )
    expect(res.status).toBe(401)
    expect(res.body.detail).toBe("Personal API key found in request body is invalid.")
    expect(res.headers.get("www-authenticate")).toBe(WWW(emu().url))
  })

  it("§0.2 a bad key in the query string → 401 naming the query string", async () => {
    const res = await client.get("dashboards/?personal_api_key=phx_nope", { key: null })
    expect(res.status).toBe(401)
    expect(res.body.detail).toBe("Personal API key found in request query string is invalid.")
    expect(res.headers.get("www-authenticate")).toBe(WWW(emu().url))
  })

  it("§0.2 missing API scope → 403 API key missing required scope", async () => {
    const key = await keyWithScopes(client, 1, ["comment:read"])
    const res = await client.get("dashboards/", { key })
    expect(res.status).toBe(403)
    expect(res.body).toEqual(
      error("authentication_error", "permission_denied", "API key missing required scope 'dashboard:read'")
    )
  })

  it('§0.2 a routed method that is not allowed → 405 Method "PUT" not allowed.', async () => {
    const res = await client.request("PUT", "comments/", {})
    expect(res.status).toBe(405)
    expect(res.body).toEqual(error("invalid_request", "method_not_allowed", 'Method "PUT" not allowed.'))
  })

  it("§0.2 DELETE on comments, templates and dashboards → 405 with an empty body and no Content-Type", async () => {
    const c = await client.post("comments/", { content: "x", scope: "Notebook" })
    const t = await client.post("dashboard_templates/", { template_name: "t", tiles })
    const d = await client.post("dashboards/", { name: "d" })
    for (const path of [
      `comments/${c.body.id}/`,
      `dashboard_templates/${t.body.id}/`,
      `dashboards/${d.body.id}/`
    ]) {
      const res = await client.del(path)
      expect(res.status, path).toBe(405)
      expect(res.text, path).toBe("")
      expect(res.headers.get("content-type"), path).toBeNull()
    }
    expect((await client.get(`dashboards/${d.body.id}/`)).status).toBe(200)
  })

  it("§0.2 DELETE → 405 even for a nonexistent id", async () => {
    const res = await client.del("dashboards/123456/")
    expect(res.status).toBe(405)
    expect(res.text).toBe("")
  })

  it("§0.2 DELETE without the write scope → 403 before the 405", async () => {
    const key = await keyWithScopes(client, 1, ["dashboard:read"])
    const res = await client.del("dashboards/1/", { key })
    expect(res.status).toBe(403)
    expect(res.body.detail).toBe("API key missing required scope 'dashboard:write'")
  })

  it("§0.2 malformed JSON → 400 parse_error", async () => {
    const res = await client.request("POST", "dashboards/", '{"name": ')
    expect(res.status).toBe(400)
    expect(res.body.type).toBe("invalid_request")
    expect(res.body.code).toBe("parse_error")
    expect(res.body.detail).toMatch(/^JSON parse error - /)
    expect(res.body.attr).toBeNull()
  })

  it("§0.2 only the first error is reported, nested attrs joined with __", async () => {
    const res = await client.post("comments/", { content: "x", scope: "Notebook", mentions: ["a", "b"] })
    expect(res.status).toBe(400)
    expect(res.body).toEqual(
      error("validation_error", "invalid_input", "A valid integer is required.", "mentions__0")
    )
  })

  it("§0.2 a view-level ValidationError has attr null and code invalid_input", async () => {
    const res = await client.post("comments/", { content: "", scope: "Notebook" })
    expect(res.body).toEqual(error("validation_error", "invalid_input", "A comment must have content"))
  })
})

describe("§0.3 authentication", () => {
  it("§0.3 the Authorization header wins over the body and the query string", async () => {
    const res = await client.request("POST", "comments/?personal_api_key=phx_bad_query", {
      content: "x",
      scope: "Notebook",
      personal_api_key: "phx_bad_body"
    })
    expect(res.status).toBe(201)
  })

  it("§0.3 the body field wins over the query string", async () => {
    const ok = await client.request(
      "POST",
      "comments/?personal_api_key=phx_bad_query",
      { content: "x", scope: "Notebook", personal_api_key: emu().apiKey },
      { key: null }
    )
    expect(ok.status).toBe(201)
    const bad = await client.request(
      "POST",
      `comments/?personal_api_key=${emu().apiKey}`,
      { content: "x", scope: "Notebook", personal_api_key: "phx_bad_body" },
      { key: null }
    )
    expect(bad.status).toBe(401)
    expect(bad.body.detail).toBe("Personal API key found in request body is invalid.")
  })

  it("§0.3 the query parameter authenticates when nothing else is sent", async () => {
    const res = await client.get(`dashboards/?personal_api_key=${emu().apiKey}`, { key: null })
    expect(res.status).toBe(200)
  })

  it("§0.3 Bearer is case-sensitive: a lowercase scheme is not read", async () => {
    const res = await client.request("GET", "dashboards/", undefined, {
      key: null,
      headers: { Authorization: `bearer ${emu().apiKey}` }
    })
    expect(res.status).toBe(401)
    expect(res.body.code).toBe("not_authenticated")
  })

  it("§0.3 a phc_ project token sent as Bearer → 401 invalid personal API key", async () => {
    const res = await client.get("dashboards/", { key: "phc_projecttoken" })
    expect(res.status).toBe(401)
    expect(res.body.detail).toBe("Personal API key found in request Authorization header is invalid.")
  })

  it("§0.3 pha_ OAuth tokens are skipped by the personal-key lookup", async () => {
    const res = await client.get("dashboards/", { key: "pha_sometoken" })
    expect(res.status).toBe(401)
    expect(res.body.code).toBe("not_authenticated")
  })
})

describe("§0.4 API scopes", () => {
  it("§0.4 X:write satisfies X:read", async () => {
    const key = await keyWithScopes(client, 1, ["dashboard:write"])
    expect((await client.get("dashboards/", { key })).status).toBe(200)
  })

  it("§0.4 * satisfies every scope", async () => {
    const key = await keyWithScopes(client, 1, ["*"])
    expect((await client.get("comments/", { key })).status).toBe(200)
    expect((await client.post("dashboards/", { name: "x" }, { key })).status).toBe(201)
  })

  it("§0.4 scoped_teams not containing the URL project → 403 naming the project", async () => {
    const other = await client.admin("POST", "/_emulator/projects", {
      organization_id: emu().organizationId,
      name: "B"
    })
    const key = (
      await client.admin("POST", "/_emulator/personal_api_keys", {
        user_id: 1,
        scopes: ["*"],
        scoped_teams: [other.body.id]
      })
    ).body.key
    const res = await client.get("dashboards/", { key })
    expect(res.status).toBe(403)
    expect(res.body).toEqual(
      error(
        "authentication_error",
        "permission_denied",
        "API key does not have access to the requested project: ID 1."
      )
    )
    expect((await client.get(`/api/projects/${other.body.id}/dashboards/`, { key })).status).toBe(200)
  })

  it("§0.4 scoped_organizations not containing the project's organization → 403 naming it", async () => {
    const { org } = await otherOrganization()
    const key = (
      await client.admin("POST", "/_emulator/personal_api_keys", {
        user_id: 1,
        scopes: ["*"],
        scoped_organizations: [org.id]
      })
    ).body.key
    const res = await client.get("dashboards/", { key })
    expect(res.status).toBe(403)
    expect(res.body.detail).toBe(
      `API key does not have access to the requested organization: ID ${emu().organizationId}.`
    )
  })

  it("§0.4 an organization that forbids personal API keys → 403 with its name", async () => {
    const org = await client.admin("POST", "/_emulator/organizations", {
      name: "Locked",
      members_can_use_personal_api_keys: false
    })
    const project = await client.admin("POST", "/_emulator/projects", {
      organization_id: org.body.id,
      name: "P"
    })
    const { key } = await createUser(client, { email: "l@example.com", organizationIds: [org.body.id] })
    const res = await client.get(`/api/projects/${project.body.id}/dashboards/`, { key })
    expect(res.status).toBe(403)
    expect(res.body.detail).toBe(
      "Organization 'Locked' does not allow using personal API keys. Contact an admin to enable personal API keys for this organization."
    )
  })

  it("§0.4 order: no-PAK action, then project, then organization policy, key restrictions, scopes, membership", async () => {
    const { project } = await otherOrganization()
    const narrow = await keyWithScopes(client, 1, ["dashboard:read"])
    expect((await client.get(`/api/projects/${project.id}/comments/`, { key: narrow })).body.detail).toBe(
      "API key missing required scope 'comment:read'"
    )
    expect((await client.get(`/api/projects/${project.id}/dashboards/`, { key: narrow })).body.detail).toBe(
      "You don't have access to the project."
    )
    expect((await client.get("/api/projects/4242/comments/", { key: narrow })).body.detail).toBe(
      "Project not found."
    )
  })

  const table: Array<[string, string, string, string]> = [
    ["GET", "comments/", "comment:read", "list comments"],
    ["GET", "comments/count/", "comment:read", "count comments"],
    ["POST", "comments/", "comment:write", "create a comment"],
    ["GET", "dashboard_templates/", "dashboard_template:read", "list templates"],
    ["POST", "dashboard_templates/", "dashboard_template:write", "create a template"],
    ["GET", "dashboards/", "dashboard:read", "list dashboards"],
    ["POST", "dashboards/", "dashboard:write", "create a dashboard"]
  ]
  for (const [method, path, scope, what] of table) {
    it(`§0.4 ${method} ${path} (${what}) needs ${scope}`, async () => {
      const other = scope.startsWith("dashboard:") ? "comment:write" : "dashboard:write"
      const without = await keyWithScopes(client, 1, [other])
      const res = await client.request(method, path, method === "GET" ? undefined : {}, { key: without })
      expect(res.status).toBe(403)
      expect(res.body.detail).toBe(`API key missing required scope '${scope}'`)
      const withScope = await keyWithScopes(client, 1, [scope])
      const ok = await client.request(method, path, method === "GET" ? undefined : {}, { key: withScope })
      expect(ok.status).not.toBe(403)
    })
  }

  it("§0.4 sharing endpoints need sharing_configuration:read / :write", async () => {
    const d = await client.post("dashboards/", { name: "d" })
    const readOnly = await keyWithScopes(client, 1, ["sharing_configuration:read"])
    expect((await client.get(`dashboards/${d.body.id}/sharing/`, { key: readOnly })).status).toBe(200)
    for (const [method, path] of [
      ["PATCH", "sharing/"],
      ["POST", "sharing/refresh/"],
      ["POST", "sharing/passwords/"],
      ["DELETE", "sharing/passwords/1/"]
    ] as const) {
      const res = await client.request(
        method,
        `dashboards/${d.body.id}/${path}`,
        method === "DELETE" ? undefined : {},
        {
          key: readOnly
        }
      )
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.body.detail).toBe("API key missing required scope 'sharing_configuration:write'")
    }
  })

  it("§0.4 comments touching a ticket scope need ticket:* (and comment:* only with another scope)", async () => {
    const commentOnly = await keyWithScopes(client, 1, ["comment:write"])
    const res = await client.post(
      "comments/",
      { content: "x", scope: "Ticket", item_id: "t1" },
      { key: commentOnly }
    )
    expect(res.status).toBe(403)
    expect(res.body.detail).toBe("API key missing required scope 'ticket:write'")
    const ticketOnly = await keyWithScopes(client, 1, ["ticket:write"])
    const ok = await client.post(
      "comments/",
      { content: "x", scope: "Ticket", item_id: "t1" },
      { key: ticketOnly }
    )
    expect(ok.status).toBe(201)
    const list = await client.get("comments/?scope=Ticket", { key: ticketOnly })
    expect(list.status).toBe(200)
  })

  it("§0.4 without --strict-posthog, complete/reopen/json_schema/copy_between_projects accept the decided scopes", async () => {
    const commentWrite = await keyWithScopes(client, 1, ["comment:write"])
    const task = await client.post("comments/", { content: "t", scope: "Notebook", is_task: true })
    expect((await client.post(`comments/${task.body.id}/complete/`, {}, { key: commentWrite })).status).toBe(
      200
    )
    expect((await client.post(`comments/${task.body.id}/reopen/`, {}, { key: commentWrite })).status).toBe(
      200
    )
    const commentRead = await keyWithScopes(client, 1, ["comment:read"])
    const refused = await client.post(`comments/${task.body.id}/complete/`, {}, { key: commentRead })
    expect(refused.body.detail).toBe("API key missing required scope 'comment:write'")
    const templateRead = await keyWithScopes(client, 1, ["dashboard_template:read"])
    expect((await client.get("dashboard_templates/json_schema/", { key: templateRead })).status).toBe(200)
    const copy = await client.post("dashboard_templates/copy_between_projects/", {}, { key: templateRead })
    expect(copy.body.detail).toBe("API key missing required scope 'dashboard_template:write'")
  })
})

describe("§0.5 pagination", () => {
  const makeDashboards = async (n: number) => {
    for (let i = 0; i < n; i++) await client.post("dashboards/", { name: `D${String(i).padStart(3, "0")}` })
  }

  it("§0.5 limit/offset pages have count and absolute next/previous with sorted keys", async () => {
    await makeDashboards(5)
    const res = await client.get("dashboards/?offset=2&limit=2&zeta=1&alpha=2")
    const base = `${emu().url}/api/projects/1/dashboards/`
    expect(res.body.count).toBe(5)
    expect(res.body.results.map((d: { name: string }) => d.name)).toEqual(["D002", "D003"])
    expect(res.body.next).toBe(`${base}?alpha=2&limit=2&offset=4&zeta=1`)
    expect(res.body.previous).toBe(`${base}?alpha=2&limit=2&zeta=1`)
  })

  it("§0.5 previous keeps offset when offset-limit > 0, and next is null on the last page", async () => {
    await makeDashboards(5)
    const res = await client.get("dashboards/?limit=2&offset=3")
    expect(res.body.previous).toBe(`${emu().url}/api/projects/1/dashboards/?limit=2&offset=1`)
    expect(res.body.next).toBeNull()
  })

  it("§0.5 missing, invalid or zero limit → 100; invalid or negative offset → 0", async () => {
    await makeDashboards(3)
    for (const q of ["", "?limit=0", "?limit=abc", "?limit=-4", "?offset=-1", "?offset=x"]) {
      const res = await client.get(`dashboards/${q}`)
      expect(res.body.results, q).toHaveLength(3)
      expect(res.body.previous, q).toBeNull()
    }
  })

  it("§0.5 offset beyond count → empty results with the count", async () => {
    await makeDashboards(2)
    const res = await client.get("dashboards/?offset=10")
    expect(res.body.count).toBe(2)
    expect(res.body.results).toEqual([])
    expect(res.body.next).toBeNull()
  })

  it("§0.5 next URLs re-encode values like Python's quote_plus", async () => {
    await makeDashboards(3)
    const res = await client.get("dashboards/?limit=1&q=a%20b%21")
    expect(res.body.next).toBe(`${emu().url}/api/projects/1/dashboards/?limit=1&offset=1&q=a+b%21`)
  })

  it("§0.5 comments use cursor pages: no count, limit ignored", async () => {
    for (let i = 0; i < 3; i++) await client.post("comments/", { content: `c${i}`, scope: "Notebook" })
    const res = await client.get("comments/?limit=1")
    expect(Object.keys(res.body).sort()).toEqual(["next", "previous", "results"])
    expect(res.body.results).toHaveLength(3)
    expect(res.body.next).toBeNull()
    expect(res.body.previous).toBeNull()
  })

  it("§0.5 an invalid cursor → 404 Invalid cursor", async () => {
    const res = await client.get("comments/?cursor=garbage")
    expect(res.status).toBe(404)
    expect(res.body).toEqual(error("invalid_request", "not_found", "Invalid cursor"))
  })

  it("§0.5 sharing is not paginated: one object", async () => {
    const d = await client.post("dashboards/", { name: "d" })
    const res = await client.get(`dashboards/${d.body.id}/sharing/`)
    expect(res.body).not.toHaveProperty("results")
    expect(res.body).toHaveProperty("access_token")
  })
})

describe("§0.7 rendering", () => {
  it("§0.7 datetimes are ISO-8601 UTC with Z", async () => {
    const d = await client.post("dashboards/", { name: "d" })
    expect(d.body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$/)
  })
})
