import { readFileSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { Comments, Dashboards, DashboardTemplates, PostHog, PostHogClient, Sharing } from "../src/index.js"
import { VERSION } from "../src/internal/version.js"
import { fakeHttp, json, KEY, testLayer } from "./support/FakeHttp.js"

const dashboard = { id: 7, name: "Weekly", tiles: [] }

describe("the HTTP pipeline", () => {
  for (const [host, origin] of [
    ["us", "https://us.posthog.com"],
    ["eu", "https://eu.posthog.com"],
    ["http://127.0.0.1:8010/", "http://127.0.0.1:8010"],
    ["posthog.example.com", "https://posthog.example.com"]
  ] as const) {
    it.effect(`host "${host}" sends requests to ${origin}`, () =>
      Effect.gen(function* () {
        const fake = fakeHttp(() => json(200, dashboard))
        yield* Dashboards.use((d) => d.get(7)).pipe(Effect.provide(testLayer(fake, { host })))
        assert.strictEqual(fake.seen[0]!.url.href, `${origin}/api/projects/1/dashboards/7/`)
      })
    )
  }

  it.effect("the default host is US cloud and the default project is @current", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(200, dashboard))
      yield* Dashboards.use((d) => d.get(7)).pipe(
        Effect.provide(PostHog.layerHttpClient({ apiKey: KEY }).pipe(Layer.provide(fake.layer)))
      )
      assert.strictEqual(fake.seen[0]!.url.href, "https://us.posthog.com/api/projects/@current/dashboards/7/")
    })
  )

  it.effect("sends the key as a bearer token, asks for JSON and names itself hogkit/<version>", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(201, dashboard))
      yield* Dashboards.use((d) => d.create({ name: "Weekly" })).pipe(Effect.provide(testLayer(fake)))
      const seen = fake.seen[0]!
      assert.strictEqual(seen.headers.authorization, `Bearer ${KEY}`)
      assert.strictEqual(seen.headers.accept, "application/json")
      assert.strictEqual(seen.headers["user-agent"], `hogkit/${VERSION}`)
      assert.strictEqual(seen.headers["content-type"], "application/json")
      assert.deepStrictEqual(seen.body, { name: "Weekly" })
    })
  )

  it("the User-Agent version is the package's version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
    assert.strictEqual(VERSION, pkg.version)
  })

  it.effect("a Redacted key and a custom user agent are accepted", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(200, dashboard))
      yield* Dashboards.use((d) => d.get(7)).pipe(
        Effect.provide(testLayer(fake, { apiKey: Redacted.make("phx_other"), userAgent: "my-app/1.0" }))
      )
      assert.strictEqual(fake.seen[0]!.headers.authorization, "Bearer phx_other")
      assert.strictEqual(fake.seen[0]!.headers["user-agent"], "my-app/1.0")
    })
  )

  it.effect("request resolves relative paths under the project and keeps absolute ones", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(200, {}))
      yield* PostHogClient.use((c) =>
        Effect.all([
          c.request({
            operation: "api",
            method: "GET",
            path: "insights/",
            query: { tags: ["a", "b"], limit: 5, x: undefined }
          }),
          c.request({ operation: "api", method: "GET", path: "/api/users/@me/" })
        ])
      ).pipe(Effect.provide(testLayer(fake, { projectId: 42 })))
      assert.strictEqual(
        fake.seen[0]!.url.href,
        "https://ph.test/api/projects/42/insights/?tags=a&tags=b&limit=5"
      )
      assert.strictEqual(fake.seen[1]!.url.href, "https://ph.test/api/users/@me/")
    })
  )

  it.effect("a body that cannot be JSON is refused before sending", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(200, {}))
      const circular: Record<string, unknown> = {}
      circular.self = circular
      const e = yield* PostHogClient.use((c) =>
        c.request({ operation: "api", method: "POST", path: "insights/", body: circular })
      ).pipe(Effect.provide(testLayer(fake)), Effect.flip)
      assert.strictEqual(e.reason._tag, "ValidationError")
      assert.strictEqual(fake.seen.length, 0)
    })
  )

  it.effect("links to another host are followed on the configured host only", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(200, {}))
      yield* PostHogClient.use((c) =>
        c.request({
          operation: "api",
          method: "GET",
          path: "https://elsewhere.example/api/projects/1/x/?a=1"
        })
      ).pipe(Effect.provide(testLayer(fake)))
      assert.strictEqual(fake.seen[0]!.url.href, "https://ph.test/api/projects/1/x/?a=1")
    })
  )

  it.effect("unknown response fields survive decoding", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(200, { ...dashboard, brand_new_field: { nested: [1, 2] } }))
      const got = yield* Dashboards.use((d) => d.get(7)).pipe(Effect.provide(testLayer(fake)))
      assert.deepStrictEqual((got as Record<string, unknown>).brand_new_field, { nested: [1, 2] })
    })
  )

  it.effect("a bad host fails every call with a ConfigError naming the setting", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(200, dashboard))
      const e = yield* Dashboards.use((d) => d.get(7)).pipe(
        Effect.provide(testLayer(fake, { host: "ftp://nope" })),
        Effect.flip
      )
      assert.strictEqual(e.reason._tag, "ConfigError")
      assert.include(e.message, 'The host "ftp://nope" (from the host option) is not valid')
      assert.strictEqual(fake.seen.length, 0)
    })
  )

  it.effect("an empty key is a ConfigError that names the environment variable", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(200, dashboard))
      const e = yield* Dashboards.use((d) => d.get(7)).pipe(
        Effect.provide(testLayer(fake, { apiKey: "" })),
        Effect.flip
      )
      assert.strictEqual(e.reason._tag, "ConfigError")
      assert.include(e.message, "POSTHOG_PERSONAL_API_KEY")
    })
  )
})

describe("PostHog.layerConfig", () => {
  const withEnv = (env: Record<string, string>) => ConfigProvider.layer(ConfigProvider.fromEnv({ env }))

  it.effect("reads the key, host and project from the environment", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(200, dashboard))
      yield* Dashboards.use((d) => d.get(7)).pipe(
        Effect.provide(
          PostHog.layerConfigHttpClient().pipe(
            Layer.provide(fake.layer),
            Layer.provide(
              withEnv({ POSTHOG_PERSONAL_API_KEY: KEY, POSTHOG_HOST: "eu", POSTHOG_PROJECT_ID: "99" })
            )
          )
        )
      )
      assert.strictEqual(fake.seen[0]!.url.href, "https://eu.posthog.com/api/projects/99/dashboards/7/")
      assert.strictEqual(fake.seen[0]!.headers.authorization, `Bearer ${KEY}`)
    })
  )

  it.effect("falls back to POSTHOG_API_KEY, and overrides win over the environment", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(200, dashboard))
      yield* Dashboards.use((d) => d.get(7)).pipe(
        Effect.provide(
          PostHog.layerConfigHttpClient({ host: "http://localhost:8010" }).pipe(
            Layer.provide(fake.layer),
            Layer.provide(withEnv({ POSTHOG_API_KEY: "phx_legacy", POSTHOG_HOST: "eu" }))
          )
        )
      )
      assert.strictEqual(fake.seen[0]!.url.href, "http://localhost:8010/api/projects/@current/dashboards/7/")
      assert.strictEqual(fake.seen[0]!.headers.authorization, "Bearer phx_legacy")
    })
  )

  it.effect("a missing key fails the layer with a ConfigError naming the variables", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(200, dashboard))
      const e = yield* Dashboards.use((d) => d.get(7)).pipe(
        Effect.provide(
          PostHog.layerConfigHttpClient().pipe(Layer.provide(fake.layer), Layer.provide(withEnv({})))
        ),
        Effect.flip
      )
      assert.strictEqual(e.reason._tag, "ConfigError")
      assert.include(e.message, "POSTHOG_PERSONAL_API_KEY")
      assert.include(e.message, "POSTHOG_API_KEY")
    })
  )

  it.effect("a project id that is not an integer is refused", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(200, dashboard))
      const e = yield* Dashboards.use((d) => d.get(7)).pipe(
        Effect.provide(
          PostHog.layerConfigHttpClient().pipe(
            Layer.provide(fake.layer),
            Layer.provide(withEnv({ POSTHOG_PERSONAL_API_KEY: KEY, POSTHOG_PROJECT_ID: "abc" }))
          )
        ),
        Effect.flip
      )
      assert.strictEqual(e.reason._tag, "ConfigError")
      assert.include(e.message, "POSTHOG_PROJECT_ID")
    })
  )
})

describe("requests are validated before they leave the machine", () => {
  const rejected = <A>(effect: Effect.Effect<A, import("../src/Errors.js").HogkitError, PostHog.Services>) =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(200, {}))
      const e = yield* effect.pipe(Effect.provide(testLayer(fake)), Effect.flip)
      assert.strictEqual(fake.seen.length, 0, "nothing was sent")
      if (e.reason._tag !== "ValidationError") assert.fail(`expected ValidationError, got ${e.reason._tag}`)
      return e.reason as import("../src/Errors.js").ValidationError
    })

  it.effect("a comment scope over 79 characters", () =>
    Effect.gen(function* () {
      const r = yield* rejected(Comments.use((c) => c.create({ scope: "x".repeat(80), content: "hi" })))
      assert.strictEqual(r.attr, "scope")
      assert.strictEqual(r.code, "max_length")
      assert.strictEqual(r.detail, "Ensure this field has no more than 79 characters.")
    })
  )

  it.effect("a comment without scope or parent", () =>
    Effect.gen(function* () {
      const r = yield* rejected(Comments.use((c) => c.create({ content: "hi" })))
      assert.strictEqual(r.attr, "scope")
      assert.strictEqual(r.code, "required")
      assert.strictEqual(r.detail, "This field is required.")
    })
  )

  it.effect("a comment without content", () =>
    Effect.gen(function* () {
      const r = yield* rejected(Comments.use((c) => c.create({ scope: "Notebook", content: "  " })))
      assert.isNull(r.attr)
      assert.strictEqual(r.detail, "A comment must have content")
    })
  )

  it.effect("a mention that is not an integer gets PostHog's nested attr", () =>
    Effect.gen(function* () {
      const r = yield* rejected(
        Comments.use((c) =>
          c.create({ scope: "Notebook", content: "hi", mentions: ["bob" as unknown as number] })
        )
      )
      assert.strictEqual(r.attr, "mentions__0")
      assert.strictEqual(r.detail, "A valid integer is required.")
    })
  )

  it.effect("an unknown body field is named", () =>
    Effect.gen(function* () {
      const r = yield* rejected(
        Dashboards.use((d) => d.create({ name: "x", nmae: "typo" } as unknown as { name: string }))
      )
      assert.strictEqual(r.attr, "nmae")
      assert.include(r.detail, "nmae")
    })
  )

  it.effect("a dashboard search over 200 characters", () =>
    Effect.gen(function* () {
      const r = yield* rejected(Dashboards.use((d) => d.list({ search: "s".repeat(201) })))
      assert.strictEqual(r.attr, "search")
      assert.strictEqual(r.detail, "Search query must be 200 characters or fewer.")
    })
  )

  it.effect("a template without tiles", () =>
    Effect.gen(function* () {
      const r = yield* rejected(DashboardTemplates.use((t) => t.create({ template_name: "T", tiles: [] })))
      assert.strictEqual(r.detail, "You need to provide tiles for the template.")
    })
  )

  it.effect("copyBetweenProjects with an id that is not a UUID", () =>
    Effect.gen(function* () {
      const r = yield* rejected(
        DashboardTemplates.use((t) => t.copyBetweenProjects({ sourceTemplateId: "nope" }))
      )
      assert.strictEqual(r.attr, "source_template_id")
      assert.strictEqual(r.detail, "Must be a valid UUID.")
    })
  )

  it.effect("a share password under 8 characters", () =>
    Effect.gen(function* () {
      const r = yield* rejected(Sharing.use((s) => s.createPassword(3, { raw_password: "short" })))
      assert.strictEqual(r.attr, "raw_password")
      assert.strictEqual(r.detail, "Password must be at least 8 characters long.")
    })
  )

  it.effect("sharing settings that are not an object", () =>
    Effect.gen(function* () {
      const r = yield* rejected(
        Sharing.use((s) => s.update(3, { settings: "invalid string" as unknown as null }))
      )
      assert.strictEqual(r.attr, "settings")
      assert.strictEqual(r.detail, "Invalid settings format")
    })
  )

  it.effect("a dashboard id that is not a positive integer", () =>
    Effect.gen(function* () {
      const r = yield* rejected(Dashboards.use((d) => d.get(-1)))
      assert.strictEqual(r.attr, "id")
      assert.include(r.detail, "positive integer")
    })
  )

  it.effect("use_template together with use_dashboard", () =>
    Effect.gen(function* () {
      const r = yield* rejected(Dashboards.use((d) => d.create({ use_template: "x", use_dashboard: 3 })))
      assert.strictEqual(r.detail, "`use_dashboard` and `use_template` cannot be used together")
    })
  )
})

describe("every operation sends PostHog's method, path and body", () => {
  const uuid = "0b7c1d2e-1111-4222-8333-123456789abc"
  const comment = { id: uuid, scope: "Notebook", content: "x" }
  const template = { id: uuid, template_name: "T" }
  const sharing = {
    enabled: true,
    access_token: "tok",
    settings: null,
    password_required: false,
    share_passwords: []
  }
  const cases: Array<
    [string, Effect.Effect<unknown, unknown, PostHog.Services>, unknown, string, string, unknown]
  > = [
    [
      "Comments.list",
      Comments.use((c) => c.list({ scope: "Notebook", kind: "task", deleted: false })),
      { next: null, previous: null, results: [] },
      "GET",
      "/api/projects/1/comments/?scope=Notebook&kind=task&deleted=false",
      undefined
    ],
    [
      "Comments.get",
      Comments.use((c) => c.get(uuid)),
      comment,
      "GET",
      `/api/projects/1/comments/${uuid}/`,
      undefined
    ],
    [
      "Comments.create",
      Comments.use((c) => c.create({ scope: "Notebook", content: "x", is_task: true })),
      comment,
      "POST",
      "/api/projects/1/comments/",
      { scope: "Notebook", content: "x", is_task: true }
    ],
    [
      "Comments.update",
      Comments.use((c) => c.update(uuid, { content: "y" })),
      comment,
      "PATCH",
      `/api/projects/1/comments/${uuid}/`,
      { content: "y" }
    ],
    [
      "Comments.delete",
      Comments.use((c) => c.delete(uuid)),
      comment,
      "PATCH",
      `/api/projects/1/comments/${uuid}/`,
      { deleted: true }
    ],
    [
      "Comments.complete",
      Comments.use((c) => c.complete(uuid)),
      comment,
      "POST",
      `/api/projects/1/comments/${uuid}/complete/`,
      undefined
    ],
    [
      "Comments.reopen",
      Comments.use((c) => c.reopen(uuid)),
      comment,
      "POST",
      `/api/projects/1/comments/${uuid}/reopen/`,
      undefined
    ],
    [
      "Comments.thread",
      Comments.use((c) => c.thread(uuid)),
      { next: null, previous: null, results: [] },
      "GET",
      `/api/projects/1/comments/${uuid}/thread/`,
      undefined
    ],
    [
      "Comments.count",
      Comments.use((c) => c.count({ item_id: "42" })),
      { count: 3 },
      "GET",
      "/api/projects/1/comments/count/?item_id=42",
      undefined
    ],
    [
      "DashboardTemplates.list",
      DashboardTemplates.use((t) => t.list({ is_featured: true, ordering: "-created_at" })),
      { count: 0, next: null, previous: null, results: [] },
      "GET",
      "/api/projects/1/dashboard_templates/?is_featured=true&ordering=-created_at",
      undefined
    ],
    [
      "DashboardTemplates.get",
      DashboardTemplates.use((t) => t.get(uuid)),
      template,
      "GET",
      `/api/projects/1/dashboard_templates/${uuid}/`,
      undefined
    ],
    [
      "DashboardTemplates.create",
      DashboardTemplates.use((t) => t.create({ template_name: "T", tiles: [{ type: "INSIGHT" }] })),
      template,
      "POST",
      "/api/projects/1/dashboard_templates/",
      { template_name: "T", tiles: [{ type: "INSIGHT" }] }
    ],
    [
      "DashboardTemplates.update",
      DashboardTemplates.use((t) => t.update(uuid, { tags: ["a"] })),
      template,
      "PATCH",
      `/api/projects/1/dashboard_templates/${uuid}/`,
      { tags: ["a"] }
    ],
    [
      "DashboardTemplates.delete",
      DashboardTemplates.use((t) => t.delete(uuid)),
      template,
      "PATCH",
      `/api/projects/1/dashboard_templates/${uuid}/`,
      { deleted: true }
    ],
    [
      "DashboardTemplates.restore",
      DashboardTemplates.use((t) => t.restore(uuid)),
      template,
      "PATCH",
      `/api/projects/1/dashboard_templates/${uuid}/`,
      { deleted: false }
    ],
    [
      "DashboardTemplates.copyBetweenProjects",
      DashboardTemplates.use((t) => t.copyBetweenProjects({ sourceTemplateId: uuid })),
      template,
      "POST",
      "/api/projects/1/dashboard_templates/copy_between_projects/",
      { source_template_id: uuid }
    ],
    [
      "DashboardTemplates.jsonSchema",
      DashboardTemplates.use((t) => t.jsonSchema()),
      { type: "object", required: [], properties: {} },
      "GET",
      "/api/projects/1/dashboard_templates/json_schema/",
      undefined
    ],
    [
      "Dashboards.list",
      Dashboards.use((d) => d.list({ search: "web", tags: ["a", "b"] })),
      { count: 0, next: null, previous: null, results: [] },
      "GET",
      "/api/projects/1/dashboards/?search=web&tags=a&tags=b",
      undefined
    ],
    [
      "Dashboards.get",
      Dashboards.use((d) => d.get(7)),
      dashboard,
      "GET",
      "/api/projects/1/dashboards/7/",
      undefined
    ],
    [
      "Dashboards.create",
      Dashboards.use((d) => d.create({ name: "From template", use_template: "web-analytics" })),
      dashboard,
      "POST",
      "/api/projects/1/dashboards/",
      { name: "From template", use_template: "web-analytics" }
    ],
    [
      "Dashboards.update",
      Dashboards.use((d) => d.update(7, { pinned: true })),
      dashboard,
      "PATCH",
      "/api/projects/1/dashboards/7/",
      { pinned: true }
    ],
    [
      "Dashboards.delete",
      Dashboards.use((d) => d.delete(7)),
      dashboard,
      "PATCH",
      "/api/projects/1/dashboards/7/",
      { deleted: true }
    ],
    [
      "Dashboards.delete (deleteInsights)",
      Dashboards.use((d) => d.delete(7, { deleteInsights: true })),
      dashboard,
      "PATCH",
      "/api/projects/1/dashboards/7/",
      { deleted: true, delete_insights: true }
    ],
    [
      "Dashboards.restore",
      Dashboards.use((d) => d.restore(7)),
      dashboard,
      "PATCH",
      "/api/projects/1/dashboards/7/",
      { deleted: false }
    ],
    [
      "Sharing.get",
      Sharing.use((s) => s.get(7)),
      sharing,
      "GET",
      "/api/projects/1/dashboards/7/sharing/",
      undefined
    ],
    [
      "Sharing.update",
      Sharing.use((s) => s.update(7, { enabled: true, settings: { noHeader: true } })),
      sharing,
      "PATCH",
      "/api/projects/1/dashboards/7/sharing/",
      { enabled: true, settings: { noHeader: true } }
    ],
    [
      "Sharing.refresh",
      Sharing.use((s) => s.refresh(7)),
      sharing,
      "POST",
      "/api/projects/1/dashboards/7/sharing/refresh/",
      undefined
    ],
    [
      "Sharing.createPassword",
      Sharing.use((s) => s.createPassword(7, { note: "for Bob" })),
      { id: 1, password: "generated-password-123" },
      "POST",
      "/api/projects/1/dashboards/7/sharing/passwords/",
      { note: "for Bob" }
    ],
    [
      "Sharing.deletePassword",
      Sharing.use((s) => s.deletePassword(7, 12)),
      undefined,
      "DELETE",
      "/api/projects/1/dashboards/7/sharing/passwords/12/",
      undefined
    ]
  ]
  for (const [name, effect, answer, method, path, body] of cases) {
    it.effect(`${name} → ${method} ${path.split("?")[0]}`, () =>
      Effect.gen(function* () {
        const fake = fakeHttp(() =>
          answer === undefined ? new Response(null, { status: 204 }) : json(200, answer)
        )
        yield* effect.pipe(Effect.provide(testLayer(fake)))
        assert.strictEqual(fake.seen.length, 1)
        const seen = fake.seen[0]!
        assert.strictEqual(seen.method, method)
        assert.strictEqual(`${seen.url.pathname}${seen.url.search}`, path)
        assert.deepStrictEqual(seen.body, body)
      })
    )
  }

  it.effect("Comments.count returns the number", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(200, { count: 12 }))
      const n = yield* Comments.use((c) => c.count()).pipe(Effect.provide(testLayer(fake)))
      assert.strictEqual(n, 12)
    })
  )
})
