import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/testing/TestClock"
import { Comments, Dashboards, HogkitError, PostHogClient, Sharing } from "../src/index.js"
import { empty, fakeHttp, json, testLayer } from "./support/FakeHttp.js"

const body = (type: string, code: string, detail: string, attr: string | null = null, extra?: object) => ({
  type,
  code,
  detail,
  attr,
  ...(extra ? { extra } : {})
})

/** Runs one GET through the pipeline against a fixed answer, with retries off, and returns the error. */
const failWith = (answer: Response, method: "GET" | "POST" | "DELETE" | "PATCH" = "GET") => {
  const fake = fakeHttp(() => answer)
  return PostHogClient.use((c) => c.request({ operation: "Test.op", method, path: "things/1/" })).pipe(
    Effect.flip,
    Effect.provide(testLayer(fake, { retry: { maxRetries: 0 } }))
  )
}

describe("error mapping (posthog-api-behaviour.md §0.2)", () => {
  it.effect("a missing Authorization header is an AuthenticationError with PostHog's detail", () =>
    Effect.gen(function* () {
      const e = yield* failWith(
        json(
          401,
          body("authentication_error", "not_authenticated", "Authentication credentials were not provided.")
        )
      )
      assert.strictEqual(e.reason._tag, "AuthenticationError")
      assert.strictEqual(e.reason.status, 401)
      assert.strictEqual(e.reason.detail, "Authentication credentials were not provided.")
      assert.isFalse(e.isRetryable)
    })
  )

  it.effect("an invalid personal API key is an AuthenticationError", () =>
    Effect.gen(function* () {
      const detail = "Personal API key found in request Authorization header is invalid."
      const e = yield* failWith(json(401, body("authentication_error", "authentication_failed", detail)))
      assert.strictEqual(e.reason._tag, "AuthenticationError")
      assert.strictEqual(e.message, `Test.op failed: ${detail} (GET /api/projects/1/things/1/)`)
    })
  )

  it.effect("a generic 403 is PermissionDenied without a scope", () =>
    Effect.gen(function* () {
      const e = yield* failWith(
        json(
          403,
          body(
            "authentication_error",
            "permission_denied",
            "You do not have permission to perform this action."
          )
        )
      )
      assert.strictEqual(e.reason._tag, "PermissionDenied")
      if (e.reason._tag !== "PermissionDenied") return
      assert.isUndefined(e.reason.missingScope)
      assert.isFalse(e.reason.sessionOnly)
    })
  )

  it.effect("a missing scope is parsed out of PostHog's sentence", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() =>
        json(
          403,
          body("authentication_error", "permission_denied", "API key missing required scope 'comment:write'")
        )
      )
      const e = yield* Comments.use((c) => c.create({ scope: "Notebook", content: "hi" })).pipe(
        Effect.flip,
        Effect.provide(testLayer(fake))
      )
      assert.strictEqual(e.reason._tag, "PermissionDenied")
      if (e.reason._tag !== "PermissionDenied") return
      assert.strictEqual(e.reason.missingScope, "comment:write")
      assert.strictEqual(
        e.message,
        "Comments.create failed: API key missing required scope 'comment:write' (POST /api/projects/1/comments/)"
      )
      assert.strictEqual(fake.seen.length, 1, "a 403 is not retried")
    })
  )

  it.effect("an action that refuses API keys is sessionOnly and says a logged-in session is needed", () =>
    Effect.gen(function* () {
      const e = yield* failWith(
        json(
          403,
          body(
            "authentication_error",
            "permission_denied",
            "This action does not support personal API key access"
          )
        ),
        "POST"
      )
      assert.strictEqual(e.reason._tag, "PermissionDenied")
      if (e.reason._tag !== "PermissionDenied") return
      assert.isTrue(e.reason.sessionOnly)
      assert.include(e.message, "needs a logged-in PostHog session")
    })
  )

  it.effect("404 is NotFound", () =>
    Effect.gen(function* () {
      const e = yield* failWith(json(404, body("invalid_request", "not_found", "Not found.")))
      assert.strictEqual(e.reason._tag, "NotFound")
      assert.strictEqual(e.reason.detail, "Not found.")
    })
  )

  it.effect("a routed 405 keeps PostHog's detail", () =>
    Effect.gen(function* () {
      const e = yield* failWith(
        json(405, body("invalid_request", "method_not_allowed", 'Method "PUT" not allowed.'))
      )
      assert.strictEqual(e.reason._tag, "MethodNotAllowed")
      assert.strictEqual(e.reason.detail, 'Method "PUT" not allowed.')
    })
  )

  it.effect("a hard DELETE's 405 with an empty body explains the soft delete", () =>
    Effect.gen(function* () {
      const e = yield* failWith(empty(405), "DELETE")
      assert.strictEqual(e.reason._tag, "MethodNotAllowed")
      assert.strictEqual(e.reason.status, 405)
      assert.include(e.reason.detail, '"deleted": true')
    })
  )

  it.effect("429 is RateLimited with the wait PostHog wrote in its detail", () =>
    Effect.gen(function* () {
      const e = yield* failWith(
        json(
          429,
          body("throttled_error", "throttled", "Request was throttled. Expected available in 12 seconds.")
        )
      )
      assert.strictEqual(e.reason._tag, "RateLimited")
      if (e.reason._tag !== "RateLimited") return
      assert.strictEqual(Duration.toMillis(e.reason.retryAfter!), 12_000)
      assert.isTrue(e.isRetryable)
    })
  )

  it.effect("429 with 'Expected available in 1 second.' reads one second", () =>
    Effect.gen(function* () {
      const e = yield* failWith(
        json(
          429,
          body("throttled_error", "throttled", "Request was throttled. Expected available in 1 second.")
        )
      )
      assert.strictEqual(e.reason._tag, "RateLimited")
      if (e.reason._tag === "RateLimited") assert.strictEqual(Duration.toMillis(e.reason.retryAfter!), 1000)
    })
  )

  it.effect("Retry-After in seconds wins over the text", () =>
    Effect.gen(function* () {
      const e = yield* failWith(
        json(
          429,
          body("throttled_error", "throttled", "Request was throttled. Expected available in 12 seconds."),
          {
            "retry-after": "3"
          }
        )
      )
      if (e.reason._tag === "RateLimited") assert.strictEqual(Duration.toMillis(e.reason.retryAfter!), 3000)
      else assert.fail(e.reason._tag)
    })
  )

  it.effect("Retry-After as an HTTP date is measured from the clock's now", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.parse("2026-01-01T00:00:00Z"))
      const e = yield* failWith(json(429, undefined, { "retry-after": "Thu, 01 Jan 2026 00:00:07 GMT" }))
      if (e.reason._tag === "RateLimited") assert.strictEqual(Duration.toMillis(e.reason.retryAfter!), 7000)
      else assert.fail(e.reason._tag)
    })
  )

  it.effect("a JSON parse error is a ValidationError with code parse_error", () =>
    Effect.gen(function* () {
      const e = yield* failWith(
        json(400, body("invalid_request", "parse_error", "JSON parse error - Expecting value")),
        "POST"
      )
      assert.strictEqual(e.reason._tag, "ValidationError")
      if (e.reason._tag !== "ValidationError") return
      assert.strictEqual(e.reason.code, "parse_error")
      assert.isNull(e.reason.attr)
    })
  )

  it.effect("a field error carries attr and code", () =>
    Effect.gen(function* () {
      const e = yield* failWith(
        json(400, body("validation_error", "required", "This field is required.", "scope")),
        "POST"
      )
      if (e.reason._tag !== "ValidationError") return assert.fail(e.reason._tag)
      assert.strictEqual(e.reason.attr, "scope")
      assert.strictEqual(e.reason.code, "required")
      assert.strictEqual(e.reason.detail, "This field is required.")
      assert.include(e.message, "scope: This field is required.")
    })
  )

  it.effect("DRF's un-wrapped {field: [message]} body still names the field", () =>
    Effect.gen(function* () {
      const e = yield* failWith(
        json(400, {
          source_template_id: ["Only project-scoped templates can be copied to another project."]
        }),
        "POST"
      )
      if (e.reason._tag !== "ValidationError") return assert.fail(e.reason._tag)
      assert.strictEqual(e.reason.attr, "source_template_id")
      assert.strictEqual(e.reason.detail, "Only project-scoped templates can be copied to another project.")
    })
  )

  it.effect("402 is LimitExceeded with PostHog's extra and the request id inside it", () =>
    Effect.gen(function* () {
      const extra = {
        limit_key: "analytics.max_dashboards_per_team",
        limit: 500,
        current: 500,
        request: { id: "0b7c1d2e-aaaa-bbbb-cccc-123456789abc" }
      }
      const e = yield* failWith(
        json(402, body("limit_exceeded", "limit_exceeded", "Resource limit exceeded.", null, extra)),
        "POST"
      )
      if (e.reason._tag !== "LimitExceeded") return assert.fail(e.reason._tag)
      assert.deepStrictEqual(e.reason.extra, extra)
      assert.strictEqual(e.reason.requestId, "0b7c1d2e-aaaa-bbbb-cccc-123456789abc")
      assert.include(e.message, "analytics.max_dashboards_per_team")
    })
  )

  it.effect("a 500 is a retryable ServerError", () =>
    Effect.gen(function* () {
      const e = yield* failWith(json(500, body("server_error", "error", "A server error occurred.")))
      assert.strictEqual(e.reason._tag, "ServerError")
      assert.strictEqual(e.reason.detail, "A server error occurred.")
      assert.isTrue(e.isRetryable)
    })
  )

  it.effect("503 database_unavailable carries its Retry-After", () =>
    Effect.gen(function* () {
      const e = yield* failWith(
        json(
          503,
          body(
            "server_error",
            "database_unavailable",
            "We couldn't reach the database just now. Please try again in a moment."
          ),
          { "retry-after": "1" }
        )
      )
      if (e.reason._tag !== "ServerError") return assert.fail(e.reason._tag)
      assert.strictEqual(Duration.toMillis(e.reason.retryAfter!), 1000)
    })
  )

  it.effect("an HTML 502 from a proxy becomes a short ServerError detail", () =>
    Effect.gen(function* () {
      const e = yield* failWith(
        new Response("<html><body><h1>502 Bad Gateway</h1></body></html>", {
          status: 502,
          headers: { "content-type": "text/html" }
        })
      )
      assert.strictEqual(e.reason._tag, "ServerError")
      assert.strictEqual(e.reason.detail, "502 Bad Gateway")
    })
  )

  it.effect("the request id comes from the x-request-id header", () =>
    Effect.gen(function* () {
      const e = yield* failWith(
        json(404, body("invalid_request", "not_found", "Not found."), { "x-request-id": "abc-123" })
      )
      assert.strictEqual(e.reason.requestId, "abc-123")
    })
  )

  it.effect("sharing's {error} bodies: password feature missing is PermissionDenied with the sentence", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() =>
        json(403, { error: "Password management requires the Advanced Permissions feature" })
      )
      const e = yield* Sharing.use((s) => s.createPassword(5, { note: "x" })).pipe(
        Effect.flip,
        Effect.provide(testLayer(fake))
      )
      assert.strictEqual(e.reason._tag, "PermissionDenied")
      assert.strictEqual(e.reason.detail, "Password management requires the Advanced Permissions feature")
      assert.strictEqual(e.operation, "Sharing.createPassword")
      assert.strictEqual(e.reason.path, "/api/projects/1/dashboards/5/sharing/passwords/")
    })
  )

  it.effect("sharing's {error} bodies: password protection off is a ValidationError", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() =>
        json(400, { error: "Password protection must be enabled before creating passwords" })
      )
      const e = yield* Sharing.use((s) => s.createPassword(5)).pipe(
        Effect.flip,
        Effect.provide(testLayer(fake))
      )
      if (e.reason._tag !== "ValidationError") return assert.fail(e.reason._tag)
      assert.strictEqual(e.reason.detail, "Password protection must be enabled before creating passwords")
      assert.isNull(e.reason.attr)
    })
  )

  it.effect("a soft-deleted dashboard's 404 reaches the caller as NotFound with the operation name", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(404, body("invalid_request", "not_found", "Not found.")))
      const e = yield* Dashboards.use((d) => d.get(3)).pipe(Effect.flip, Effect.provide(testLayer(fake)))
      assert.instanceOf(e, HogkitError)
      assert.instanceOf(e, Error)
      assert.strictEqual(e.message, "Dashboards.get failed: Not found. (GET /api/projects/1/dashboards/3/)")
    })
  )

  it.effect("a success body that is not JSON is a DecodeError", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => new Response("<html>hi</html>", { status: 200 }))
      const e = yield* Dashboards.use((d) => d.get(3)).pipe(Effect.flip, Effect.provide(testLayer(fake)))
      assert.strictEqual(e.reason._tag, "DecodeError")
      assert.strictEqual(e.reason.status, 200)
    })
  )

  it.effect("a success body of the wrong shape is a DecodeError naming the field", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => json(200, { id: "not-a-number", name: "x" }))
      const e = yield* Dashboards.use((d) => d.get(3)).pipe(Effect.flip, Effect.provide(testLayer(fake)))
      assert.strictEqual(e.reason._tag, "DecodeError")
      assert.include(e.reason.detail, "id")
    })
  )

  it.effect("HogkitError serializes to JSON with its reason", () =>
    Effect.gen(function* () {
      const e = yield* failWith(
        json(
          429,
          body("throttled_error", "throttled", "Request was throttled. Expected available in 2 seconds.")
        )
      )
      const out = JSON.parse(JSON.stringify(e))
      assert.strictEqual(out.operation, "Test.op")
      assert.strictEqual(out.reason._tag, "RateLimited")
      assert.strictEqual(out.reason.retryAfter, 2000)
      assert.strictEqual(out.reason.isRetryable, true)
    })
  )
})
