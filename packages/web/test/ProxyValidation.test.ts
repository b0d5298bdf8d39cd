/**
 * The proxy checks each write's body and each request's query string with the SDK's schemas before
 * forwarding it (the browser bundles carry no zod): invalid input is answered with PostHog's 400 shape and
 * never reaches the emulator. "Never reaches" is seen twice: in the emulator's own data afterwards, and in
 * the requests the proxy sent upstream (its `fetch` option, here the real fetch with a record of what
 * passed through it).
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { type Emulator, startEmulator } from "@hogkit/emulator"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { makeApi } from "../src/internal/Api.js"
import { createProxyHandler, toNodeHandler } from "../src/proxy/index.js"

let emu: Emulator
let server: Server
let origin: string
let base: string
// Every request the proxy sent to the emulator: "METHOD /path", and the query strings it carried.
const upstream: Array<string> = []
const upstreamQueries: Array<string> = []

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: "empty" })
  const handler = createProxyHandler({
    apiKey: emu.apiKey,
    host: emu.url,
    projectId: emu.projectId,
    fetch: (input, init) => {
      const url = new URL(String(input))
      upstream.push(`${init?.method ?? "GET"} ${url.pathname}`)
      upstreamQueries.push(url.search)
      return fetch(input, init)
    }
  })
  server = createServer(toNodeHandler(handler))
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  base = `${origin}/posthog/api/projects/${emu.projectId}`
})

beforeEach(async () => {
  await emu.reset()
  upstream.length = 0
  upstreamQueries.length = 0
})

afterAll(async () => {
  server?.closeAllConnections()
  server?.close()
  await emu?.close()
})

/** Calls the emulator directly, as the test's view of the truth. */
const truth = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const res = await fetch(`${emu.url}/api/projects/${emu.projectId}${path}`, {
    method,
    headers: { authorization: `Bearer ${emu.apiKey}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  expect(res.ok, `${method} ${path}`).toBe(true)
  return (await res.json()) as T
}

/** Sends a write through the proxy as a widget does: same origin, JSON body. */
const send = async (method: string, path: string, body: unknown, raw?: string) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", origin },
    body: raw ?? JSON.stringify(body)
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

const sentUpstream = (method: string, pathEnd: string) =>
  upstream.filter((r) => r.startsWith(`${method} `) && r.endsWith(pathEnd))

describe("the proxy checks writes before forwarding them", () => {
  it("refuses a share password shorter than 8 characters with PostHog's message, and adds no password", async () => {
    const d = await truth<{ id: number }>("POST", "/dashboards/", { name: "Shared" })
    await truth("PATCH", `/dashboards/${d.id}/sharing/`, { enabled: true, password_required: true })
    const res = await send("POST", `/dashboards/${d.id}/sharing/passwords/`, { raw_password: "short" })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "Password must be at least 8 characters long.",
      attr: "raw_password"
    })
    expect(sentUpstream("POST", "/sharing/passwords/")).toEqual([])
    const config = await truth<{ share_passwords: Array<unknown> }>("GET", `/dashboards/${d.id}/sharing/`)
    expect(config.share_passwords).toEqual([])

    const ok = await send("POST", `/dashboards/${d.id}/sharing/passwords/`, {
      raw_password: "long enough",
      note: "board"
    })
    expect(ok, JSON.stringify(ok.json)).toMatchObject({ status: 201 })
    const after = await truth<{ share_passwords: Array<{ note: string }> }>(
      "GET",
      `/dashboards/${d.id}/sharing/`
    )
    expect(after.share_passwords.map((p) => p.note)).toEqual(["board"])
  })

  it("refuses a sharing change of the wrong type and leaves sharing off", async () => {
    const d = await truth<{ id: number }>("POST", "/dashboards/", { name: "Shared" })
    const res = await send("PATCH", `/dashboards/${d.id}/sharing/`, { enabled: "yes" })
    expect(res.status).toBe(400)
    expect(res.json).toMatchObject({ type: "validation_error", attr: "enabled" })
    expect(String(res.json.detail)).not.toBe("")
    expect(sentUpstream("PATCH", "/sharing/")).toEqual([])
    expect((await truth<{ enabled: boolean }>("GET", `/dashboards/${d.id}/sharing/`)).enabled).toBe(false)
  })

  it("refuses a dashboard whose name is too long or not text, and creates none", async () => {
    const long = await send("POST", "/dashboards/", { name: "x".repeat(401) })
    expect(long.status).toBe(400)
    expect(long.json).toMatchObject({ type: "validation_error", code: "max_length", attr: "name" })
    expect(String(long.json.detail)).toMatch(/400/)
    const wrongType = await send("POST", "/dashboards/", { name: 42 })
    expect(wrongType.status).toBe(400)
    expect(wrongType.json).toMatchObject({ type: "validation_error", code: "invalid_input", attr: "name" })
    expect(sentUpstream("POST", "/dashboards/")).toEqual([])
    expect((await truth<{ count: number }>("GET", "/dashboards/")).count).toBe(0)

    const ok = await send("POST", "/dashboards/", { name: "x".repeat(400) })
    expect(ok.status).toBe(201)
    expect((await truth<{ count: number }>("GET", "/dashboards/")).count).toBe(1)
  })

  it("refuses unknown fields, as core's schemas are strict", async () => {
    const res = await send("POST", "/dashboards/", { name: "Board", colour: "red" })
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      type: "validation_error",
      code: "unrecognized_field",
      detail: 'Unknown field "colour": PostHog does not accept it here. Remove it or check its spelling.',
      attr: "colour"
    })
    expect((await truth<{ count: number }>("GET", "/dashboards/")).count).toBe(0)
  })

  it("refuses a dashboard edit, which no widget makes, but forwards delete and restore", async () => {
    const d = await truth<{ id: number }>("POST", "/dashboards/", { name: "Kept" })
    const edit = await send("PATCH", `/dashboards/${d.id}/`, { name: "Renamed" })
    expect(edit.status).toBe(400)
    expect(edit.json).toMatchObject({ code: "unrecognized_field", attr: "name" })
    expect((await truth<{ name: string }>("GET", `/dashboards/${d.id}/`)).name).toBe("Kept")

    expect((await send("PATCH", `/dashboards/${d.id}/`, { deleted: true })).status).toBe(200)
    expect((await truth<{ count: number }>("GET", "/dashboards/")).count).toBe(0)
    expect((await send("PATCH", `/dashboards/${d.id}/`, { deleted: false })).status).toBe(200)
    expect((await truth<{ count: number }>("GET", "/dashboards/")).count).toBe(1)
  })

  it("refuses a comment whose content is not text, on create and on edit, and stores nothing", async () => {
    const create = await send("POST", "/comments/", { scope: "Dashboard", item_id: "1", content: 5 })
    expect(create.status).toBe(400)
    expect(create.json).toMatchObject({ type: "validation_error", attr: "content" })
    expect(sentUpstream("POST", "/comments/")).toEqual([])
    expect((await truth<{ results: Array<unknown> }>("GET", "/comments/")).results).toEqual([])

    const c = await send("POST", "/comments/", { scope: "Dashboard", item_id: "1", content: "First" })
    expect(c.status).toBe(201)
    const id = String(c.json.id)
    const edit = await send("PATCH", `/comments/${id}/`, { content: ["not", "text"] })
    expect(edit.status).toBe(400)
    expect(edit.json).toMatchObject({ type: "validation_error", attr: "content" })
    expect((await truth<{ content: string }>("GET", `/comments/${id}/`)).content).toBe("First")

    // The widgets' soft delete and restore share the edit's PATCH and still pass.
    expect((await send("PATCH", `/comments/${id}/`, { deleted: true })).status).toBe(200)
    expect((await send("PATCH", `/comments/${id}/`, { content: "First", deleted: false })).status).toBe(200)
    expect((await truth<{ deleted: boolean }>("GET", `/comments/${id}/`)).deleted).toBe(false)
  })

  it("refuses a body on an operation that takes none, and a copy of a template that is not a UUID", async () => {
    const c = await send("POST", "/comments/", {
      scope: "Dashboard",
      item_id: "1",
      content: "Task",
      is_task: true
    })
    const complete = await send("POST", `/comments/${String(c.json.id)}/complete/`, { completed_by: 1 })
    expect(complete.status).toBe(400)
    expect(complete.json).toMatchObject({ code: "unrecognized_field", attr: "completed_by" })
    expect(sentUpstream("POST", "/complete/")).toEqual([])

    const copy = await send("POST", "/dashboard_templates/copy_between_projects/", {
      source_template_id: "nope"
    })
    expect(copy.status).toBe(400)
    expect(copy.json).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "Must be a valid UUID.",
      attr: "source_template_id"
    })
    expect(upstream.filter((r) => r.includes("dashboard_templates"))).toEqual([])
  })

  it("answers a body that is not JSON with 400 and keeps serving", async () => {
    const res = await send("POST", "/dashboards/", undefined, "{not json")
    expect(res.status).toBe(400)
    expect(res.json).toMatchObject({ code: "parse_error" })
    expect(upstream).toEqual([])
    expect((await send("POST", "/dashboards/", { name: "After" })).status).toBe(201)
  })
})

/** Reads through the proxy as a page may: any query string, no origin needed. */
const read = async (path: string) => {
  const res = await fetch(`${base}${path}`)
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

describe("the proxy checks the query strings it forwards", () => {
  it("refuses a parameter no operation takes, and forwards the read without it", async () => {
    await truth("POST", "/dashboards/", { name: "Board" })
    const res = await read("/dashboards/?limit=10&colour=red")
    expect(res.status).toBe(400)
    expect(res.json).toEqual({
      type: "validation_error",
      code: "unrecognized_field",
      detail: 'Unknown field "colour": PostHog does not accept it here. Remove it or check its spelling.',
      attr: "colour"
    })
    // An operation without query parameters takes none.
    const c = await truth<{ id: string }>("POST", "/comments/", {
      scope: "Dashboard",
      item_id: "1",
      content: "Hi"
    })
    expect((await read(`/comments/${c.id}/?format=txt`)).json).toMatchObject({ attr: "format" })
    expect(upstream).toEqual([])

    const ok = await read("/dashboards/?limit=10")
    expect(ok.status).toBe(200)
    expect((ok.json.results as Array<{ name: string }>).map((d) => d.name)).toEqual(["Board"])
    expect(upstreamQueries).toEqual(["?limit=10"])
  })

  it("refuses a value of the wrong type, naming the parameter, and keeps serving", async () => {
    const cases: ReadonlyArray<readonly [string, string, string]> = [
      ["/dashboards/?limit=abc", "limit", 'Query parameter "limit" must be a number.'],
      [
        "/dashboard_templates/?is_featured=yes",
        "is_featured",
        'Query parameter "is_featured" must be true or false.'
      ],
      [
        "/comments/count/?exclude_emoji_reactions=1",
        "exclude_emoji_reactions",
        'Query parameter "exclude_emoji_reactions" must be true or false.'
      ],
      [
        "/comments/?scope=Dashboard&scope=Insight",
        "scope",
        'Query parameter "scope" is given 2 times; give it once.'
      ]
    ]
    for (const [path, attr, detail] of cases) {
      const res = await read(path)
      expect(res.status, path).toBe(400)
      expect(res.json, path).toEqual({ type: "validation_error", code: "invalid_input", detail, attr })
    }
    // A number out of range gets the SDK's own message and code.
    expect((await read("/dashboards/?limit=0")).json).toEqual({
      type: "validation_error",
      code: "min_length",
      detail: "limit must be a positive integer.",
      attr: "limit"
    })
    expect(upstream).toEqual([])
    expect((await read("/dashboards/?limit=5")).status).toBe(200)
  })

  it("never lists soft-deleted comments, which no widget shows", async () => {
    const c = await truth<{ id: string }>("POST", "/comments/", {
      scope: "Dashboard",
      item_id: "1",
      content: "Taken back"
    })
    await truth("PATCH", `/comments/${c.id}/`, { deleted: true })
    for (const path of ["/comments/?scope=Dashboard&deleted=true", `/comments/${c.id}/?deleted=true`]) {
      const res = await read(path)
      expect(res.status, path).toBe(400)
      expect(res.json, path).toEqual({
        type: "validation_error",
        code: "invalid_input",
        detail: 'The hogkit proxy does not forward "deleted": soft-deleted comments stay hidden from pages.',
        attr: "deleted"
      })
      expect(JSON.stringify(res.json)).not.toContain("Taken back")
    }
    expect(upstream).toEqual([])
  })

  it("forwards every read the widgets make, through the client they use, pages included", async () => {
    const api = makeApi(`${origin}/posthog`, String(emu.projectId))
    for (const name of ["Weekly one", "Weekly two", "Weekly three"])
      await truth("POST", "/dashboards/", { name })
    const dashboardId = (await truth<{ results: Array<{ id: number }> }>("GET", "/dashboards/?limit=1"))
      .results[0]!.id
    await truth("POST", "/dashboard_templates/", {
      template_name: "Team template",
      tiles: [{ type: "INSIGHT" }],
      dashboard_filters: {}
    })
    await truth("POST", "/comments/", { scope: "Dashboard", item_id: "7", content: "Note" })
    await truth("POST", "/comments/", {
      scope: "Dashboard",
      item_id: "7",
      content: "🎉",
      item_context: { is_emoji: true }
    })

    // <hogkit-dashboards>: a searched page, its next page, and the lists of its create form.
    const first = await api.dashboards.list({ limit: 2, offset: 0, search: "Weekly" })
    expect(first.results).toHaveLength(2)
    expect(first.hasNextPage()).toBe(true)
    expect((await first.getNextPage()).results).toHaveLength(1)
    expect((await api.dashboards.list({ limit: 100 })).count).toBe(3)
    expect((await api.dashboardTemplates.list({ limit: 100 })).count).toBeGreaterThan(0)
    // <hogkit-dashboard-templates>: this project's templates, searched and paged.
    const team = await api.dashboardTemplates.list({ scope: "team", limit: 10, offset: 0, search: "Team" })
    expect(team.results.map((t) => t.template_name)).toEqual(["Team template"])
    expect((await api.dashboardTemplates.list({ scope: "team", limit: 100 })).count).toBe(1)
    // <hogkit-comments>: the item's comments with their reactions, and the count without them.
    const comments = await api.comments.list({ scope: "Dashboard", item_id: "7" })
    expect(comments.results).toHaveLength(2)
    expect(
      await api.comments.count({ scope: "Dashboard", item_id: "7", exclude_emoji_reactions: true })
    ).toBe(1)
    expect((await api.comments.thread(String(comments.results[0]!.id))).results).toEqual([])
    // <hogkit-sharing> and the viewer.
    expect((await api.sharing.get(dashboardId)).enabled).toBe(false)
    expect((await api.dashboards.get(dashboardId)).id).toBe(dashboardId)
    expect((await api.me())?.id).toBeTypeOf("number")

    // Twelve reads, each forwarded once: none was refused or retried.
    expect(upstream).toHaveLength(12)
    expect(upstreamQueries).toContain("?scope=Dashboard&item_id=7&exclude_emoji_reactions=true")
  })
})
