import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as PostHogClient from "../src/PostHogClient.js"
import { comments, dashboards, dashboardTemplates, sharing } from "../src/requests.js"
import { fakeHttp, json, KEY } from "./support/FakeHttp.js"

describe("@hogkit/core/requests", () => {
  it.effect(
    "builds the one-request operations on a pipeline, with the services' validation and paths",
    () => {
      const fake = fakeHttp((req) =>
        req.url.pathname.includes("/comments/")
          ? json(200, { id: "c1", content: req.url.pathname, scope: "Dashboard" })
          : json(200, { id: 7, name: req.url.pathname })
      )
      const pipeline = PostHogClient.layerHttpClient({
        apiKey: KEY,
        host: "https://ph.test",
        projectId: 1
      }).pipe(Layer.provide(fake.layer))
      return Effect.gen(function* () {
        const client = yield* PostHogClient.PostHogClient
        const got = yield* dashboards(client).get(7)
        assert.strictEqual(got.name, "/api/projects/1/dashboards/7/")
        const refused = yield* Effect.flip(dashboards(client).create({ name: "x".repeat(401) }))
        assert.strictEqual(refused.reason._tag, "ValidationError")
        assert.strictEqual(fake.seen.length, 1, "an invalid body never leaves the machine")
        const comment = yield* comments(client).get("c1")
        assert.strictEqual(comment.content, "/api/projects/1/comments/c1/")
        assert.strictEqual(fake.seen.length, 2)
      }).pipe(Effect.provide(pipeline))
    }
  )

  it("offers no streams, so bundles built on it never load Effect's Stream", () => {
    const client = {} as PostHogClient.Service
    const keys = [comments, dashboards, dashboardTemplates, sharing].flatMap((make) =>
      Object.keys(make(client))
    )
    assert.deepStrictEqual(
      keys.filter((k) => k.startsWith("stream")),
      []
    )
    assert.includeMembers(keys, [
      "list",
      "get",
      "create",
      "thread",
      "count",
      "copyBetweenProjects",
      "refresh"
    ])
  })
})
