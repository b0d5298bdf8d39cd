import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Catalogue from "../src/Catalogue.js"
import * as PostHogClient from "../src/PostHogClient.js"
import * as Requests from "../src/requests.js"
import type { Dashboard } from "../src/schema/Dashboards.js"
import { fakeHttp, json, KEY } from "./support/FakeHttp.js"

const UUID = "0b0b5d0e-6c3e-4a63-9a41-5b7a7c0f0e11"

/** The arguments that make each operation valid, in the service's argument order. */
const validArgs: Record<string, ReadonlyArray<unknown>> = {
  "Comments.list": [{ scope: "Dashboard" }],
  "Comments.get": [UUID],
  "Comments.create": [{ scope: "Dashboard", item_id: "1", content: "hi" }],
  "Comments.update": [UUID, { content: "edited" }],
  "Comments.delete": [UUID],
  "Comments.restore": [UUID],
  "Comments.complete": [UUID],
  "Comments.reopen": [UUID],
  "Comments.thread": [UUID],
  "Comments.count": [{}],
  "DashboardTemplates.list": [{}],
  "DashboardTemplates.get": [UUID],
  "DashboardTemplates.create": [{ template_name: "t", tiles: [{ type: "INSIGHT" }] }],
  "DashboardTemplates.update": [UUID, { template_name: "u" }],
  "DashboardTemplates.delete": [UUID],
  "DashboardTemplates.restore": [UUID],
  "DashboardTemplates.copyBetweenProjects": [{ sourceTemplateId: UUID }],
  "DashboardTemplates.jsonSchema": [],
  "Dashboards.list": [{}],
  "Dashboards.get": [7],
  "Dashboards.create": [{ name: "n" }],
  "Dashboards.update": [7, { name: "m" }],
  "Dashboards.delete": [7],
  "Dashboards.restore": [7],
  "Sharing.get": [7],
  "Sharing.update": [7, { enabled: true }],
  "Sharing.refresh": [7],
  "Sharing.createPassword": [7, { note: "n" }],
  "Sharing.deletePassword": [7, "p1"],
  "Account.currentUser": [],
  "Account.currentKey": []
}

const expectedPath = (op: Catalogue.Operation) => {
  let path = op.path
  for (const param of op.params)
    path = path.replace(
      `{${param.name}}`,
      param.kind === "integer" ? "7" : param.kind === "uuid" ? UUID : "p1"
    )
  return op.root === "api" ? `/api/${path}` : `/api/projects/1/${path}`
}

/** An answer that fits the operation's response schema. */
const answerFor = (op: Catalogue.Operation): unknown => {
  if (op.page === "offset") return { count: 0, next: null, previous: null, results: [] }
  if (op.page === "cursor") return { next: null, previous: null, results: [] }
  const samples: Record<string, unknown> = {
    comment: { id: UUID, content: "kept", scope: "Dashboard" },
    dashboard_template: { id: UUID, template_name: "t" },
    dashboard: { id: 7, name: "n" },
    sharing_configuration: { enabled: true, access_token: "tok" },
    share_password: { id: "p1", password: "secret-pass" },
    user: { id: 7, uuid: "u", email: "a@b.c" },
    personal_api_key: { id: "k1", scopes: ["*"] }
  }
  return op.name === "Comments.count" ? { count: 3 } : samples[op.resource.name]
}

const services = (client: PostHogClient.Service): Record<string, Record<string, unknown>> => ({
  Account: { ...Requests.account(client) },
  Comments: { ...Requests.comments(client) },
  DashboardTemplates: { ...Requests.dashboardTemplates(client) },
  Dashboards: { ...Requests.dashboards(client) },
  Sharing: { ...Requests.sharing(client) }
})

describe("Catalogue", () => {
  it("has one entry per service method, and every service method has an entry", () => {
    const client = {} as PostHogClient.Service
    const methods = Object.entries(services(client)).flatMap(([service, ops]) =>
      Object.keys(ops).map((verb) => `${service}.${verb}`)
    )
    assert.sameMembers(
      Catalogue.operations.map((op) => op.name),
      methods
    )
    assert.sameMembers(Object.keys(validArgs), methods, "this test covers every operation")
  })

  it.effect("every service method sends exactly the method and path its entry declares", () =>
    Effect.gen(function* () {
      for (const op of Catalogue.operations) {
        const fake = fakeHttp((req) =>
          req.method === "DELETE" ? new Response(null, { status: 204 }) : json(200, answerFor(op))
        )
        const client = yield* PostHogClient.makeHttpClient({
          apiKey: KEY,
          host: "https://ph.test",
          projectId: 1
        }).pipe(Effect.provide(fake.layer))
        const fn = services(client)[op.service]?.[op.verb] as (
          ...args: Array<unknown>
        ) => Effect.Effect<unknown>
        yield* fn(...(validArgs[op.name] ?? []))
        const last = fake.seen.at(-1)
        assert.strictEqual(last?.method, op.method, op.name)
        assert.strictEqual(last?.url.pathname, expectedPath(op), op.name)
        if (op.fixedBody) {
          const body = last?.body as Record<string, unknown>
          for (const [key, value] of Object.entries(op.fixedBody))
            assert.deepStrictEqual(body[key], value, op.name)
        }
      }
    })
  )

  it.effect("checkInput accepts the body every service method sends, fixed fields included", () =>
    Effect.gen(function* () {
      for (const op of Catalogue.operations) {
        if (op.method === "GET" || op.method === "DELETE") continue
        const fake = fakeHttp(() => json(200, answerFor(op)))
        const client = yield* PostHogClient.makeHttpClient({
          apiKey: KEY,
          host: "https://ph.test",
          projectId: 1
        }).pipe(Effect.provide(fake.layer))
        const fn = services(client)[op.service]?.[op.verb] as (
          ...args: Array<unknown>
        ) => Effect.Effect<unknown>
        yield* fn(...(validArgs[op.name] ?? []))
        const sent = fake.seen.at(-1)?.body
        // Restore sends the comment's content back with its fixed field: the edit on the same path takes it.
        const takers = Catalogue.operations.filter(
          (o) => o.method === op.method && o.path === op.path && o.root === op.root
        )
        const valid = takers.some((o) => Catalogue.checkInput(o, { body: sent })._tag === "Valid")
        assert.isTrue(valid, `${op.name} sends ${JSON.stringify(sent)}`)
      }
    })
  )

  it.effect("checkInput refuses what the SDK refuses, with the same field, code and message", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(200, {}))
      const client = yield* PostHogClient.makeHttpClient({
        apiKey: KEY,
        host: "https://ph.test",
        projectId: 1
      }).pipe(Effect.provide(fake.layer))
      const cases: ReadonlyArray<readonly [string, Effect.Effect<unknown, unknown>, unknown]> = [
        [
          "Sharing.createPassword",
          Requests.sharing(client).createPassword(7, { raw_password: "short" }),
          { raw_password: "short" }
        ],
        [
          "Dashboards.create",
          Requests.dashboards(client).create({ name: "x".repeat(401) }),
          { name: "x".repeat(401) }
        ],
        [
          "Comments.create",
          Requests.comments(client).create({ scope: "Dashboard", colour: "red" } as never),
          { scope: "Dashboard", colour: "red" }
        ]
      ]
      for (const [name, call, body] of cases) {
        const sdk = yield* Effect.flip(call)
        const reason = (sdk as { reason: { attr: unknown; code: unknown; detail: unknown } }).reason
        const check = Catalogue.checkInput(Catalogue.operation(name)!, { body })
        if (check._tag !== "Invalid")
          return assert.fail(`${name}: checkInput accepted ${JSON.stringify(body)}`)
        assert.deepStrictEqual(
          { attr: check.error.attr, code: check.error.code, detail: check.error.detail },
          { attr: reason.attr, code: reason.code, detail: reason.detail },
          name
        )
      }
      assert.strictEqual(fake.seen.length, 0, "the SDK sent nothing")
    })
  )

  it("checkInput holds the fields an operation sets itself to their values, and refuses a body where none is taken", () => {
    const softDelete = Catalogue.checkInput(Catalogue.operation("Dashboards.delete")!, {
      body: { deleted: false }
    })
    assert.strictEqual(softDelete._tag, "Invalid")
    if (softDelete._tag === "Invalid") assert.strictEqual(softDelete.error.attr, "deleted")
    const extra = Catalogue.checkInput(Catalogue.operation("Sharing.refresh")!, { body: { token: "x" } })
    assert.strictEqual(extra._tag === "Invalid" && extra.error.code, "unrecognized_field")
    assert.strictEqual(Catalogue.checkInput(Catalogue.operation("Sharing.refresh")!, {})._tag, "Valid")
  })

  it.effect("restoring a comment reads it with ?deleted=true and sends its own content back", () =>
    Effect.gen(function* () {
      const fake = fakeHttp((req) => json(200, { id: UUID, content: "kept words", scope: "Dashboard" }))
      const client = yield* PostHogClient.makeHttpClient({
        apiKey: KEY,
        host: "https://ph.test",
        projectId: 1
      }).pipe(Effect.provide(fake.layer))
      yield* Requests.comments(client).restore(UUID)
      assert.strictEqual(fake.seen.length, 2)
      assert.strictEqual(fake.seen[0]?.url.searchParams.get("deleted"), "true")
      assert.deepStrictEqual(fake.seen[1]?.body, { content: "kept words", deleted: false })
    })
  )

  it.effect("a per-call project sends that call to the other project only", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(200, { count: 0, next: null, previous: null, results: [] }))
      const client = yield* PostHogClient.makeHttpClient({
        apiKey: KEY,
        host: "https://ph.test",
        projectId: 1
      }).pipe(Effect.provide(fake.layer))
      const templates = Requests.dashboardTemplates(client)
      yield* templates.list({}, { projectId: 2 })
      yield* templates.list({})
      assert.deepStrictEqual(
        fake.seen.map((s) => s.url.pathname),
        ["/api/projects/2/dashboard_templates/", "/api/projects/1/dashboard_templates/"]
      )
      const refused = yield* Effect.flip(templates.list({}, { projectId: -3 }))
      assert.strictEqual(refused.reason._tag, "ValidationError")
      assert.strictEqual(fake.seen.length, 2, "an invalid project never leaves the machine")
    })
  )

  it("marks every operation that can destroy as destructive, and says why for the input that does", () => {
    for (const op of Catalogue.operations) {
      if (op.kind === "destructive")
        assert.ok(
          op.destroysAlways !== undefined || op.destroys !== undefined,
          `${op.name} says what it destroys`
        )
      else assert.ok(op.destroysAlways === undefined && op.destroys === undefined, op.name)
      if (op.kind === "read") assert.strictEqual(op.method, "GET", op.name)
      if (op.method === "GET") assert.strictEqual(op.kind, "read", op.name)
      // Anything that can carry `deleted` from the caller can soft-delete.
      const shape = (op.body as { shape?: Record<string, unknown> } | undefined)?.shape
      if (shape && "deleted" in shape && !op.hiddenInputs?.includes("deleted"))
        assert.strictEqual(op.kind, "destructive", `${op.name} accepts deleted`)
    }
    const update = Catalogue.operation("Dashboards.update")
    assert.strictEqual(update?.destroys?.({ deleted: true }), "soft-deletes the dashboard")
    assert.strictEqual(update?.destroys?.({ name: "x" }), undefined)
    assert.match(Catalogue.operation("Sharing.update")?.destroys?.({ enabled: false }) ?? "", /loses access/)
    assert.strictEqual(Catalogue.operation("Comments.delete")?.undo, "Comments.restore")
  })

  it("only non-idempotent operations are POSTs, and every GET, PATCH and DELETE is idempotent", () => {
    for (const op of Catalogue.operations)
      if (op.method !== "POST") assert.ok(op.idempotent, `${op.name} is idempotent`)
    assert.notOk(Catalogue.operation("Comments.create")?.idempotent)
    assert.notOk(
      Catalogue.operation("Comments.complete")?.idempotent,
      "PostHog answers a second complete with 400 Task is already complete"
    )
    assert.notOk(Catalogue.operation("Sharing.refresh")?.idempotent, "each refresh issues a new token")
  })

  it("finds a stream's list, and knows nothing of names it does not have", () => {
    assert.strictEqual(Catalogue.operation("Dashboards.stream")?.name, "Dashboards.list")
    assert.strictEqual(Catalogue.operation("Comments.streamThread")?.name, "Comments.thread")
    assert.strictEqual(Catalogue.operation("api"), undefined)
  })

  it("builds UI links on the API host, with the project when one is set", () => {
    const host = "https://eu.posthog.com/"
    assert.strictEqual(
      Catalogue.uiUrl("dashboard", { id: 42 }, { host, projectId: 5 }),
      "https://eu.posthog.com/project/5/dashboard/42"
    )
    assert.strictEqual(
      Catalogue.uiUrl("dashboard", { id: 42 }, { host, projectId: "@current" }),
      "https://eu.posthog.com/dashboard/42"
    )
    assert.strictEqual(
      Catalogue.uiUrl("comment", { scope: "Dashboard", item_id: "42" }, { host, projectId: 5 }),
      "https://eu.posthog.com/project/5/dashboard/42#panel=discussion"
    )
    assert.strictEqual(
      Catalogue.uiUrl("comment", { scope: "Unknown", item_id: "1" }, { host, projectId: 5 }),
      undefined
    )
    assert.strictEqual(Catalogue.uiUrl("dashboard", {}, { host, projectId: 5 }), undefined)
  })

  it("names the UI page listing each resource PostHog lists, and none for the others", () => {
    const host = "https://eu.posthog.com/"
    assert.strictEqual(
      Catalogue.uiListUrl("dashboard", { host, projectId: 5 }),
      "https://eu.posthog.com/project/5/dashboard"
    )
    assert.strictEqual(
      Catalogue.uiListUrl("dashboard_template", { host, projectId: "@current" }),
      "https://eu.posthog.com/dashboard?tab=templates"
    )
    assert.strictEqual(
      Catalogue.uiListUrl("comment", { host, projectId: 5 }),
      "https://eu.posthog.com/project/5/data-management/comments"
    )
    assert.strictEqual(Catalogue.uiListUrl("share_password", { host, projectId: 5 }), undefined)
  })

  it("builds the public share link with the token escaped, and none before sharing has a token", () => {
    assert.strictEqual(
      Catalogue.shareUrl({ access_token: "a/b?c" }, "http://127.0.0.1:8010/"),
      "http://127.0.0.1:8010/shared/a%2Fb%3Fc"
    )
    assert.strictEqual(Catalogue.shareUrl({ access_token: null }, "https://us.posthog.com"), undefined)
  })

  it("offers as inputs only what a caller may set", () => {
    const create = [...Catalogue.inputFields(Catalogue.operation("Dashboards.create")!)]
    for (const hidden of [
      "last_accessed_at",
      "last_refresh",
      "deleted",
      "_create_in_folder",
      "delete_insights"
    ])
      assert.notInclude(create, hidden)
    assert.includeMembers(create, [
      "name",
      "description",
      "pinned",
      "tags",
      "use_template",
      "restriction_level"
    ])
    assert.notInclude(Catalogue.inputFields(Catalogue.operation("Comments.create")!), "deleted")
  })

  it("types responses by their known fields: a typo is a type error, unknown fields still arrive", () => {
    const dashboard = { id: 1, name: "n", folder: "kept" } as unknown as Dashboard
    expectTypeOf(dashboard.name).toEqualTypeOf<string | null | undefined>()
    // @ts-expect-error `nmae` is not a field of Dashboard
    assert.strictEqual(dashboard.nmae, undefined)
    assert.strictEqual((dashboard as unknown as Record<string, unknown>).folder, "kept")
  })
})
