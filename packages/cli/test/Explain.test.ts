import {
  AuthenticationError,
  HogkitError,
  NetworkError,
  PermissionDenied,
  RateLimited,
  ServerError
} from "@hogkit/core"
import * as Duration from "effect/Duration"
import { describe, expect, it } from "vitest"
import { explain } from "../src/internal/Explain.js"
import { CliFailure } from "../src/internal/Failure.js"

const where = { method: "GET", path: "/api/projects/1/dashboards/", status: 401, detail: "Invalid key." }

describe("error messages", () => {
  it("suggests --host eu when the US cloud rejects the key", async () => {
    const error = new HogkitError({ operation: "Dashboards.list", reason: new AuthenticationError(where) })
    const us = await explain(error, { host: "https://us.posthog.com" })
    expect(us.exitCode).toBe(4)
    expect(us.text).toContain("use the EU host: --host eu or POSTHOG_HOST=eu")
    const eu = await explain(error, { host: "https://eu.posthog.com" })
    expect(eu.text).not.toContain("--host eu")
    expect(eu.text).toContain("hogkit auth login")
  })

  it("names the missing scope and explains session-only actions", async () => {
    const scope = await explain(
      new HogkitError({
        operation: "Comments.create",
        reason: new PermissionDenied({
          ...where,
          status: 403,
          missingScope: "comment:write",
          sessionOnly: false
        })
      })
    )
    expect(scope).toEqual({
      text: "Could not create a comment: the API key lacks the 'comment:write' scope. Add comment:write to the key in PostHog (Settings → Personal API keys), then try again.",
      exitCode: 4
    })
    const session = await explain(
      new HogkitError({
        operation: "DashboardTemplates.jsonSchema",
        reason: new PermissionDenied({ ...where, status: 403, sessionOnly: true })
      })
    )
    expect(session.text).toMatch(/^Could not .*: PostHog does not accept personal API keys for this action/)
  })

  it("says how long PostHog asked to wait when rate limited", async () => {
    const r = await explain(
      new HogkitError({
        operation: "Dashboards.list",
        reason: new RateLimited({ ...where, status: 429, retryAfter: Duration.seconds(12) })
      })
    )
    expect(r.exitCode).toBe(1)
    expect(r.text).toContain("Wait 12 seconds, then try again.")
  })

  it("tells to check before creating again when a create may have landed, naming the list command", async () => {
    const create = { method: "POST", path: "/api/projects/1/dashboards/" }
    for (const reason of [
      new ServerError({ ...create, status: 502, detail: "Bad gateway", outcomeUnknown: true }),
      new NetworkError({ ...create, detail: "ECONNRESET", phase: "midAnswer", outcomeUnknown: true })
    ]) {
      const r = await explain(new HogkitError({ operation: "Dashboards.create", reason }))
      expect(r.exitCode).toBe(1)
      expect(r.text).toContain("check (`hogkit dashboards list`), then try again only if it did not.")
    }
  })

  it("never shows a stack trace for unexpected failures", async () => {
    const r = await explain(new TypeError("boom"))
    expect(r.exitCode).toBe(1)
    expect(r.text).not.toMatch(/\n\s+at /)
    expect(await explain(new CliFailure("x.", 3))).toEqual({ text: "x.", exitCode: 3 })
  })
})
