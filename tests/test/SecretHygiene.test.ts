/**
 * The personal API key must never leave the request's Authorization header: not in the CLI's output
 * (with --debug), not in MCP results or the server's stderr, not in core's errors, spans or logs. Every
 * byte each of them produced is collected and searched for the key, its secret part and a bearer header.
 * The stored config is readable by its owner only.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { inspect } from "node:util"
import { Comments, Dashboards, PostHog, Sharing } from "@hogkit/core"
import { createClient } from "@hogkit/core/promise"
import { type Emulator, startEmulator } from "@hogkit/emulator"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Logger from "effect/Logger"
import * as References from "effect/References"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  cliBuilt,
  mcpBuilt,
  rawApi,
  runCli,
  SYSTEM_KEY,
  startMcp,
  type Target,
  tempDir
} from "../src/Harness.js"

/** A second key (read-only scopes) and a wrong one: neither may leak either. */
let readOnlyKey = ""
const WRONG_KEY = "phx_wrongKeyThatPostHogRejects_0123456789abcdefghijklmnopq"

const secrets = () => [SYSTEM_KEY, readOnlyKey, WRONG_KEY].filter((k) => k !== "")

/** Where a secret (or a recognisable part of it) shows up in `text`, if anywhere. */
const leaks = (text: string): string[] => {
  const found: string[] = []
  const around = (i: number) => JSON.stringify(text.slice(Math.max(0, i - 80), i + 20))
  for (const key of secrets()) {
    const secret = key.replace(/^phx_/, "")
    // A long slice of the key is still the key (e.g. a truncated log line).
    const i = text.indexOf(secret.slice(8, 32))
    if (i !== -1) found.push(`${key.slice(0, 8)}… at ${around(i)}`)
  }
  const bearer = text.search(/bearer\s+phx_/i)
  if (bearer !== -1) found.push(`a bearer header with a key at ${around(bearer)}`)
  return found
}

let emu: Emulator
let target: Target
let dashboardId = 0

beforeAll(async () => {
  emu = await startEmulator({ port: 0, apiKey: SYSTEM_KEY, quiet: true })
  target = { url: emu.url, apiKey: emu.apiKey, projectId: emu.projectId, adminToken: emu.adminToken }
  const created = await rawApi(target, "POST", "/_emulator/personal_api_keys", {
    user_id: emu.userId,
    scopes: ["dashboard:read", "comment:read"]
  })
  expect(created.status).toBe(201)
  readOnlyKey = created.json.key
  dashboardId = (await rawApi(target, "POST", "dashboards/", { name: "hygiene" })).json.id
})

afterAll(async () => {
  await emu?.close()
})

describe("the hogkit CLI", () => {
  it("never prints the key, even with --debug, and stores it in a 0600 file", async () => {
    expect(cliBuilt(), "build the CLI first: pnpm --filter @hogkit/cli build").toBe(true)
    const transcript: string[] = []
    const run = async (args: string[], options: Parameters<typeof runCli>[2] = {}) => {
      const r = await runCli(target, ["--debug", ...args], options)
      // The command line is the test's own text (it may hold the key as a flag): only hogkit's output counts.
      transcript.push(`$ hogkit --debug ${args.length} args\n${r.stdout}\n${r.stderr}\n[exit ${r.code}]`)
      return r
    }
    const ok = (r: { code: number; stderr: string }) => expect(r.code, r.stderr).toBe(0)

    ok(await run(["dashboards", "create", "--name", "from the cli", "--format", "json"]))
    ok(await run(["dashboards", "list", "--all", "--format", "jsonl"]))
    ok(await run(["dashboards", "get", String(dashboardId), "--format", "json"]))
    const comment = await run([
      "comments",
      "create",
      "--content",
      "hi",
      "--scope",
      "Notebook",
      "--format",
      "json"
    ])
    ok(comment)
    ok(await run(["comments", "list", "--format", "json"]))
    ok(await run(["sharing", "enable", String(dashboardId)]))
    ok(await run(["sharing", "password", "add", String(dashboardId), "--note", "n", "--yes"]))
    ok(await run(["templates", "list"]))
    ok(await run(["api", "GET", "dashboards/"]))
    // A full URL elsewhere must not take the key with it: refused as usage (2), or sent to the configured
    // host (0). 127.0.0.2:9 refuses connections, so a request sent there would end in exit 1.
    const elsewhere = await run(["api", "GET", "http://127.0.0.2:9/api/projects/1/dashboards/"])
    expect([0, 2], elsewhere.stderr).toContain(elsewhere.code)
    // Failures: not found, a wrong key, a key without the scope, a bad flag.
    expect((await run(["dashboards", "get", "999999"])).code).toBe(3)
    expect((await run(["dashboards", "list"], { env: { POSTHOG_PERSONAL_API_KEY: WRONG_KEY } })).code).toBe(4)
    expect(
      (await run(["dashboards", "create", "--name", "x"], { env: { POSTHOG_PERSONAL_API_KEY: readOnlyKey } }))
        .code
    ).toBe(4)
    expect((await run(["dashboards", "list", "--limit", "many"])).code).toBe(2)
    // The key given as a flag (discouraged, but possible) does not come back either.
    ok(
      await run(["--api-key", SYSTEM_KEY, "dashboards", "list"], {
        env: { POSTHOG_PERSONAL_API_KEY: undefined }
      })
    )

    // Stored profiles: owner-only file in an owner-only directory, and status shows no key.
    const home = tempDir("auth")
    const config = path.join(home, ".config", "hogkit", "config.json")
    const noEnvKey = { POSTHOG_PERSONAL_API_KEY: undefined }
    ok(await run(["auth", "login", "--with-token"], { home, input: `${SYSTEM_KEY}\n`, env: noEnvKey }))
    expect(fs.statSync(config).mode & 0o777).toBe(0o600)
    expect(fs.statSync(path.dirname(config)).mode & 0o077).toBe(0)
    ok(await run(["auth", "status"], { home, env: noEnvKey }))
    ok(await run(["dashboards", "list"], { home, env: noEnvKey }))
    ok(await run(["auth", "logout"], { home, env: noEnvKey }))
    fs.rmSync(home, { recursive: true, force: true })

    const all = transcript.join("\n")
    // --debug really printed the requests (so this test can see a leak if there is one).
    expect(all).toMatch(/authorization/i)
    expect(leaks(all)).toEqual([])
  })
})

describe("the MCP server", () => {
  it("never returns or logs the key, in results or errors", async () => {
    expect(mcpBuilt(), "build the MCP server first: pnpm --filter @hogkit/mcp build").toBe(true)
    const transcript: string[] = []
    const session = async (key: string, calls: Array<[string, Record<string, unknown>]>) => {
      const mcp = await startMcp({ ...target, apiKey: key })
      try {
        const { tools } = await mcp.client.listTools()
        transcript.push(JSON.stringify(tools))
        for (const [name, args] of calls) {
          const result = await mcp.call(name, args)
          transcript.push(`${name} ${JSON.stringify(args)} → ${JSON.stringify(result)}`)
        }
      } finally {
        await mcp.close()
        transcript.push(mcp.stderr())
      }
    }
    await session(SYSTEM_KEY, [
      ["dashboards-get-all", {}],
      ["dashboard-create", { name: "from mcp" }],
      ["dashboard-get", { id: dashboardId }],
      ["comment-create", { scope: "Notebook", content: "hi" }],
      ["comments-list", {}],
      ["dashboard-sharing-update", { dashboard_id: dashboardId, enabled: true }],
      ["dashboard-sharing-password-create", { dashboard_id: dashboardId, note: "n" }],
      ["dashboard-templates-list", {}],
      ["dashboard-get", { id: 999999 }],
      ["dashboard-get", { id: "not a number" }]
    ])
    await session(WRONG_KEY, [["dashboards-get-all", {}]])
    await session(readOnlyKey, [["dashboard-create", { name: "refused" }]])
    const all = transcript.join("\n")
    // The failures did happen (so their texts were searched).
    expect(all).toMatch(/401|API key/)
    expect(all).toMatch(/dashboard:write/)
    expect(leaks(all)).toEqual([])
  })
})

describe("the core SDK", () => {
  it("keeps the key out of errors, spans and logs", async () => {
    const spans: Tracer.NativeSpan[] = []
    const exits: unknown[] = []
    const tracer = Tracer.make({
      span(options) {
        const span = new Tracer.NativeSpan(options)
        const end = span.end.bind(span)
        span.end = (time, exit) => {
          exits.push(exit)
          end(time, exit)
        }
        spans.push(span)
        return span
      }
    })
    const logs: string[] = []
    const logger = Logger.make((entry) => {
      logs.push(inspect(entry, { depth: 8 }))
    })
    const layerFor = (apiKey: string) => PostHog.layer({ apiKey, host: emu.url, projectId: emu.projectId })
    const observe = <A, E>(effect: Effect.Effect<A, E, Comments | Dashboards | Sharing>, apiKey: string) =>
      Effect.runPromiseExit(
        effect.pipe(
          Effect.tap(() => Effect.logDebug("done")),
          Effect.tapCause((cause) => Effect.logError("failed", cause)),
          Effect.provide(layerFor(apiKey)),
          Effect.withTracer(tracer),
          Effect.provide(Logger.layer([logger])),
          Effect.provideService(References.MinimumLogLevel, "All")
        )
      )

    const outcomes: Array<Exit.Exit<unknown, unknown>> = [
      await observe(
        Effect.gen(function* () {
          const dashboards = yield* Dashboards
          const comments = yield* Comments
          const sharing = yield* Sharing
          const d = yield* dashboards.create({ name: "sdk" })
          yield* dashboards.update(d.id, { name: "sdk 2" })
          yield* Stream.runCollect(dashboards.stream({ limit: 1 }))
          yield* comments.create({ scope: "Notebook", content: "sdk" })
          yield* sharing.update(d.id, { enabled: true, password_required: true })
          return yield* sharing.createPassword(d.id, { note: "n" })
        }),
        SYSTEM_KEY
      ),
      await observe(
        Dashboards.use((d) => d.get(999999)),
        SYSTEM_KEY
      ),
      await observe(
        Dashboards.use((d) => d.list()),
        WRONG_KEY
      ),
      await observe(
        Dashboards.use((d) => d.create({ name: "refused" })),
        readOnlyKey
      ),
      await observe(
        Comments.use((c) => c.create({ scope: "Notebook", content: "" })),
        SYSTEM_KEY
      )
    ]
    expect(Exit.isSuccess(outcomes[0]!), inspect(outcomes[0], { depth: 6 })).toBe(true)
    expect(outcomes.slice(1).every((o) => Exit.isFailure(o))).toBe(true)

    // The Promise facade's errors, printed every way a user might print them.
    const promiseClient = createClient({ apiKey: WRONG_KEY, host: emu.url, projectId: emu.projectId })
    const promiseError = await promiseClient.dashboards.list().then(
      () => undefined,
      (e: unknown) => e
    )
    await promiseClient.close()
    expect(promiseError).toBeInstanceOf(Error)

    const dumpSpan = (s: Tracer.NativeSpan) =>
      inspect(
        { name: s.name, attributes: [...s.attributes], events: s.events, status: s.status, links: s.links },
        { depth: 10 }
      )
    const everything = [
      ...spans.map(dumpSpan),
      ...exits.map((e) => inspect(e, { depth: 10 })),
      ...logs,
      ...outcomes.map((o) => inspect(o, { depth: 10 })),
      ...outcomes.map((o) => JSON.stringify(o)),
      inspect(promiseError, { depth: 10 }),
      String(promiseError),
      JSON.stringify(promiseError),
      (promiseError as Error).stack ?? ""
    ].join("\n")

    // Spans were recorded for the operations and their HTTP requests, and errors carried details.
    expect(spans.map((s) => s.name)).toEqual(expect.arrayContaining(["Dashboards.create", "Dashboards.get"]))
    expect(
      spans.some((s) => s.attributes.has("url.full")),
      "the HTTP client's spans were captured"
    ).toBe(true)
    expect(everything).toMatch(/999999/)
    // No span attribute holds an authorization header value.
    for (const span of spans) {
      for (const [name, value] of span.attributes) {
        if (/authorization/i.test(name))
          expect(String(value), `${span.name} ${name}`).not.toMatch(/phx_|bearer/i)
      }
    }
    expect(leaks(everything)).toEqual([])
  })
})
