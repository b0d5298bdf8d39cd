import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Comments, Dashboards, describeFailure, Sharing } from "../src/index.js"
import { fakeHttp, json, NetFail, testLayer } from "./support/FakeHttp.js"

const body = (detail: string, code = "x") => ({ type: "x", code, detail, attr: null })

/** The CLI's vocabulary, as an adapter passes it. */
const cli = {
  commandFor: (op: { service: string; verb: string }) =>
    `\`hogkit ${op.service === "Dashboards" ? "dashboards" : op.service.toLowerCase()} ${op.verb}\``,
  settingFor: (setting: string) =>
    setting === "host" ? "--host" : setting === "apiKey" ? "run `hogkit auth login`" : "--project"
}

/** Runs `effect` against one fixed answer (retries off unless asked) and returns the failure. */
const failing = <A, E, R>(effect: Effect.Effect<A, E, R>, answer: () => Response | NetFail, retries = 0) =>
  effect.pipe(
    Effect.flip,
    Effect.provide(testLayer(fakeHttp(answer), { retry: { maxRetries: retries, baseDelay: 1, maxDelay: 1 } }))
  )

describe("describeFailure", () => {
  it.effect(
    "a create cut off by a 502 has an unknown outcome: check with the adapter's list command first",
    () =>
      Effect.gen(function* () {
        const error = yield* failing(
          Dashboards.use((d) => d.create({ name: "Launch" })),
          () => json(502, body("Bad gateway"))
        )
        const advice = describeFailure(error, cli)
        assert.strictEqual(advice.kind, "ServerError")
        assert.isTrue(advice.outcomeUnknown)
        assert.isFalse(advice.retryable)
        assert.strictEqual(advice.summary, "Could not create a dashboard: PostHog failed with status 502.")
        assert.strictEqual(
          advice.remedy,
          "PostHog may have done it: check (`hogkit dashboards list`), then try again only if it did not."
        )
      })
  )

  it.effect("a read cut off by a 502 is simply retryable", () =>
    Effect.gen(function* () {
      const error = yield* failing(
        Dashboards.use((d) => d.get(4)),
        () => json(502, body("Bad gateway"))
      )
      const advice = describeFailure(error)
      assert.isTrue(advice.retryable)
      assert.isFalse(advice.outcomeUnknown)
      assert.strictEqual(
        advice.text,
        "Could not read a dashboard: PostHog failed with status 502. Try again in a little while."
      )
    })
  )

  it.effect("a missing scope names the scope and where to add it", () =>
    Effect.gen(function* () {
      const error = yield* failing(
        Comments.use((c) => c.create({ scope: "Notebook", content: "hi" })),
        () => json(403, body("API key missing required scope 'comment:write'", "permission_denied"))
      )
      const advice = describeFailure(error)
      assert.isFalse(advice.retryable)
      assert.strictEqual(
        advice.text,
        "Could not create a comment: the API key lacks the 'comment:write' scope. Add comment:write to the key in PostHog (Settings → Personal API keys), then try again."
      )
    })
  )

  it.effect("a session-only action says why an API key cannot do it", () =>
    Effect.gen(function* () {
      const error = yield* failing(
        Comments.use((c) => c.complete("0b8a4f3e-3a52-4e4c-9c5b-2f0f1a4b6c7d")),
        () => json(403, body("This action does not support personal API key access", "permission_denied"))
      )
      assert.match(
        describeFailure(error).text,
        /does not accept personal API keys.*logged-in PostHog session/
      )
    })
  )

  it.effect("a rejected key names the environment variable, the adapter's own way, and the EU host", () =>
    Effect.gen(function* () {
      const error = yield* failing(
        Dashboards.use((d) => d.list()),
        () => json(401, body("Invalid key"))
      )
      assert.strictEqual(
        describeFailure(error, { ...cli, host: "https://us.posthog.com" }).remedy,
        "Set POSTHOG_PERSONAL_API_KEY to a valid personal API key, or run `hogkit auth login`. For an EU account use the EU host: --host eu or POSTHOG_HOST=eu."
      )
      assert.notInclude(describeFailure(error, { host: "https://eu.posthog.com" }).text, "EU host")
    })
  )

  it.effect("429 says how long to wait, as data and in words", () =>
    Effect.gen(function* () {
      const error = yield* failing(
        Dashboards.use((d) => d.create({ name: "x" })),
        () => json(429, body("Request was throttled. Expected available in 12 seconds."))
      )
      const advice = describeFailure(error)
      assert.isTrue(advice.retryable)
      assert.strictEqual(advice.retryAfter, 12)
      assert.strictEqual(advice.remedy, "Wait 12 seconds, then try again.")
    })
  )

  it.effect("not found names the list of the id's own resource (a dashboard for sharing)", () =>
    Effect.gen(function* () {
      const error = yield* failing(
        Sharing.use((s) => s.get(99)),
        () => json(404, body("Not found."))
      )
      assert.strictEqual(
        describeFailure(error, cli).text,
        "Could not read a dashboard's sharing: there is no dashboard with that id in this project (or it was deleted). Check the dashboard id (`hogkit dashboards list` lists them) and the project (--project or POSTHOG_PROJECT_ID)."
      )
    })
  )

  it.effect("a refused connection was never sent: even a create may be retried", () =>
    Effect.gen(function* () {
      const error = yield* failing(
        Dashboards.use((d) => d.create({ name: "x" })),
        () => new NetFail("ECONNREFUSED")
      )
      const advice = describeFailure(error, { ...cli, host: "http://127.0.0.1:9" })
      assert.isTrue(advice.retryable)
      assert.isFalse(advice.outcomeUnknown)
      assert.match(
        advice.summary,
        /^Could not create a dashboard: http:\/\/127\.0\.0\.1:9 could not be reached \(.*ECONNREFUSED.*\)\.$/
      )
      assert.strictEqual(
        advice.remedy,
        "Check the host (--host or POSTHOG_HOST) and the network, then try again."
      )
    })
  )

  it("anything that is not a HogkitError is an honest unexpected failure", () => {
    const advice = describeFailure(new TypeError("x is not a function"))
    assert.strictEqual(advice.kind, "Unexpected")
    assert.isFalse(advice.retryable)
    assert.strictEqual(advice.summary, "hogkit failed unexpectedly: x is not a function.")
  })
})

describe("describeFailure on a 403 without a named scope", () => {
  it.effect("PostHog's bare 403 suggests the project and the operation's scope", () =>
    Effect.gen(function* () {
      const error = yield* failing(
        Dashboards.use((d) => d.update(3, { name: "x" })),
        () => json(403, body("You do not have permission to perform this action.", "permission_denied"))
      )
      assert.strictEqual(
        describeFailure(error, cli).text,
        "Could not edit a dashboard: PostHog denied permission (403). Check that the key's user can access this project (--project or POSTHOG_PROJECT_ID) and that the key has the 'dashboard:write' scope."
      )
    })
  )

  it.effect("a 403 with PostHog's own reason shows that reason and guesses nothing", () =>
    Effect.gen(function* () {
      const error = yield* failing(
        Sharing.use((s) => s.update(3, { password_required: true })),
        () => json(403, body("Sharing with password requires the Advanced Permissions feature"))
      )
      const advice = describeFailure(error)
      assert.strictEqual(
        advice.summary,
        "Could not change a dashboard's sharing: Sharing with password requires the Advanced Permissions feature."
      )
      assert.isUndefined(advice.remedy)
    })
  )
})
