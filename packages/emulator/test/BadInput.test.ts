/** Bad input never crashes the emulator: every case gets a PostHog-shaped answer and the process keeps serving. */
import { describe, expect, it } from "vitest"
import { BODY_LIMIT } from "../src/index.js"
import { useEmulator } from "./internal/Harness.js"

const lines: string[] = []
const { emu, client } = useEmulator({ log: (line) => lines.push(line) })

const send = (path: string, body: BodyInit, contentType?: string) =>
  fetch(`${emu().url}/api/projects/1/${path}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${emu().apiKey}`,
      ...(contentType === undefined ? {} : { "Content-Type": contentType })
    },
    body
  })

describe("bad input", () => {
  it("malformed JSON → 400 parse_error", async () => {
    const res = await send("dashboards/", "{nope", "application/json")
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ type: "invalid_request", code: "parse_error", attr: null })
  })

  it("a JSON array body → 400 Invalid data. Expected a dictionary, but got list.", async () => {
    const res = await send("dashboards/", "[1,2]", "application/json")
    expect(await res.json()).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "Invalid data. Expected a dictionary, but got list.",
      attr: null
    })
  })

  it("an unsupported content type → 415 unsupported_media_type", async () => {
    const res = await send("dashboards/", "name=x", "text/plain")
    expect(res.status).toBe(415)
    expect(await res.json()).toEqual({
      type: "invalid_request",
      code: "unsupported_media_type",
      detail: 'Unsupported media type "text/plain" in request.',
      attr: null
    })
  })

  it("form-encoded bodies are parsed like DRF's FormParser", async () => {
    const res = await send("dashboards/", "name=From+a+form&pinned=true", "application/x-www-form-urlencoded")
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ name: "From a form", pinned: true })
  })

  it("non-UTF-8 JSON → 400 parse_error", async () => {
    const res = await send(
      "dashboards/",
      new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      "application/json"
    )
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.code).toBe("parse_error")
    expect(body.detail).toContain("utf-8")
  })

  it(`a body over ${BODY_LIMIT} bytes → 413, and the server keeps serving`, async () => {
    const big = `{"name":"${"x".repeat(BODY_LIMIT)}"}`
    const res = await send("dashboards/", big, "application/json").catch((e: unknown) => e)
    if (res instanceof Response) {
      expect(res.status).toBe(413)
      expect((await res.json()).code).toBe("request_too_large")
    }
    expect((await client.get("dashboards/")).status).toBe(200)
  })

  it("wrong field types get DRF's messages", async () => {
    expect((await client.post("dashboards/", { name: { a: 1 } })).body).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "Not a valid string.",
      attr: "name"
    })
    expect((await client.post("dashboards/", { pinned: "maybe" })).body.detail).toBe(
      "Must be a valid boolean."
    )
    expect((await client.post("comments/", { content: "x", scope: "N", mentions: "1" })).body.detail).toBe(
      'Expected a list of items but got type "str".'
    )
    expect((await client.post("dashboards/", { use_dashboard: "abc" })).body.detail).toBe(
      "A valid integer is required."
    )
  })

  it("DRF's leniency is kept: numbers become strings, yes/no and 1/0 are booleans, lists are not strings", async () => {
    // DRF's CharField coerces int and float (not bool); BooleanField takes "yes", "true", 1, "0", ...
    const created = await client.post("dashboards/", { name: 5, description: 1.5, pinned: "yes" })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: "5", description: "1.5", pinned: true })
    const patched = await client.patch(`dashboards/${created.body.id}/`, { pinned: "0" })
    expect(patched.body.pinned).toBe(false)
    expect((await client.post("dashboards/", { description: ["x"] })).body).toEqual({
      type: "validation_error",
      code: "invalid_input",
      detail: "Not a valid string.",
      attr: "description"
    })
    expect((await client.patch(`dashboards/${created.body.id}/`, { name: true })).body.detail).toBe(
      "Not a valid string."
    )
  })

  it("NUL characters in text fields → 400 Null characters are not allowed.", async () => {
    expect((await client.post("dashboards/", { name: "a\u0000b" })).body).toEqual({
      type: "validation_error",
      code: "null_characters_not_allowed",
      detail: "Null characters are not allowed.",
      attr: "name"
    })
  })

  it("unknown ids and ids of the wrong type → 404", async () => {
    for (const path of [
      "dashboards/0/",
      "dashboards/-1/",
      "dashboards/1.5/",
      "dashboards/99999999999999999999/",
      "comments/1/",
      "comments/%27%20or%201=1--/",
      "dashboard_templates/xyz/",
      "dashboards/abc/sharing/"
    ]) {
      const res = await client.get(path)
      expect(res.status, path).toBe(404)
    }
  })

  it("SQL-looking strings are stored verbatim, never executed", async () => {
    const evil = "'; drop table dashboards; --"
    const d = await client.post("dashboards/", { name: evil, description: '" or 1=1 --', tags: ["$1", "'"] })
    expect(d.body).toMatchObject({ name: evil, description: '" or 1=1 --', tags: ["$1", "'"] })
    const c = await client.post("comments/", {
      content: evil,
      scope: "x'); delete from comments; --",
      item_id: "1 or 1=1"
    })
    expect(c.body).toMatchObject({
      content: evil,
      scope: "x'); delete from comments; --",
      item_id: "1 or 1=1"
    })
    const search = await client.get(`dashboards/?search=${encodeURIComponent(evil)}`)
    expect(search.body.results.map((r: { name: string }) => r.name)).toEqual([evil])
    expect(
      (await client.get(`comments/?scope=${encodeURIComponent("x'); delete from comments; --")}`)).body
        .results
    ).toHaveLength(1)
    expect((await client.get("dashboards/")).body.count).toBe(1)
  })

  it("an unexpected exception → PostHog's 500 body, a log line, and the process keeps serving", async () => {
    lines.length = 0
    // Postgres' jsonb refuses \u0000: an error the emulator does not anticipate.
    const res = await client.post("comments/", {
      content: "x",
      scope: "Notebook",
      item_context: { a: "\u0000" }
    })
    expect(res.status).toBe(500)
    expect(res.body).toEqual({
      type: "server_error",
      code: "error",
      detail: "A server error occurred.",
      attr: null
    })
    expect(lines.some((l) => l.includes("POST /api/projects/1/comments/"))).toBe(true)
    expect(lines.join("\n")).not.toContain(emu().apiKey)
    expect((await client.get("comments/")).status).toBe(200)
  })

  it("unknown paths → 404 JSON", async () => {
    const res = await client.get("/api/projects/1/nothing-here/")
    expect(res.status).toBe(404)
    expect(res.body.code).toBe("not_found")
    expect((await client.get("/elsewhere")).status).toBe(404)
  })
})
