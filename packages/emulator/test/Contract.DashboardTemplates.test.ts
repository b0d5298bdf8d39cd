/** posthog-api-behaviour.md §2: dashboard templates. */
import { describe, expect, it } from "vitest"
import { type Client, createUser, tiles, useEmulator } from "./internal/Harness.js"

const { emu, client } = useEmulator()

const v = (detail: string, attr: string | null = null, code = "invalid_input") => ({
  type: "validation_error",
  code,
  detail,
  attr
})
const forbidden = (detail: string) => ({
  type: "authentication_error",
  code: "permission_denied",
  detail,
  attr: null
})

const template = async (body: Record<string, unknown>, path = "dashboard_templates/", key?: string) => {
  const res = await client.post(path, { tiles, ...body }, key === undefined ? undefined : { key })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body
}

const staff = async () =>
  createUser(client, { email: "staff@example.com", organizationIds: [emu().organizationId], isStaff: true })

const names = (res: { body: { results: Array<{ template_name: string }> } }) =>
  res.body.results.map((t) => t.template_name)

const secondProject = async (c: Client, organizationId: string) =>
  (await c.admin("POST", "/_emulator/projects", { organization_id: organizationId, name: "Second" })).body
    .id as number

describe("§2.1 fields", () => {
  it("§2.1 a template has the newest serializer's fields, created_by as UserBasic", async () => {
    const t = await template({
      template_name: "Shape",
      dashboard_description: "d",
      tags: ["a"],
      variables: []
    })
    expect(Object.keys(t)).toEqual([
      "id",
      "template_name",
      "dashboard_description",
      "dashboard_filters",
      "tags",
      "tiles",
      "variables",
      "deleted",
      "created_at",
      "created_by",
      "image_url",
      "team_id",
      "scope",
      "availability_contexts",
      "is_featured",
      "non_portable_references"
    ])
    expect(t).toMatchObject({ team_id: 1, scope: "team", is_featured: false, created_by: { id: 1 } })
  })
})

describe("§2.2 who can write", () => {
  it("§2.2 non-staff without the authoring flag → 403 on unsafe methods, reads allowed", async () => {
    const org = await client.admin("POST", "/_emulator/organizations", { name: "No flag" })
    const project = await client.admin("POST", "/_emulator/projects", {
      organization_id: org.body.id,
      name: "P"
    })
    const { key } = await createUser(client, { email: "n@example.com", organizationIds: [org.body.id] })
    const base = `/api/projects/${project.body.id}/dashboard_templates/`
    expect((await client.get(base, { key })).status).toBe(200)
    const res = await client.post(base, { template_name: "x", tiles }, { key })
    expect(res.status).toBe(403)
    expect(res.body).toEqual(forbidden("You don't have edit permissions for this dashboard template."))
  })

  it("§2.2 non-staff create: availability_contexts, image_url, github_url are refused", async () => {
    for (const key of ["availability_contexts", "image_url", "github_url"]) {
      const res = await client.post("dashboard_templates/", {
        template_name: "x",
        tiles,
        [key]: key === "availability_contexts" ? [] : "u"
      })
      expect(res.body).toEqual(v("You cannot set this field when creating a project template.", key))
    }
  })

  it("§2.2 non-staff create: scope other than team → 400; featured → 400; scope forced to team", async () => {
    expect(
      (await client.post("dashboard_templates/", { template_name: "x", tiles, scope: "global" })).body
    ).toEqual(v("Project templates must use team scope.", "scope"))
    expect(
      (await client.post("dashboard_templates/", { template_name: "x", tiles, is_featured: true })).body
    ).toEqual(v("Only staff can mark templates as featured.", "is_featured"))
    const blank = await template({ template_name: "blank scope", scope: "" })
    expect(blank.scope).toBe("team")
  })

  it("§2.2 non-staff PATCH of anything but name, description, tags, deleted → 400 per key", async () => {
    const t = await template({ template_name: "p" })
    const res = await client.patch(`dashboard_templates/${t.id}/`, { template_name: "ok", tiles })
    expect(res.body).toEqual(
      v("Only name, description, tags, and delete can be changed for project templates.", "tiles")
    )
    const ok = await client.patch(`dashboard_templates/${t.id}/`, {
      template_name: "renamed",
      tags: ["x"],
      dashboard_description: "d"
    })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ template_name: "renamed", tags: ["x"], dashboard_description: "d" })
  })

  it("§2.2 non-staff cannot edit global templates", async () => {
    const s = await staff()
    const g = await template({ template_name: "Global", scope: "global" }, "dashboard_templates/", s.key)
    const res = await client.patch(`dashboard_templates/${g.id}/`, { template_name: "mine" })
    expect(res.status).toBe(403)
    expect(res.body).toEqual(forbidden("You don't have edit permissions for this dashboard template."))
  })

  it("§2.2 staff PATCH scope team on a team-less global gives it the URL project", async () => {
    const s = await staff()
    const g = await template({ template_name: "Global", scope: "global" }, "dashboard_templates/", s.key)
    expect(g.team_id).toBe(1)
    const res = await client.patch(`dashboard_templates/${g.id}/`, { scope: "team" }, { key: s.key })
    expect(res.body).toMatchObject({ scope: "team", team_id: 1 })
  })
})

describe("§2.3 create", () => {
  it("§2.3 empty or null tiles → 400 You need to provide tiles for the template.", async () => {
    for (const t of [[], null]) {
      const res = await client.post("dashboard_templates/", { template_name: "x", tiles: t })
      expect(res.body).toEqual(v("You need to provide tiles for the template."))
    }
  })

  it("§2.3 omitting tiles → PostHog's 500 body", async () => {
    const res = await client.post("dashboard_templates/", { template_name: "x" })
    expect(res.status).toBe(500)
    expect(res.body).toEqual({
      type: "server_error",
      code: "error",
      detail: "A server error occurred.",
      attr: null
    })
  })

  it("§2.3 duplicate name in the project → 400 unique_template_name_per_team; a soft-deleted one does not conflict", async () => {
    const first = await template({ template_name: "Same" })
    const dup = await client.post("dashboard_templates/", { template_name: "Same", tiles })
    expect(dup.body).toEqual(
      v(
        "A dashboard template with this name already exists for this project.",
        null,
        "unique_template_name_per_team"
      )
    )
    await client.patch(`dashboard_templates/${first.id}/`, { deleted: true })
    await template({ template_name: "Same" })
  })

  it("§2.3 deleted: true on create makes a soft-deleted row", async () => {
    const t = await template({ template_name: "Born deleted", deleted: true })
    expect(t.deleted).toBe(true)
    expect((await client.get("dashboard_templates/")).body.count).toBe(0)
  })

  it("§2.3 field limits: name over 400, tag over 255, invalid scope choice", async () => {
    expect(
      (await client.post("dashboard_templates/", { template_name: "n".repeat(401), tiles })).body
    ).toEqual(v("Ensure this field has no more than 400 characters.", "template_name", "max_length"))
    expect(
      (await client.post("dashboard_templates/", { template_name: "x", tiles, tags: ["t".repeat(256)] })).body
    ).toEqual(v("Ensure this field has no more than 255 characters.", "tags__0", "max_length"))
    const s = await staff()
    expect(
      (
        await client.post(
          "dashboard_templates/",
          { template_name: "x", tiles, scope: "bogus" },
          { key: s.key }
        )
      ).body
    ).toEqual(v('"bogus" is not a valid choice.', "scope", "invalid_choice"))
  })

  it("§2.3 the 100-per-organization limit refuses creation and restore", async () => {
    const other = await secondProject(client, emu().organizationId)
    const doomed = await template({ template_name: "to restore" })
    await client.patch(`dashboard_templates/${doomed.id}/`, { deleted: true })
    for (let i = 0; i < 100; i++) {
      await template(
        { template_name: `T${i}` },
        i % 2 === 0 ? "dashboard_templates/" : `/api/projects/${other}/dashboard_templates/`
      )
    }
    const detail =
      "Your organization has reached the limit of 100 dashboard templates. Delete a template before creating or restoring another."
    expect((await client.post("dashboard_templates/", { template_name: "101", tiles })).body).toEqual(
      v(detail)
    )
    expect((await client.patch(`dashboard_templates/${doomed.id}/`, { deleted: false })).body).toEqual(
      v(detail)
    )
  })
})

describe("§2.4 list, retrieve, filters, ordering", () => {
  it("§2.4 the scope parameter selects what is visible", async () => {
    const s = await staff()
    await template(
      { template_name: "flag scoped template", scope: "feature_flag" },
      "dashboard_templates/",
      s.key
    )
    await template(
      { template_name: "globally scoped template", scope: "global" },
      "dashboard_templates/",
      s.key
    )
    await template({ template_name: "team template" })
    expect(names(await client.get("dashboard_templates/"))).toEqual([
      "flag scoped template",
      "globally scoped template",
      "team template"
    ])
    expect(names(await client.get("dashboard_templates/?scope=global"))).toEqual(["globally scoped template"])
    expect(names(await client.get("dashboard_templates/?scope=feature_flag"))).toEqual([
      "flag scoped template"
    ])
    expect(names(await client.get("dashboard_templates/?scope=team"))).toEqual(["team template"])
  })

  it("§2.4 other projects' team templates never appear, even with ?team_id", async () => {
    const other = await secondProject(client, emu().organizationId)
    const theirs = await template(
      { template_name: "other teams template" },
      `/api/projects/${other}/dashboard_templates/`
    )
    expect(names(await client.get(`dashboard_templates/?team_id=${other}`))).toEqual([])
    expect(names(await client.get("dashboard_templates/?search=other"))).toEqual([])
    expect((await client.get(`dashboard_templates/${theirs.id}/`)).status).toBe(404)
  })

  it("§2.4 list hides soft-deleted; retrieve and PATCH reach them; PATCH deleted:false restores", async () => {
    const t = await template({ template_name: "gone" })
    await client.patch(`dashboard_templates/${t.id}/`, { deleted: true })
    expect((await client.get("dashboard_templates/")).body.count).toBe(0)
    const got = await client.get(`dashboard_templates/${t.id}/`)
    expect(got.status).toBe(200)
    expect(got.body.deleted).toBe(true)
    const restored = await client.patch(`dashboard_templates/${t.id}/`, { deleted: false })
    expect(restored.body.deleted).toBe(false)
    expect((await client.get("dashboard_templates/")).body.count).toBe(1)
  })

  it("§2.4 is_featured filter; featured hides feature_flag templates unless scope=feature_flag", async () => {
    const s = await staff()
    await template(
      { template_name: "featured global", scope: "global", is_featured: true },
      "dashboard_templates/",
      s.key
    )
    await template(
      { template_name: "featured flag", scope: "feature_flag", is_featured: true },
      "dashboard_templates/",
      s.key
    )
    await template({ template_name: "plain" })
    expect(names(await client.get("dashboard_templates/?is_featured=yes"))).toEqual(["featured global"])
    expect(names(await client.get("dashboard_templates/?is_featured=1&scope=feature_flag"))).toEqual([
      "featured flag"
    ])
    expect(names(await client.get("dashboard_templates/?is_featured=nope"))).toEqual(["plain"])
  })

  it("§2.4 search: weighted full-text rank matching stems (pony matches ponies)", async () => {
    const s = await staff()
    const mk = (b: Record<string, unknown>) =>
      template({ scope: "global", ...b }, "dashboard_templates/", s.key)
    await mk({ template_name: "pony template" })
    await mk({ template_name: "wat template", dashboard_description: "description with pony" })
    await mk({ template_name: "tagged wat template", tags: ["pony", "horse"] })
    await mk({ template_name: "tagged ponies template", tags: ["goat", "horse"] })
    await mk({ template_name: "goat template" })
    expect((await client.get("dashboard_templates/")).body.results).toHaveLength(5)
    const res = await client.get("dashboard_templates/?search=pony")
    expect(res.body.results).toHaveLength(4)
    expect(names(res)).not.toContain("goat template")
    expect(names(res)[3]).toBe("wat template")
  })

  it("§2.4 ordering: featured first, then template_name case-insensitively by default", async () => {
    const s = await staff()
    await template({ template_name: "beta" })
    await template({ template_name: "Alpha" })
    await template({ template_name: "zulu", is_featured: true }, "dashboard_templates/", s.key)
    expect(names(await client.get("dashboard_templates/"))).toEqual(["zulu", "Alpha", "beta"])
    expect(names(await client.get("dashboard_templates/?ordering=-template_name"))).toEqual([
      "zulu",
      "beta",
      "Alpha"
    ])
    expect(names(await client.get("dashboard_templates/?ordering=created_at"))).toEqual([
      "zulu",
      "beta",
      "Alpha"
    ])
    expect(names(await client.get("dashboard_templates/?ordering=-created_at"))).toEqual([
      "zulu",
      "Alpha",
      "beta"
    ])
    expect(names(await client.get("dashboard_templates/?ordering=unknown"))).toEqual([
      "zulu",
      "Alpha",
      "beta"
    ])
  })

  it("§2.4 lists are limit/offset pages", async () => {
    for (let i = 0; i < 3; i++) await template({ template_name: `p${i}` })
    const res = await client.get("dashboard_templates/?limit=2")
    expect(res.body.count).toBe(3)
    expect(res.body.next).toBe(`${emu().url}/api/projects/1/dashboard_templates/?limit=2&offset=2`)
  })

  it("§2.4 retrieve of another project's feature_flag template needs ?scope=feature_flag", async () => {
    const other = await secondProject(client, emu().organizationId)
    const s = await staff()
    const flag = await template(
      { template_name: "f", scope: "feature_flag" },
      `/api/projects/${other}/dashboard_templates/`,
      s.key
    )
    expect((await client.get(`dashboard_templates/${flag.id}/`)).status).toBe(404)
    expect((await client.get(`dashboard_templates/${flag.id}/?scope=feature_flag`)).status).toBe(200)
  })
})

describe("§2.5 delete", () => {
  it("§2.5 DELETE → 405 empty; PATCH deleted:true → 200 and hidden from list", async () => {
    const t = await template({ template_name: "x" })
    const del = await client.del(`dashboard_templates/${t.id}/`)
    expect(del.status).toBe(405)
    expect(del.text).toBe("")
    const soft = await client.patch(`dashboard_templates/${t.id}/`, { deleted: true })
    expect(soft.status).toBe(200)
    expect((await client.get("dashboard_templates/")).body.results).toEqual([])
  })
})

describe("§2.6 json_schema", () => {
  it("§2.6 returns PostHog's static schema with Cache-Control: max-age=120", async () => {
    const res = await client.get("dashboard_templates/json_schema/")
    expect(res.status).toBe(200)
    expect(res.headers.get("cache-control")).toBe("max-age=120")
    expect(res.body.required).toEqual([
      "template_name",
      "dashboard_description",
      "dashboard_filters",
      "tiles"
    ])
    expect(res.body.properties.template_name).toEqual({
      description: "The name of the dashboard template",
      type: "string"
    })
    expect(res.body.properties.team_id.type).toEqual(["number", "null"])
    expect(res.body.properties.tiles).toEqual({
      description: "The tiles of the dashboard template",
      type: "array",
      items: { type: "object" },
      minItems: 1
    })
    expect(res.body.properties.variables.anyOf[0].items.properties.type).toEqual({
      description: "The type of the variable",
      enum: ["event"]
    })
  })
})

describe("§2.7 copy_between_projects", () => {
  const copy = (body: unknown, key?: string) =>
    client.post("dashboard_templates/copy_between_projects/", body, key === undefined ? undefined : { key })

  it("§2.7.2 a missing or malformed source_template_id → 400 attr source_template_id", async () => {
    expect((await copy({})).body).toEqual(v("This field is required.", "source_template_id", "required"))
    expect((await copy({ source_template_id: "nope" })).body).toEqual(
      v("Must be a valid UUID.", "source_template_id")
    )
  })

  it("§2.7.3 an unknown or soft-deleted source → 404", async () => {
    expect((await copy({ source_template_id: "00000000-0000-4000-8000-000000000000" })).status).toBe(404)
    const other = await secondProject(client, emu().organizationId)
    const t = await template({ template_name: "x" }, `/api/projects/${other}/dashboard_templates/`)
    await client.patch(`/api/projects/${other}/dashboard_templates/${t.id}/`, { deleted: true })
    const res = await copy({ source_template_id: t.id })
    expect(res.status).toBe(404)
    expect(res.body.detail).toBe("Not found.")
  })

  it("§2.7.4-6 global and feature_flag sources are refused", async () => {
    const s = await staff()
    const g = await template({ template_name: "g", scope: "global" }, "dashboard_templates/", s.key)
    const f = await template({ template_name: "f", scope: "feature_flag" }, "dashboard_templates/", s.key)
    expect((await copy({ source_template_id: g.id })).body).toEqual(
      v("Only project-scoped templates can be copied to another project.", "source_template_id")
    )
    expect((await copy({ source_template_id: f.id })).body).toEqual(
      v("Feature-flag templates cannot be copied with this endpoint.", "source_template_id")
    )
  })

  it("§2.7.7 source and destination the same project → 400", async () => {
    const t = await template({ template_name: "x" })
    expect((await copy({ source_template_id: t.id })).body).toEqual(
      v("Source and destination must be different projects.", "source_template_id")
    )
  })

  it("§2.7.8 a source in another organization → 404", async () => {
    const org = await client.admin("POST", "/_emulator/organizations", {
      name: "Other",
      flags: ["customer-dashboard-template-authoring"]
    })
    const project = await client.admin("POST", "/_emulator/projects", {
      organization_id: org.body.id,
      name: "P"
    })
    const { key } = await createUser(client, { email: "o@example.com", organizationIds: [org.body.id] })
    const t = await template(
      { template_name: "x" },
      `/api/projects/${project.body.id}/dashboard_templates/`,
      key
    )
    expect((await copy({ source_template_id: t.id })).status).toBe(404)
  })

  it("§2.7.11-12 copies into the URL project with (copy), (copy 2) names and reset fields", async () => {
    const other = await secondProject(client, emu().organizationId)
    const src = await template(
      {
        template_name: "  Funnel  ",
        dashboard_description: "desc",
        tags: ["a"],
        dashboard_filters: { x: 1 }
      },
      `/api/projects/${other}/dashboard_templates/`
    )
    const first = await copy({ source_template_id: src.id })
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({
      template_name: "Funnel",
      dashboard_description: "desc",
      tags: ["a"],
      dashboard_filters: { x: 1 },
      tiles,
      scope: "team",
      is_featured: false,
      image_url: null,
      availability_contexts: null,
      deleted: false,
      team_id: 1
    })
    expect((await copy({ source_template_id: src.id })).body.template_name).toBe("Funnel (copy)")
    expect((await copy({ source_template_id: src.id })).body.template_name).toBe("Funnel (copy 2)")
  })

  it("§2.7.11 a blank source name becomes Untitled template", async () => {
    const other = await secondProject(client, emu().organizationId)
    const src = await template({ template_name: "   " }, `/api/projects/${other}/dashboard_templates/`)
    expect((await copy({ source_template_id: src.id })).body.template_name).toBe("Untitled template")
  })
})
