import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { Dashboards } from "../src/Dashboards.js"
import * as PostHog from "../src/PostHog.js"
import { fakeHttp, json, KEY } from "./support/FakeHttp.js"

describe("PostHog.layer", () => {
  it.effect("two clients for two projects in one program each talk to their own project", () =>
    Effect.gen(function* () {
      const fake = fakeHttp((req) => json(200, { id: 7, name: req.url.pathname }))
      const forProject = (projectId: number) =>
        PostHog.layerHttpClient({ apiKey: KEY, host: "https://ph.test", projectId }).pipe(
          Layer.provide(fake.layer)
        )
      // Copying between projects builds one client per project inside the same program: the second
      // layer must not silently reuse the first one's services.
      const fromTwo = yield* Dashboards.use((d) => d.get(7)).pipe(Effect.provide(forProject(2)))
      const fromThree = yield* Effect.gen(function* () {
        yield* Dashboards.use((d) => d.get(7))
        return yield* Dashboards.use((d) => d.get(7)).pipe(Effect.provide(forProject(3)))
      }).pipe(Effect.provide(forProject(2)))
      assert.strictEqual(fromTwo.name, "/api/projects/2/dashboards/7/")
      assert.strictEqual(fromThree.name, "/api/projects/3/dashboards/7/")
    })
  )

  it.effect("one layer merged with another for a second project keeps both apart", () =>
    Effect.gen(function* () {
      const fake = fakeHttp((req) => json(200, { id: 7, name: req.url.pathname }))
      const two = PostHog.layerHttpClient({ apiKey: KEY, host: "https://ph.test", projectId: 2 })
      const three = PostHog.layerHttpClient({ apiKey: KEY, host: "https://ph.test", projectId: 3 })
      const inner = Dashboards.use((d) => d.get(7)).pipe(
        Effect.provide(three.pipe(Layer.provide(fake.layer)))
      )
      const outer = Dashboards.use((d) => d.get(7))
      const [a, b] = yield* Effect.all([outer, inner]).pipe(
        Effect.provide(two.pipe(Layer.provide(fake.layer)))
      )
      assert.strictEqual(a.name, "/api/projects/2/dashboards/7/")
      assert.strictEqual(b.name, "/api/projects/3/dashboards/7/")
    })
  )
})
