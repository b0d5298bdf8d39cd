import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Catalogue from "../src/Catalogue.js"
import * as PostHogClient from "../src/PostHogClient.js"
import * as Requests from "../src/requests.js"
import { fakeHttp, json, KEY } from "./support/FakeHttp.js"

const UUID = "0b0b5d0e-6c3e-4a63-9a41-5b7a7c0f0e11"
const op = (name: string) => {
  const found = Catalogue.operation(name)
  if (found === undefined) throw new Error(`no operation ${name}`)
  return found
}

const invalid = (check: Catalogue.QueryCheck) => {
  if (check._tag === "Valid") return assert.fail(`accepted ${JSON.stringify(check.query)}`)
  const { attr, code, detail } = check.error
  return { attr, code, detail }
}

const makeClient = Effect.gen(function* () {
  const fake = fakeHttp(() => json(200, { count: 0, next: null, previous: null, results: [] }))
  const client = yield* PostHogClient.makeHttpClient({
    apiKey: KEY,
    host: "https://ph.test",
    projectId: 1
  }).pipe(Effect.provide(fake.layer))
  return { fake, client }
})

describe("Catalogue.checkQueryString", () => {
  it.effect("reads back, typed, every query the SDK sends for the lists and the count", () =>
    Effect.gen(function* () {
      const { fake, client } = yield* makeClient
      const dashboards = {
        limit: 20,
        offset: 40,
        search: "weekly",
        tags: ["a", "b"],
        exclude_generated: true
      }
      const templates = { limit: 5, offset: 0, is_featured: false, scope: "global", ordering: "-created_at" }
      const comments = {
        scope: "Dashboard",
        item_id: "42",
        exclude_emoji_reactions: true,
        deleted: false,
        kind: "task",
        completed: "open",
        source_comment: UUID,
        cursor: "cD0yMDI2"
      }
      const { cursor: _cursor, ...filters } = comments
      const thread = { search: "hello", exclude_emoji_reactions: false, cursor: "abc" }
      const cases: ReadonlyArray<
        readonly [string, Effect.Effect<unknown, unknown>, Readonly<Record<string, unknown>>]
      > = [
        ["Dashboards.list", Requests.dashboards(client).list(dashboards), dashboards],
        ["DashboardTemplates.list", Requests.dashboardTemplates(client).list(templates as never), templates],
        ["Comments.list", Requests.comments(client).list(comments as never), comments],
        ["Comments.count", Requests.comments(client).count(filters as never), filters],
        ["Comments.thread", Requests.comments(client).thread(UUID, thread), thread]
      ]
      for (const [name, call, given] of cases) {
        yield* Effect.ignore(call)
        const sent = fake.seen.at(-1)?.url
        assert.isDefined(sent, name)
        const check = Catalogue.checkQueryString(op(name), sent!.searchParams)
        assert.deepStrictEqual(check, { _tag: "Valid", query: given }, name)
      }
    })
  )

  it("takes a raw query string, with or without its question mark", () => {
    for (const search of ["?limit=20&search=a+b", "limit=20&search=a%20b"]) {
      assert.deepStrictEqual(Catalogue.checkQueryString(op("Dashboards.list"), search), {
        _tag: "Valid",
        query: { limit: 20, search: "a b" }
      })
    }
    assert.deepStrictEqual(Catalogue.checkQueryString(op("Comments.get"), ""), { _tag: "Valid", query: {} })
  })

  it.effect("refuses what the SDK refuses, with the same field, code and message", () =>
    Effect.gen(function* () {
      const { fake, client } = yield* makeClient
      const cases: ReadonlyArray<readonly [string, Effect.Effect<unknown, unknown>, string]> = [
        ["Dashboards.list", Requests.dashboards(client).list({ limit: 0 }), "limit=0"],
        ["Dashboards.list", Requests.dashboards(client).list({ offset: -1 }), "offset=-1"],
        ["Dashboards.list", Requests.dashboards(client).list({ colour: "red" } as never), "colour=red"],
        [
          "Dashboards.list",
          Requests.dashboards(client).list({ search: "x".repeat(201) }),
          `search=${"x".repeat(201)}`
        ],
        ["Comments.list", Requests.comments(client).list({ kind: "everything" } as never), "kind=everything"],
        ["Comments.count", Requests.comments(client).count({ source_comment: "nope" }), "source_comment=nope"]
      ]
      for (const [name, call, search] of cases) {
        const sdk = yield* Effect.flip(call)
        const reason = (sdk as { reason: { attr: unknown; code: unknown; detail: unknown } }).reason
        assert.deepStrictEqual(
          invalid(Catalogue.checkQueryString(op(name), search)),
          { attr: reason.attr, code: reason.code, detail: reason.detail },
          search
        )
      }
      assert.strictEqual(fake.seen.length, 0, "the SDK sent nothing")
    })
  )

  it("refuses an unknown parameter, also on an operation that takes none", () => {
    assert.deepStrictEqual(invalid(Catalogue.checkQueryString(op("Comments.get"), "deleted=true")), {
      attr: "deleted",
      code: "unrecognized_field",
      detail: 'Unknown field "deleted": PostHog does not accept it here. Remove it or check its spelling.'
    })
    // Names are case-sensitive, as PostHog reads them.
    assert.strictEqual(invalid(Catalogue.checkQueryString(op("Dashboards.list"), "Limit=5")).attr, "Limit")
  })

  it("refuses a value that is not of its parameter's type, naming the parameter", () => {
    const cases: ReadonlyArray<readonly [string, string, string]> = [
      ["Dashboards.list", "limit=abc", 'Query parameter "limit" must be a number.'],
      ["Dashboards.list", "limit=", 'Query parameter "limit" must be a number.'],
      ["Dashboards.list", "offset=1e3", 'Query parameter "offset" must be a number.'],
      // `1` means true to templates' is_featured but false to comments' exclude_emoji_reactions.
      [
        "Comments.count",
        "exclude_emoji_reactions=1",
        'Query parameter "exclude_emoji_reactions" must be true or false.'
      ],
      ["Comments.list", "deleted=yes", 'Query parameter "deleted" must be true or false.'],
      ["DashboardTemplates.list", "is_featured=True", 'Query parameter "is_featured" must be true or false.']
    ]
    for (const [name, search, detail] of cases) {
      const attr = search.split("=")[0] ?? null
      assert.deepStrictEqual(
        invalid(Catalogue.checkQueryString(op(name), search)),
        { attr, code: "invalid_input", detail },
        search
      )
    }
  })

  it("reads a repeated parameter as a list where the schema takes one, and refuses it elsewhere", () => {
    assert.deepStrictEqual(Catalogue.checkQueryString(op("Dashboards.list"), "tags=a&tags=b"), {
      _tag: "Valid",
      query: { tags: ["a", "b"] }
    })
    assert.deepStrictEqual(
      invalid(Catalogue.checkQueryString(op("Comments.list"), "scope=Dashboard&scope=Insight")),
      {
        attr: "scope",
        code: "invalid_input",
        detail: 'Query parameter "scope" is given 2 times; give it once.'
      }
    )
  })

  it("names the path it is given in the error", () => {
    const check = Catalogue.checkQueryString(op("Dashboards.list"), "limit=x", {
      path: "/api/projects/9/dashboards/"
    })
    assert.strictEqual(check._tag === "Invalid" && check.error.path, "/api/projects/9/dashboards/")
    assert.strictEqual(check._tag === "Invalid" && check.error.method, "GET")
  })
})
