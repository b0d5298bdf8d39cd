/**
 * Finding (Low): the emulator answered 500 to a NUL byte (`%00`) in dashboards `tags`, comments
 * `search`, comments/count `search` and templates `search`, and to JSON nested 5000+ deep in a
 * dashboard's `filters` or a comment's `rich_content`, with a stack in its log. Each must be a 400 in
 * PostHog's shape, and the log must stay free of stacks.
 */
import { type Emulator, startEmulator } from "@hogkit/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { raw } from "./support/Raw.js"

let emu: Emulator
const log: Array<string> = []
let comment = ""
let dashboard = 0

const api = (method: string, path: string, body?: string) =>
  fetch(`${emu.url}/api/projects/${emu.projectId}/${path}`, {
    method,
    headers: { authorization: `Bearer ${emu.apiKey}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body })
  })

beforeAll(async () => {
  emu = await startEmulator({ port: 0, log: (line) => log.push(line) })
  dashboard = (await (await api("POST", "dashboards/", JSON.stringify({ name: "d" }))).json()).id
  comment = (
    await (await api("POST", "comments/", JSON.stringify({ scope: "Notebook", content: "c" }))).json()
  ).id
})
afterAll(() => emu?.close())

const nulBody = (attr: string) => ({
  type: "validation_error",
  code: "null_characters_not_allowed",
  detail: "Null characters are not allowed.",
  attr
})

describe("a NUL byte in a filter", () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["dashboards/?tags=a%00b", "tags"],
    ["comments/?search=a%00b", "search"],
    ["comments/count/?search=a%00b", "search"],
    ["dashboard_templates/?search=a%00b", "search"],
    ["comments/?scope=Notebook%00", "scope"],
    ["comments/?item_id=%00", "item_id"],
    ["dashboards/?creation_mode=%00", "creation_mode"]
  ]
  for (const [path, attr] of cases) {
    it(`${path} is a 400 naming ${attr}`, async () => {
      const res = await api("GET", path)
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual(nulBody(attr))
    })
  }

  it("is stripped from a dashboards search, as PostHog strips it", async () => {
    const res = await api("GET", "dashboards/?search=d%00")
    expect(res.status).toBe(200)
    expect((await res.json()).results.map((d: { id: number }) => d.id)).toContain(dashboard)
  })
})

describe("a request target that is no path", () => {
  for (const target of ["//", "http://[", "http://a b/"]) {
    it(`${target} is a 4xx, not a 500`, async () => {
      const port = Number(new URL(emu.url).port)
      const res = await raw(port, [
        `GET ${target} HTTP/1.1`,
        "Host: 127.0.0.1",
        `Authorization: Bearer ${emu.apiKey}`
      ])
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
    })
  }
})

const nested = (depth: number, kind: "array" | "object") =>
  kind === "array"
    ? `${"[".repeat(depth)}${"]".repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`

describe("JSON nested deeper than PostHog's parser goes", () => {
  for (const depth of [5_000, 100_000]) {
    for (const kind of ["array", "object"] as const) {
      it(`${depth} deep (${kind}s) in a dashboard's filters and a comment's rich_content is a 400 parse error`, async () => {
        const attempts = [
          api("POST", "dashboards/", `{"name":"deep","filters":{"x":${nested(depth, kind)}}}`),
          api("PATCH", `dashboards/${dashboard}/`, `{"filters":{"x":${nested(depth, kind)}}}`),
          api(
            "POST",
            "comments/",
            `{"scope":"Notebook","content":"x","rich_content":${nested(depth, kind)}}`
          ),
          api("PATCH", `comments/${comment}/`, `{"content":"x","rich_content":${nested(depth, kind)}}`)
        ]
        for (const res of await Promise.all(attempts)) {
          expect(res.status).toBe(400)
          expect(await res.json()).toEqual({
            type: "invalid_request",
            code: "parse_error",
            detail: `JSON parse error - maximum recursion depth exceeded while decoding a JSON ${kind} from a unicode string`,
            attr: null
          })
        }
      })
    }
  }

  it("still takes a document nested as deep as PostHog takes", async () => {
    const res = await api("POST", "dashboards/", `{"name":"deep","filters":{"x":${nested(900, "object")}}}`)
    expect(res.status).toBe(201)
  })

  it("left no stack and no 500 in the log", () => {
    expect(log.join("\n")).not.toMatch(/\n\s+at |unexpected error/)
  })
})
