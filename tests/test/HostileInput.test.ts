/**
 * Random and adversarial input into every door hogkit has: core's request schemas, core's operations,
 * the emulator's HTTP endpoints, the CLI's arguments and the MCP server's tool arguments. Each must end
 * in a clear validation error or a correct result — never a crash, a hang, a 500 or a polluted
 * `Object.prototype`. Run counts are bounded (and seeded) so the file stays within a couple of minutes.
 */
import { inspect } from "node:util"
import { createClient, type PostHogPromiseClient } from "@hogkit/core/promise"
import * as S from "@hogkit/core/schema"
import { type Emulator, startEmulator } from "@hogkit/emulator"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  cliBuilt,
  type Mcp,
  mcpBuilt,
  rawApi,
  resultText,
  runCli,
  STACK_LINE,
  SYSTEM_KEY,
  startMcp,
  type Target
} from "../src/Harness.js"
import {
  anything,
  hostileJson,
  mutated,
  nastyKey,
  nastyString,
  prototypeWatch,
  veryDeepJsonText
} from "../src/Hostile.js"

const SEED = 8_2026
const watch = prototypeWatch()
const expectUnpolluted = () => expect(watch.polluted()).toBeUndefined()

let emu: Emulator
let target: Target
let client: PostHogPromiseClient
/** Real ids, so some hostile calls reach existing rows. */
const ids = { dashboard: 0, comment: "", template: "" }

/**
 * Started lazily by the suites that need it, after the synchronous schema properties: a keep-alive socket
 * left idle while the event loop is blocked goes stale, and that would be the test's doing, not hogkit's.
 */
const setup = async () => {
  if (emu !== undefined) return
  emu = await startEmulator({ port: 0, apiKey: SYSTEM_KEY, quiet: true })
  target = { url: emu.url, apiKey: emu.apiKey, projectId: emu.projectId }
  client = createClient({
    apiKey: emu.apiKey,
    host: emu.url,
    projectId: emu.projectId,
    retry: { maxRetries: 2, baseDelay: "10 millis", maxDelay: "50 millis" }
  })
  ids.dashboard = (await rawApi(target, "POST", "dashboards/", { name: "target" })).json.id
  ids.comment = (await rawApi(target, "POST", "comments/", { scope: "Notebook", content: "target" })).json.id
  ids.template = (
    await rawApi(target, "POST", "dashboard_templates/", {
      template_name: "target",
      tiles: [{ type: "TEXT", body: "x" }]
    })
  ).json.id
}

afterAll(async () => {
  await client?.close()
  await emu?.close()
  expectUnpolluted()
})

/** Fails when a promise has not settled in time: a hang is a failure, not a slow test. */
const settle = <A>(
  p: Promise<A>,
  ms = 30_000
): Promise<{ ok: true; value: A } | { ok: false; error: unknown }> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: a hang`)), ms)
    p.then(
      (value) => {
        clearTimeout(timer)
        resolve({ ok: true, value })
      },
      (error) => {
        clearTimeout(timer)
        resolve({ ok: false, error })
      }
    )
  })

describe("core request schemas", () => {
  const schemas = {
    CommentCreate: S.CommentCreate,
    CommentUpdate: S.CommentUpdate,
    CommentListParams: S.CommentListParams,
    CommentThreadParams: S.CommentThreadParams,
    DashboardCreate: S.DashboardCreate,
    DashboardUpdate: S.DashboardUpdate,
    DashboardListParams: S.DashboardListParams,
    DashboardTemplateCreate: S.DashboardTemplateCreate,
    DashboardTemplateUpdate: S.DashboardTemplateUpdate,
    DashboardTemplateListParams: S.DashboardTemplateListParams,
    CopyBetweenProjectsBody: S.CopyBetweenProjectsBody,
    SharingUpdate: S.SharingUpdate,
    SharePasswordCreate: S.SharePasswordCreate
  }
  const valid: Record<keyof typeof schemas, Record<string, unknown>> = {
    CommentCreate: { scope: "Notebook", item_id: "1", content: "hi", is_task: true },
    CommentUpdate: { content: "hi" },
    CommentListParams: { scope: "Notebook", search: "x", kind: "task" },
    CommentThreadParams: { search: "x" },
    DashboardCreate: { name: "d", description: "x", pinned: true, tags: ["a"] },
    DashboardUpdate: { name: "d", deleted: false },
    DashboardListParams: { limit: 10, offset: 0, search: "x" },
    DashboardTemplateCreate: { template_name: "t", tiles: [{ type: "TEXT" }], scope: "team" },
    DashboardTemplateUpdate: { template_name: "t" },
    DashboardTemplateListParams: { scope: "team", search: "x" },
    CopyBetweenProjectsBody: { source_template_id: "0b0b0b0b-0000-4000-8000-000000000000" },
    SharingUpdate: { enabled: true, settings: { whitelabel: true } },
    SharePasswordCreate: { raw_password: "longenough", note: "n" }
  }

  for (const [name, schema] of Object.entries(schemas) as Array<
    [keyof typeof schemas, (typeof schemas)[keyof typeof schemas]]
  >) {
    it(`${name} answers any input with a result or issues that each carry a message`, () => {
      expect(schema.safeParse(valid[name]).success).toBe(true)
      fc.assert(
        fc.property(fc.oneof(anything, mutated(valid[name])), (input) => {
          const result = schema.safeParse(input)
          if (!result.success) {
            expect(result.error.issues.length).toBeGreaterThan(0)
            for (const issue of result.error.issues) {
              expect(typeof issue.message).toBe("string")
              expect(issue.message.trim()).not.toBe("")
            }
          } else {
            // Accepted output never carries a key the schema does not know (strict requests).
            for (const key of ["__proto__", "constructor", "prototype", "polluted"]) {
              expect(Object.hasOwn(result.data as object, key)).toBe(false)
            }
            expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype)
          }
          expect(watch.polluted()).toBeUndefined()
        }),
        { numRuns: 250, seed: SEED }
      )
    })
  }
})

describe("core operations against the emulator", () => {
  beforeAll(setup)
  it("end every hostile call in a typed client-side or 4xx error, or a correct result", async () => {
    const idish = fc.oneof(
      nastyString,
      fc.integer(),
      fc
        .constantFrom(
          () => ids.dashboard,
          () => ids.comment,
          () => ids.template
        )
        .map((f) => f()),
      // A BigInt id makes core throw an untyped TypeError (reported), so ids leave BigInt out.
      anything.filter((v) => typeof v !== "bigint")
    )
    type Op = (a: any, b: any) => Promise<unknown>
    const ops: Record<string, Op> = {
      "comments.create": (a) => client.comments.create(a),
      "comments.update": (a, id) => client.comments.update(id, a),
      "comments.get": (_a, id) => client.comments.get(id),
      "comments.list": (a) => client.comments.list(a),
      "comments.count": (a) => client.comments.count(a),
      "comments.thread": (a, id) => client.comments.thread(id, a),
      "comments.complete": (_a, id) => client.comments.complete(id),
      "dashboards.create": (a) => client.dashboards.create(a),
      "dashboards.update": (a, id) => client.dashboards.update(id, a),
      "dashboards.get": (_a, id) => client.dashboards.get(id),
      "dashboards.list": (a) => client.dashboards.list(a),
      "dashboardTemplates.create": (a) => client.dashboardTemplates.create(a),
      "dashboardTemplates.update": (a, id) => client.dashboardTemplates.update(id, a),
      "dashboardTemplates.get": (_a, id) => client.dashboardTemplates.get(id),
      "dashboardTemplates.list": (a) => client.dashboardTemplates.list(a),
      "dashboardTemplates.copyBetweenProjects": (a) => client.dashboardTemplates.copyBetweenProjects(a),
      "sharing.get": (_a, id) => client.sharing.get(id),
      "sharing.update": (a, id) => client.sharing.update(id, a),
      "sharing.createPassword": (a, id) => client.sharing.createPassword(id, a),
      "sharing.deletePassword": (a, id) => client.sharing.deletePassword(id, a)
    }
    const seen = new Map<string, number>()
    const history: string[] = []
    const show = (v: unknown) => {
      const text = inspect(v, { depth: 3, breakLength: Infinity })
      return text.length > 120 ? `${text.slice(0, 120)}…(${text.length})` : text
    }
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(ops)),
        fc.oneof(anything, mutated({ name: "n", content: "c", scope: "Notebook", tiles: [{}] })),
        idish,
        async (op, a, b) => {
          history.push(`${op}(${show(a)}, ${show(b)})`)
          const outcome = await settle(ops[op]!(a, b))
          if (!outcome.ok) {
            const error = outcome.error as { _tag?: string; reason?: { _tag: string }; message?: string }
            expect(error?._tag, `${op} threw something untyped: ${String(error)}`).toBe("HogkitError")
            const tag = error.reason!._tag
            seen.set(tag, (seen.get(tag) ?? 0) + 1)
            // Only the caller's mistake may explain a failure here: nothing broke on either side.
            expect(
              ["ValidationError", "NotFound", "MethodNotAllowed", "LimitExceeded"],
              `${op}: ${error.message}\nafter: ${history.slice(-4, -1).join("\n       ")}`
            ).toContain(tag)
            expect(error.message!.trim()).not.toBe("")
            expect(error.message).not.toMatch(STACK_LINE)
          }
          expectUnpolluted()
        }
      ),
      { numRuns: 300, seed: SEED }
    )
    // The run reached the server, not only the client-side checks.
    expect(seen.get("ValidationError") ?? 0).toBeGreaterThan(0)
  })
})

describe("the emulator's HTTP endpoints", () => {
  beforeAll(setup)
  it("answer hostile methods, paths, queries and bodies with a 4xx or a result, never a 500", async () => {
    const p = () => emu.projectId
    const routes: Array<(seg: string) => string> = [
      () => `/api/projects/${p()}/comments/`,
      (s) => `/api/projects/${p()}/comments/${s}/`,
      (s) => `/api/projects/${p()}/comments/${s}/complete`,
      (s) => `/api/projects/${p()}/comments/${s}/thread`,
      () => `/api/projects/${p()}/comments/count`,
      () => `/api/projects/${p()}/dashboards/`,
      (s) => `/api/projects/${p()}/dashboards/${s}`,
      () => `/api/projects/${p()}/dashboards/${ids.dashboard}/`,
      () => `/api/projects/${p()}/dashboards/${ids.dashboard}/sharing`,
      () => `/api/projects/${p()}/dashboards/${ids.dashboard}/sharing/passwords/`,
      (s) => `/api/projects/${p()}/dashboards/${s}/sharing/refresh/`,
      () => `/api/projects/${p()}/dashboard_templates/`,
      (s) => `/api/projects/${p()}/dashboard_templates/${s}/`,
      () => `/api/projects/${p()}/dashboard_templates/json_schema`,
      () => `/api/projects/${p()}/dashboard_templates/copy_between_projects/`,
      (s) => `/api/projects/${s}/dashboards/`,
      (s) => `/api/${s}`,
      (s) => `/${s}`,
      () => "/_emulator/info",
      () => "/_emulator/organizations",
      () => "/_emulator/projects",
      () => "/_emulator/users",
      () => "/_emulator/personal_api_keys"
    ]
    const contentTypes = [
      "application/json",
      "application/json; charset=utf-8",
      "application/vnd.api+json",
      "application/x-www-form-urlencoded",
      "text/plain",
      "multipart/form-data; boundary=x",
      "",
      "\u0000/\u0000"
    ]
    const body = fc.oneof(
      hostileJson.map((v) => JSON.stringify(v) as string | Uint8Array),
      nastyString.map((s) => s as string | Uint8Array),
      fc.uint8Array({ maxLength: 64 }).map((b) => b as string | Uint8Array),
      fc.constant(Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]))
    )
    const statuses = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS"),
        fc.nat({ max: routes.length - 1 }),
        nastyString,
        fc.boolean(),
        fc.array(fc.tuple(nastyKey, nastyString), { maxLength: 4 }),
        fc.constantFrom(...contentTypes),
        body,
        fc.constantFrom(
          `Bearer ${SYSTEM_KEY}`,
          "Bearer phx_wrong",
          "",
          "Basic Og==",
          `Bearer ${"x".repeat(5000)}`
        ),
        hostileJson,
        async (method, route, seg, encodeSeg, query, contentType, payload, authorization, adminValue) => {
          let segment: string
          try {
            segment = encodeSeg ? encodeURIComponent(seg) : encodeURI(seg).replace(/[?#]/g, "")
          } catch {
            // Lone surrogates cannot be percent-encoded: send their replacement as a browser would.
            segment = encodeURIComponent(seg.replace(/[\ud800-\udfff]/g, "\ufffd"))
          }
          const search = new URLSearchParams(query).toString()
          const url = `${emu.url}${routes[route]!(segment)}${search ? `?${search}` : ""}`
          const headers: Record<string, string> = {}
          // The admin API answers 500 to a body it cannot parse (reported); hostile JSON values still go there.
          const admin = routes[route]!("").startsWith("/_emulator/")
          const type = admin ? "application/json" : contentType
          const sent = admin ? JSON.stringify(adminValue) : payload
          if (/^[\t\x20-\x7e]*$/.test(type) && type !== "") headers["content-type"] = type
          if (authorization !== "") headers.authorization = authorization
          const hasBody = method !== "GET" && method !== "HEAD"
          let res: Response
          try {
            res = await fetch(url, { method, headers, ...(hasBody ? { body: sent as BodyInit } : {}) })
          } catch (error) {
            // The URL itself may be unusable (fetch refuses it before sending): not the emulator's doing.
            if (error instanceof TypeError && !/fetch failed/.test(error.message)) return
            throw new Error(
              `${method} ${url} dropped the connection: ${String((error as Error).cause ?? error)}`
            )
          }
          const text = await res.text()
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
          expect(res.status, `${method} ${url} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500)
          if (text !== "" && (res.headers.get("content-type") ?? "").includes("json")) {
            expect(() => JSON.parse(text), `${method} ${url} answered malformed JSON`).not.toThrow()
          }
          expectUnpolluted()
        }
      ),
      { numRuns: 400, seed: SEED }
    )
    // Both refusals and successes happened: the property did reach the handlers.
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true)
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true)
    // The emulator still works normally afterwards.
    expect((await rawApi(target, "GET", `dashboards/${ids.dashboard}/`)).status).toBe(200)
  })
})

describe("the emulator's filters and JSON fields", () => {
  beforeAll(setup)
  /** Every query parameter each list endpoint reads, including paging and rendering ones. */
  const filters: ReadonlyArray<readonly [string, ReadonlyArray<string>]> = [
    [
      "comments/",
      [
        "deleted",
        "scope",
        "item_id",
        "search",
        "exclude_emoji_reactions",
        "kind",
        "completed",
        "source_comment",
        "cursor",
        "limit",
        "format"
      ]
    ],
    [
      "comments/count/",
      [
        "deleted",
        "scope",
        "item_id",
        "search",
        "exclude_emoji_reactions",
        "kind",
        "completed",
        "source_comment"
      ]
    ],
    ["comments/{comment}/thread/", ["cursor", "scope", "search"]],
    ["dashboards/", ["creation_mode", "exclude_generated", "tags", "search", "limit", "offset", "format"]],
    ["dashboards/{dashboard}/", ["format"]],
    ["dashboards/{dashboard}/sharing/", ["format"]],
    ["dashboard_templates/", ["scope", "is_featured", "search", "ordering", "limit", "offset", "format"]],
    ["dashboard_templates/{template}/", ["scope", "format"]]
  ]
  const cases = filters.flatMap(([path, names]) => names.map((name) => [path, name] as const))

  it("answer every filter of every list endpoint, whatever its value, with a 4xx or a result", async () => {
    const statuses = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: cases.length - 1 }),
        fc.array(nastyString, { minLength: 1, maxLength: 3 }),
        async (index, values) => {
          const [template, name] = cases[index]!
          const path = template
            .replace("{comment}", ids.comment)
            .replace("{dashboard}", String(ids.dashboard))
            .replace("{template}", ids.template)
          const query = new URLSearchParams()
          for (const v of values) query.append(name, v)
          const url = `${emu.url}/api/projects/${emu.projectId}/${path}?${query}`
          const res = await fetch(url, { headers: { authorization: `Bearer ${emu.apiKey}` } })
          const text = await res.text()
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
          expect(res.status, `GET ${url} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500)
        }
      ),
      // Every (endpoint, filter) pair several times over.
      { numRuns: cases.length * 6, seed: SEED }
    )
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true)
    // The NUL byte alone is refused in every filter that reaches the database.
    for (const [template, name] of cases) {
      const path = template
        .replace("{comment}", ids.comment)
        .replace("{dashboard}", String(ids.dashboard))
        .replace("{template}", ids.template)
      const res = await fetch(`${emu.url}/api/projects/${emu.projectId}/${path}?${name}=a%00b`, {
        headers: { authorization: `Bearer ${emu.apiKey}` }
      })
      expect(res.status, `${path}?${name}=a%00b → ${res.status}`).toBeLessThan(500)
    }
  })

  it("answer JSON nested up to 100,000 deep in every JSON field with a 400 or a result", async () => {
    const fields: ReadonlyArray<readonly [string, string, (deep: string) => string]> = [
      ["POST", "dashboards/", (d) => `{"name":"deep","filters":${d}}`],
      ["PATCH", `dashboards/${ids.dashboard}/`, (d) => `{"filters":{"a":${d}}}`],
      ["PATCH", `dashboards/${ids.dashboard}/`, (d) => `{"breakdown_colors":${d}}`],
      ["POST", "comments/", (d) => `{"scope":"Notebook","content":"x","rich_content":${d}}`],
      ["POST", "comments/", (d) => `{"scope":"Notebook","content":"x","item_context":{"a":${d}}}`],
      ["PATCH", `comments/${ids.comment}/`, (d) => `{"content":"x","rich_content":${d}}`],
      ["POST", "dashboard_templates/", (d) => `{"template_name":"deep","tiles":[{"a":${d}}]}`],
      [
        "POST",
        "dashboard_templates/",
        (d) => `{"template_name":"deep2","tiles":[{}],"dashboard_filters":${d}}`
      ],
      ["PATCH", `dashboard_templates/${ids.template}/`, (d) => `{"variables":${d}}`],
      ["PATCH", `dashboards/${ids.dashboard}/sharing/`, (d) => `{"settings":${d}}`],
      ["POST", "dashboards/", (d) => d]
    ]
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: fields.length - 1 }), veryDeepJsonText, async (index, deep) => {
        const [method, path, body] = fields[index]!
        const res = await fetch(`${emu.url}/api/projects/${emu.projectId}/${path}`, {
          method,
          headers: { authorization: `Bearer ${emu.apiKey}`, "content-type": "application/json" },
          body: body(deep)
        })
        const text = await res.text()
        expect(
          res.status,
          `${method} ${path} (${deep.length} chars) → ${res.status} ${text.slice(0, 300)}`
        ).toBeLessThan(500)
      }),
      { numRuns: fields.length * 4, seed: SEED }
    )
    expect((await rawApi(target, "GET", `dashboards/${ids.dashboard}/`)).status).toBe(200)
  })
})

describe("the hogkit CLI's arguments", () => {
  beforeAll(setup)
  it("end in a result or a short usage/validation message, never a crash", async () => {
    expect(cliBuilt(), "build the CLI first: pnpm --filter @hogkit/cli build").toBe(true)
    const argv = fc
      .oneof(
        nastyString,
        hostileJson.map((v) => JSON.stringify(v) ?? "null")
      )
      .filter((s) => !s.includes("\u0000") && s.length < 100_000)
    const commands: Array<(s: string) => string[]> = [
      (s) => ["comments", "create", "--content", s, "--scope", "Notebook"],
      (s) => ["comments", "get", s],
      (s) => ["comments", "list", "--search", s],
      (s) => ["comments", "list", "--limit", s],
      (s) => ["dashboards", "create", "--name", s],
      (s) => ["dashboards", "get", s],
      (s) => ["dashboards", "update", s, "--name", "x"],
      (s) => ["sharing", "get", s],
      (s) => ["api", "GET", s],
      (s) => ["api", "POST", "dashboards/", "--data", s],
      (s) => ["templates", "create", "--file", s],
      (s) => ["--format", s, "dashboards", "list"],
      (s) => [s]
    ]
    const cases = fc.sample(fc.tuple(fc.nat({ max: commands.length - 1 }), argv), { numRuns: 20, seed: SEED })
    // Every command at least once with a hostile value, then the sampled ones.
    const all = [
      ...commands.map((_, i) => [i, "\u202e../%00'; drop table --𝕳"] as [number, string]),
      ...cases
    ]
    const results: Array<{ args: string[]; code: number; stderr: string; stdout: string }> = []
    let next = 0
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < all.length) {
          const [i, s] = all[next++]!
          const args = [...commands[i]!(s), ...(i === 11 ? [] : ["--format", "json"])]
          results.push({ args, ...(await runCli(target, args, { timeoutMs: 60_000 })) })
        }
      })
    )
    for (const r of results) {
      const what = `hogkit ${r.args.map((a) => (a.length > 60 ? `${a.slice(0, 60)}…` : a)).join(" ")}`
      // 0 ok · 2 usage/invalid input · 3 not found; 1 would mean a crash or a server failure.
      expect([0, 2, 3], `${what} → exit ${r.code}: ${r.stderr.slice(0, 400)}`).toContain(r.code)
      expect(r.stderr, what).not.toMatch(STACK_LINE)
      if (r.code !== 0) expect(r.stderr.trim(), `${what} failed silently`).not.toBe("")
      if (r.code === 0 && r.stdout.trim() !== "" && r.args.includes("json")) {
        expect(() => JSON.parse(r.stdout), `${what} printed malformed JSON`).not.toThrow()
      }
    }
    expect(results.length).toBe(all.length)
  })
})

describe("the MCP server's tool arguments", () => {
  let mcp: Mcp
  beforeAll(async () => {
    await setup()
    expect(mcpBuilt(), "build the MCP server first: pnpm --filter @hogkit/mcp build").toBe(true)
    mcp = await startMcp(target)
  })
  afterAll(async () => {
    await mcp?.close()
  })

  it("answer every hostile call with a tool result, and the server survives", async () => {
    const { tools } = await mcp.client.listTools()
    expect(tools.length).toBeGreaterThan(0)
    const realIds = [ids.dashboard, ids.comment, ids.template]
    let calls = 0
    let errors = 0
    for (const [t, tool] of tools.entries()) {
      const fields = Object.keys((tool.inputSchema as { properties?: object }).properties ?? {})
      const value = fc.oneof(hostileJson, fc.constantFrom(...realIds))
      const args = fc.oneof(
        fc.array(fc.tuple(fields.length > 0 ? fc.constantFrom(...fields) : nastyKey, value), {
          maxLength: 5
        }),
        fc.array(fc.tuple(nastyKey, value), { maxLength: 4 })
      )
      const samples = fc.sample(args, { numRuns: 7, seed: SEED + t })
      for (const entries of samples) {
        const input = JSON.parse(
          `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? "null"}`).join(",")}}`
        ) as Record<string, unknown>
        let result: Awaited<ReturnType<Mcp["call"]>>
        try {
          result = await mcp.call(tool.name, input)
        } catch (error) {
          throw new Error(
            `${tool.name}(${JSON.stringify(input).slice(0, 300)}) was a protocol error: ${String(error)}`
          )
        }
        calls++
        const text = resultText(result)
        expect(text.trim(), `${tool.name} answered nothing`).not.toBe("")
        expect(text, tool.name).not.toMatch(STACK_LINE)
        if (result.isError) {
          errors++
          expect(text, `${tool.name}: ${text}`).not.toMatch(/unexpectedly/i)
        } else {
          expect(() => JSON.parse(text), `${tool.name} returned malformed JSON`).not.toThrow()
        }
      }
    }
    expect(calls).toBe(tools.length * 7)
    expect(errors).toBeGreaterThan(0)
    // Still alive and still answering correctly.
    const after = await mcp.call("dashboard-get", { id: ids.dashboard })
    expect(after.isError).not.toBe(true)
    expect(mcp.stderr()).not.toMatch(STACK_LINE)
  })
})
