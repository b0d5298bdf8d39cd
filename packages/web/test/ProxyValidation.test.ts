/**
 * The proxy checks each write with the SDK's schemas before forwarding it (the browser bundles carry no
 * zod): an invalid body is answered with PostHog's 400 shape and never reaches the emulator. "Never reaches"
 * is seen twice: in the emulator's own data afterwards, and in the requests the proxy sent upstream (its
 * `fetch` option, here the real fetch with a record of what passed through it).
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { type Emulator, startEmulator } from "@hogkit/emulator"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { createProxyHandler, toNodeHandler } from "../src/proxy/index.js"

let emu: Emulator
let server: Server
let origin: string
let base: string
// Every request the proxy sent to the emulator: "METHOD /path".
const upstream: Array<string> = []

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: "empty" })
  const handler = createProxyHandler({
    apiKey: emu.apiKey,
    host: emu.url,
    projectId: emu.projectId,
    fetch: (input, init) => {
      upstream.push(`${init?.method ?? "GET"} ${new URL(String(input)).pathname}`)
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
