import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/testing/TestClock"
import { type HogkitError, RateLimited, ServerError, ValidationError } from "../src/Errors.js"
import { Comments, Dashboards, Sharing } from "../src/index.js"
import { failedBeforeSending } from "../src/internal/errorMapping.js"
import { defaultRetryPolicy, retryDelay, shouldRetry } from "../src/internal/retry.js"
import { type HttpMethod, PostHogClient } from "../src/PostHogClient.js"
import { type Answer, empty, fakeHttp, json, NetFail, testLayer } from "./support/FakeHttp.js"

const ok = () => json(200, { ok: true })
const fail = (status: number) =>
  json(status, { type: "x", code: "x", detail: `status ${status}`, attr: null })

/** Answers `answers[i]` for attempt i+1, then 200. */
const sequence = (...answers: Array<Answer>) => fakeHttp((_, n) => answers[n - 1] ?? ok())

const call = (method: HttpMethod, retries?: number) =>
  PostHogClient.use((c) =>
    c.request({
      operation: "Test.op",
      method,
      path: "things/",
      body: method === "GET" ? undefined : {},
      options: { retries }
    })
  )

/** Forks the call, lets the test clock run far ahead, and returns the exit plus how many attempts were made. */
const runFar = (fake: ReturnType<typeof fakeHttp>, method: HttpMethod, opts: { retries?: number } = {}) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(call(method, opts.retries).pipe(Effect.provide(testLayer(fake))))
    for (let i = 0; i < 20; i++) yield* TestClock.adjust("10 seconds")
    const exit = yield* Fiber.await(fiber)
    return { exit, attempts: fake.seen.length }
  })

describe("retry decisions", () => {
  for (const method of ["GET", "PATCH", "DELETE"] as const) {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      it.effect(`${method} is retried after ${status}`, () =>
        Effect.gen(function* () {
          const { exit, attempts } = yield* runFar(sequence(fail(status), fail(status)), method)
          assert.strictEqual(exit._tag, "Success")
          assert.strictEqual(attempts, 3)
        })
      )
    }
    it.effect(`${method} is retried after a connection reset`, () =>
      Effect.gen(function* () {
        const { exit, attempts } = yield* runFar(sequence(new NetFail("ECONNRESET")), method)
        assert.strictEqual(exit._tag, "Success")
        assert.strictEqual(attempts, 2)
      })
    )
  }

  /** The error a failed call reported. */
  const errorOf = (exit: Exit.Exit<unknown, HogkitError>) => {
    assert.strictEqual(exit._tag, "Failure")
    return Cause.squash((exit as Exit.Failure<unknown, HogkitError>).cause) as HogkitError
  }

  for (const status of [408, 500, 502, 503]) {
    it.effect(`POST is not replayed after ${status}, and the error says its outcome is unknown`, () =>
      Effect.gen(function* () {
        const { exit, attempts } = yield* runFar(sequence(fail(status)), "POST")
        assert.strictEqual(attempts, 1)
        const error = errorOf(exit)
        assert.isTrue(error.outcomeUnknown, "the server may have acted on it")
        assert.isFalse(error.isRetryable, "a caller that follows isRetryable would duplicate it")
      })
    )
  }

  it.effect("POST is not replayed after a connection reset (it may have been received)", () =>
    Effect.gen(function* () {
      const { exit, attempts } = yield* runFar(sequence(new NetFail("ECONNRESET")), "POST")
      assert.strictEqual(attempts, 1)
      const error = errorOf(exit)
      assert.strictEqual(error.reason._tag === "NetworkError" && error.reason.phase, "sent")
      assert.isTrue(error.outcomeUnknown)
      assert.isFalse(error.isRetryable)
    })
  )

  it.effect("a POST the caller marks idempotent is retried after a 502 like a PATCH", () =>
    Effect.gen(function* () {
      const fake = sequence(fail(502), fail(502))
      const fiber = yield* Effect.forkChild(
        PostHogClient.use((c) =>
          c.request({ operation: "Test.op", method: "POST", path: "things/", body: {}, idempotent: true })
        ).pipe(Effect.provide(testLayer(fake)))
      )
      for (let i = 0; i < 20; i++) yield* TestClock.adjust("10 seconds")
      const exit = yield* Fiber.await(fiber)
      assert.strictEqual(exit._tag, "Success")
      assert.strictEqual(fake.seen.length, 3)
    })
  )

  for (const method of ["GET", "PATCH", "DELETE"] as const) {
    it.effect(`${method} that still fails after its retries is retryable, with a known outcome`, () =>
      Effect.gen(function* () {
        const { exit } = yield* runFar(
          fakeHttp(() => fail(502)),
          method
        )
        const error = errorOf(exit)
        assert.isTrue(error.isRetryable)
        assert.isFalse(error.outcomeUnknown)
      })
    )
  }

  it.effect("POST is retried after 429: PostHog did not process it", () =>
    Effect.gen(function* () {
      const { exit, attempts } = yield* runFar(sequence(fail(429)), "POST")
      assert.strictEqual(exit._tag, "Success")
      assert.strictEqual(attempts, 2)
    })
  )

  it.effect("POST is retried when the connection was refused before sending", () =>
    Effect.gen(function* () {
      const { exit, attempts } = yield* runFar(
        sequence(new NetFail("ECONNREFUSED"), new NetFail("ENOTFOUND")),
        "POST"
      )
      assert.strictEqual(exit._tag, "Success")
      assert.strictEqual(attempts, 3)
    })
  )

  for (const status of [400, 401, 402, 403, 404, 405]) {
    it.effect(`GET is not retried after ${status}: it would fail again`, () =>
      Effect.gen(function* () {
        const { exit, attempts } = yield* runFar(sequence(fail(status)), "GET")
        assert.strictEqual(exit._tag, "Failure")
        assert.strictEqual(attempts, 1)
      })
    )
  }

  it.effect("gives up after maxRetries and reports the last failure", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => fail(500))
      const { exit, attempts } = yield* runFar(fake, "GET")
      assert.strictEqual(attempts, 1 + defaultRetryPolicy.maxRetries)
      assert.strictEqual(exit._tag, "Failure")
      if (exit._tag === "Failure")
        assert.strictEqual((Cause.squash(exit.cause) as HogkitError).reason._tag, "ServerError")
    })
  )

  it.effect("a per-call retries: 0 disables retrying", () =>
    Effect.gen(function* () {
      const { attempts } = yield* runFar(sequence(fail(500)), "GET", { retries: 0 })
      assert.strictEqual(attempts, 1)
    })
  )

  it.effect("a per-client maxRetries applies to every call", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => fail(503))
      const fiber = yield* Effect.forkChild(
        call("GET").pipe(
          Effect.provide(testLayer(fake, { retry: { maxRetries: 5, baseDelay: "10 millis" } }))
        )
      )
      for (let i = 0; i < 20; i++) yield* TestClock.adjust("10 seconds")
      yield* Fiber.await(fiber)
      assert.strictEqual(fake.seen.length, 6)
    })
  )
})

describe("waits between attempts", () => {
  it.effect("Retry-After in seconds is honoured exactly", () =>
    Effect.gen(function* () {
      const fake = sequence(empty(429, { "retry-after": "5" }))
      const fiber = yield* Effect.forkChild(call("GET").pipe(Effect.provide(testLayer(fake))))
      yield* TestClock.adjust("4999 millis")
      assert.strictEqual(fake.seen.length, 1)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(fiber)
      assert.strictEqual(fake.seen.length, 2)
    })
  )

  it.effect("Retry-After as an HTTP date waits until that date", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.parse("2026-03-01T12:00:00Z"))
      const fake = sequence(empty(503, { "retry-after": "Sun, 01 Mar 2026 12:00:03 GMT" }))
      const fiber = yield* Effect.forkChild(call("GET").pipe(Effect.provide(testLayer(fake))))
      yield* TestClock.adjust("2999 millis")
      assert.strictEqual(fake.seen.length, 1)
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(fiber)
      assert.strictEqual(fake.seen.length, 2)
    })
  )

  it.effect("PostHog's 'Expected available in N seconds' is honoured when there is no header", () =>
    Effect.gen(function* () {
      const fake = sequence(
        json(429, {
          type: "throttled_error",
          code: "throttled",
          detail: "Request was throttled. Expected available in 12 seconds.",
          attr: null
        })
      )
      const fiber = yield* Effect.forkChild(call("POST").pipe(Effect.provide(testLayer(fake))))
      yield* TestClock.adjust("11 seconds")
      assert.strictEqual(fake.seen.length, 1)
      yield* TestClock.adjust("1 seconds")
      yield* Fiber.join(fiber)
      assert.strictEqual(fake.seen.length, 2)
    })
  )

  it.effect("a server wait longer than the overall budget fails at once with the RateLimited reason", () =>
    Effect.gen(function* () {
      const fake = sequence(empty(429, { "retry-after": "3600" }))
      const error = yield* call("GET").pipe(Effect.provide(testLayer(fake)), Effect.flip)
      assert.strictEqual(error.reason._tag, "RateLimited")
      assert.strictEqual(fake.seen.length, 1)
    })
  )

  it.effect("without a server wait, retries back off between base/2 and the doubled base", () =>
    Effect.gen(function* () {
      const times: Array<number> = []
      const fake = fakeHttp(() =>
        Effect.map(Clock.currentTimeMillis, (t) => {
          times.push(t)
          return fail(500)
        })
      )
      const fiber = yield* Effect.forkChild(
        call("GET").pipe(
          Effect.provide(
            testLayer(fake, { retry: { maxRetries: 3, baseDelay: "1 second", maxDelay: "3 seconds" } })
          )
        )
      )
      for (let i = 0; i < 100; i++) yield* TestClock.adjust("100 millis")
      yield* Fiber.await(fiber)
      const waits = times.slice(1).map((t, i) => t - times[i]!)
      assert.strictEqual(waits.length, 3)
      const [first, second, third] = waits as [number, number, number]
      assert.isTrue(first >= 500 && first <= 1000, `first wait ${first}`)
      assert.isTrue(second >= 1000 && second <= 2000, `second wait ${second}`)
      assert.isTrue(third >= 1500 && third <= 3000, `third wait capped at maxDelay: ${third}`)
    })
  )

  it("backoff doubles, carries jitter and is capped at maxDelay", () => {
    const policy = { maxRetries: 10, baseDelay: Duration.seconds(1), maxDelay: Duration.seconds(4) }
    const reason = new ServerError({ method: "GET", path: "/", detail: "x" })
    const ms = (attempt: number, r: number) => Duration.toMillis(retryDelay(policy, attempt, reason, r))
    assert.deepStrictEqual([ms(1, 0), ms(2, 0), ms(3, 0), ms(4, 0), ms(9, 0)], [500, 1000, 2000, 2000, 2000])
    assert.deepStrictEqual([ms(1, 0.999), ms(3, 0.999), ms(9, 0.999)], [1000, 3998, 3998])
    assert.notStrictEqual(ms(2, 0.25), ms(2, 0.75), "two clients do not retry in lock-step")
  })

  it("a server-given wait is used as is", () => {
    const reason = new RateLimited({
      method: "GET",
      path: "/",
      detail: "x",
      retryAfter: Duration.seconds(30)
    })
    assert.strictEqual(Duration.toMillis(retryDelay(defaultRetryPolicy, 1, reason, 0.5)), 30_000)
  })

  it("fetch's own refusals (DNS, refused connection, blocked port) count as never sent", () => {
    const wrap = (inner: Error) => Object.assign(new TypeError("fetch failed"), { cause: inner })
    assert.isTrue(failedBeforeSending(wrap(Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND" }))))
    assert.isTrue(failedBeforeSending(wrap(Object.assign(new Error("connect"), { code: "ECONNREFUSED" }))))
    assert.isTrue(failedBeforeSending(wrap(new Error("bad port"))))
    assert.isFalse(
      failedBeforeSending(wrap(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })))
    )
    assert.isFalse(
      failedBeforeSending(new TypeError("Failed to fetch")),
      "a browser's opaque failure may have been sent"
    )
  })

  it("validation failures are never retried, whatever the method", () => {
    const reason = new ValidationError({
      method: "GET",
      path: "/",
      detail: "x",
      attr: null,
      code: "invalid_input"
    })
    assert.isFalse(shouldRetry(reason))
  })
})

describe("timeouts and interruption", () => {
  it.effect(
    "an attempt that hangs past the per-attempt timeout is a Timeout, and its request is aborted",
    () =>
      Effect.gen(function* () {
        const fake = fakeHttp(() => "hang")
        const fiber = yield* Effect.forkChild(
          call("POST").pipe(Effect.provide(testLayer(fake, { timeout: "2 seconds" })), Effect.flip)
        )
        yield* TestClock.adjust("2 seconds")
        const error = yield* Fiber.join(fiber)
        assert.strictEqual(error.reason._tag, "Timeout")
        assert.include(error.reason.detail, "per-attempt")
        assert.strictEqual(fake.seen.length, 1, "a POST that may have been received is not replayed")
        assert.isTrue(fake.seen[0]!.signal.aborted)
      })
  )

  it.effect("GET attempts that time out are retried, until the total timeout ends the call", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => "hang")
      const fiber = yield* Effect.forkChild(
        call("GET").pipe(
          Effect.provide(
            testLayer(fake, {
              timeout: "10 seconds",
              totalTimeout: "25 seconds",
              retry: { maxRetries: 10, baseDelay: "1 millis" }
            })
          ),
          Effect.flip
        )
      )
      for (let i = 0; i < 30; i++) yield* TestClock.adjust("1 second")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error.reason._tag, "Timeout")
      assert.include(error.reason.detail, "total")
      assert.strictEqual(fake.seen.length, 3)
      assert.isTrue(fake.seen.every((s) => s.signal.aborted))
    })
  )

  it.effect("a per-call timeout overrides the client's", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => "hang")
      const fiber = yield* Effect.forkChild(
        PostHogClient.use((c) =>
          c.request({
            operation: "Test.op",
            method: "GET",
            path: "x/",
            options: { timeout: "1 second", retries: 0 }
          })
        ).pipe(Effect.provide(testLayer(fake)), Effect.flip)
      )
      yield* TestClock.adjust("1 second")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error.reason._tag, "Timeout")
    })
  )

  it.effect("interrupting the fiber aborts the request in flight", () =>
    Effect.gen(function* () {
      const fake = fakeHttp(() => "hang")
      const fiber = yield* Effect.forkChild(call("GET").pipe(Effect.provide(testLayer(fake))))
      yield* Effect.yieldNow
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(fake.seen.length, 1)
      assert.isFalse(fake.seen[0]!.signal.aborted)
      yield* Fiber.interrupt(fiber)
      assert.isTrue(fake.seen[0]!.signal.aborted)
    })
  )
})

describe("idempotency comes from the operation's catalogue entry", () => {
  it.effect("completing a task is not resent after a 502: PostHog refuses a second complete with a 400", () =>
    Effect.gen(function* () {
      const fake = sequence(fail(502))
      const error = yield* Comments.use((c) => c.complete("0b8a4f3e-3a52-4e4c-9c5b-2f0f1a4b6c7d")).pipe(
        Effect.provide(testLayer(fake)),
        Effect.flip
      )
      assert.strictEqual(fake.seen.length, 1)
      assert.isTrue(error.outcomeUnknown)
    })
  )

  it.effect("refreshing a share link is not resent after a 502: its outcome is unknown", () =>
    Effect.gen(function* () {
      const fake = sequence(fail(502))
      const error = yield* Sharing.use((s) => s.refresh(1)).pipe(Effect.provide(testLayer(fake)), Effect.flip)
      assert.strictEqual(fake.seen.length, 1)
      assert.isTrue(error.outcomeUnknown)
    })
  )

  it.effect("a soft delete (a PATCH) is resent after a 502: deleting twice is deleting once", () =>
    Effect.gen(function* () {
      const fake = sequence(fail(502))
      const fiber = yield* Effect.forkChild(
        Dashboards.use((d) => d.delete(1)).pipe(Effect.provide(testLayer(fake)))
      )
      for (let i = 0; i < 20; i++) yield* TestClock.adjust("10 seconds")
      yield* Fiber.await(fiber)
      assert.strictEqual(fake.seen.length, 2)
    })
  )
})

describe("onRetryWait", () => {
  it.effect(
    "is told each wait, why, and whether PostHog asked for it; its returned function runs when the wait ends",
    () =>
      Effect.gen(function* () {
        const told: Array<unknown> = []
        let ended = 0
        const fake = sequence(empty(429, { "retry-after": "5" }), fail(502))
        const layer = testLayer(fake, {
          retry: { baseDelay: "100 millis", maxDelay: "100 millis" },
          onRetryWait: (wait) => {
            told.push(wait)
            return () => {
              ended++
            }
          }
        })
        const fiber = yield* Effect.forkChild(call("GET").pipe(Effect.provide(layer)))
        yield* TestClock.adjust("4999 millis")
        assert.deepStrictEqual(told, [
          { operation: "Test.op", millis: 5000, retry: 1, reason: "rate_limit", serverAsked: true }
        ])
        assert.strictEqual(ended, 0)
        yield* TestClock.adjust("1 millis")
        for (let i = 0; i < 5; i++) yield* TestClock.adjust("100 millis")
        yield* Fiber.join(fiber)
        assert.strictEqual(told.length, 2)
        assert.deepInclude(told[1] as object, { retry: 2, reason: "server", serverAsked: false })
        assert.strictEqual(ended, 2)
      })
  )
})
