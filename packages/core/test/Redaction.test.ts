import { inspect } from "node:util"
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as HttpClient from "effect/http/HttpClient"
import * as Logger from "effect/Logger"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import * as TestClock from "effect/testing/TestClock"
import { Comments, Dashboards, PostHogClient } from "../src/index.js"
import { type Answer, empty, fakeHttp, json, KEY, NetFail, testLayer } from "./support/FakeHttp.js"

/** Every string a user or tool could see: spans, logs, the error in every rendering. */
const everythingVisible = (
  exit: Exit.Exit<unknown, unknown>,
  spans: ReadonlyArray<Tracer.NativeSpan>,
  logs: ReadonlyArray<string>
): string => {
  const parts: Array<string> = [...logs]
  for (const span of spans) {
    parts.push(span.name, inspect(Object.fromEntries(span.attributes), { depth: 10 }))
    for (const [name, , attributes] of span.events) parts.push(name, inspect(attributes, { depth: 10 }))
    parts.push(inspect(span.status, { depth: 10 }))
  }
  if (Exit.isFailure(exit)) {
    const error = Cause.squash(exit.cause)
    parts.push(
      Cause.pretty(exit.cause),
      inspect(exit.cause, { depth: 20 }),
      inspect(error, { depth: 20, showHidden: true }),
      String(error),
      JSON.stringify(error),
      (error as Error).stack ?? ""
    )
    const reason = (error as { reason?: unknown }).reason
    parts.push(inspect(reason, { depth: 20, showHidden: true }), JSON.stringify(reason))
  }
  return parts.join("\n")
}

const observe = <A, E>(
  effect: Effect.Effect<A, E, import("../src/PostHog.js").Services>,
  answer: () => Answer
) =>
  Effect.gen(function* () {
    const spans: Array<Tracer.NativeSpan> = []
    const logs: Array<string> = []
    const tracer = Tracer.make({
      span(options) {
        const span = new Tracer.NativeSpan(options)
        spans.push(span)
        return span
      }
    })
    const logger = Logger.make((options) => {
      logs.push(inspect(options.message, { depth: 20 }), Cause.pretty(options.cause))
    })
    const fake = fakeHttp(answer)
    const fiber = yield* Effect.forkChild(
      effect.pipe(
        Effect.tapCause((cause) => Effect.logError("operation failed", cause)),
        Effect.provide(
          testLayer(fake, { retry: { maxRetries: 1, baseDelay: "1 millis" }, timeout: "1 second" })
        ),
        Effect.withTracer(tracer),
        // Record every header on the HTTP span, as an over-eager tracing setup would.
        Effect.provideService(HttpClient.TracerHeaderFilter, () => true),
        Effect.provide(Logger.layer([logger]))
      )
    )
    for (let i = 0; i < 5; i++) yield* TestClock.adjust("1 second")
    const exit = yield* Fiber.await(fiber)
    return { exit, text: everythingVisible(exit, spans, logs), spans }
  })

const scenarios: Array<[string, () => Answer]> = [
  [
    "a 401",
    () =>
      json(401, {
        type: "authentication_error",
        code: "authentication_failed",
        detail: "invalid",
        attr: null
      })
  ],
  [
    "a 403 missing scope",
    () =>
      json(403, {
        type: "authentication_error",
        code: "permission_denied",
        detail: "API key missing required scope 'dashboard:read'",
        attr: null
      })
  ],
  [
    "a server that echoes the key in its error",
    () =>
      json(400, {
        type: "validation_error",
        code: "invalid_input",
        detail: `Bad token Bearer ${KEY}`,
        attr: null
      })
  ],
  [
    "an HTML error page that echoes the key",
    () => new Response(`<h1>Error for ${KEY}</h1>`, { status: 502 })
  ],
  ["a refused connection", () => new NetFail("ECONNREFUSED")],
  ["a hanging server (timeout)", () => "hang"],
  ["a 405 with no body", () => empty(405)],
  ["a body that does not decode", () => json(200, { id: "x" })],
  [
    "a 429",
    () =>
      json(429, {
        type: "throttled_error",
        code: "throttled",
        detail: "Request was throttled. Expected available in 1 second.",
        attr: null
      })
  ]
]

describe("the key never shows", () => {
  for (const [name, answer] of scenarios) {
    it.effect(`in errors, causes, spans or logs after ${name}`, () =>
      Effect.gen(function* () {
        const { exit, text, spans } = yield* observe(
          Dashboards.use((d) => d.get(1)),
          answer
        )
        assert.isTrue(Exit.isFailure(exit), "the scenario fails")
        assert.isAbove(spans.length, 0, "spans were recorded")
        assert.include(text, "Dashboards.get", "the rendering is really captured")
        assert.notInclude(text, KEY)
        assert.notInclude(text, KEY.slice(4), "not even without its prefix")
      })
    )
  }

  it.effect(
    "in spans and logs of a successful call (an HttpClient's own span records headers redacted)",
    () =>
      Effect.gen(function* () {
        const { exit, text, spans } = yield* observe(
          Dashboards.use((d) => d.get(1)),
          () => json(200, { id: 1, name: "ok" })
        )
        assert.isTrue(Exit.isSuccess(exit))
        // hogkit's attempt span: method, URL and status, never a header.
        const attempt = spans.find((s) => s.name === "http.client GET")
        assert.isDefined(attempt, "hogkit's attempt span exists")
        assert.strictEqual(attempt?.attributes.get("http.response.status_code"), 200)
        assert.isFalse([...(attempt?.attributes.keys() ?? [])].some((k) => k.includes("header")))
        // The fake is an Effect HttpClient, whose own span records request headers: the key shows redacted.
        const client = spans.find((s) => [...s.attributes.keys()].some((k) => k.includes("authorization")))
        assert.isDefined(client, "the HttpClient's span records the Authorization header")
        assert.notInclude(text, KEY)
      })
  )

  it.effect("in a failed stream", () =>
    Effect.gen(function* () {
      const { exit, text } = yield* observe(
        Stream.runCollect(Stream.unwrap(Comments.use((c) => Effect.succeed(c.stream())))),
        () =>
          json(403, {
            type: "authentication_error",
            code: "permission_denied",
            detail: `no ${KEY}`,
            attr: null
          })
      )
      assert.isTrue(Exit.isFailure(exit))
      assert.notInclude(text, KEY)
    })
  )

  it.effect("in the escape hatch's errors", () =>
    Effect.gen(function* () {
      const { exit, text } = yield* observe(
        PostHogClient.use((c) => c.request({ operation: "api", method: "POST", path: "x/", body: { a: 1 } })),
        () => new NetFail("ECONNRESET")
      )
      assert.isTrue(Exit.isFailure(exit))
      assert.notInclude(text, KEY)
    })
  )

  it("this check would catch a leak", () => {
    // Guards the test itself: the same renderings of an object holding the key do contain it.
    const leaky = new Error(`failed with ${KEY}`)
    assert.include(inspect(leaky), KEY)
  })
})
