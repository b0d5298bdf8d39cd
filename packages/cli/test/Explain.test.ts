import { AuthenticationError, HogkitError, PermissionDenied, RateLimited } from "@hogkit/core"
import * as Duration from "effect/Duration"
import { describe, expect, it } from "vitest"
import { explain } from "../src/internal/Explain.js"
import { CliFailure } from "../src/internal/Failure.js"

const where = { method: "GET", path: "/api/projects/1/dashboards/", status: 401, detail: "Invalid key." }

describe("error messages", () => {
  it("suggests --host eu when the US cloud rejects the key", () => {
    const error = new HogkitError({ operation: "Dashboards.list", reason: new AuthenticationError(where) })
    const us = explain(error, { host: "https://us.posthog.com" })
    expect(us.exitCode).toBe(4)
    expect(us.text).toContain("add --host eu (or set POSTHOG_HOST=eu)")
    const eu = explain(error, { host: "https://eu.posthog.com" })
    expect(eu.text).not.toContain("--host eu")
    expect(eu.text).toContain("hogkit auth login")
  })

  it("names the missing scope and explains session-only actions", () => {
    const scope = explain(
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
      text: "Could not create the comment: your API key lacks the 'comment:write' scope. Add comment:write to the key in PostHog (Settings → Personal API keys) and try again.",
      exitCode: 4
    })
    const session = explain(
      new HogkitError({
        operation: "DashboardTemplates.jsonSchema",
        reason: new PermissionDenied({ ...where, status: 403, sessionOnly: true })
      })
    )
    expect(session.text).toMatch(
      /^Could not fetch the JSON schema of the dashboard template: PostHog does not accept personal API keys/
    )
  })

  it("says how long PostHog asked to wait when rate limited", () => {
    const r = explain(
      new HogkitError({
        operation: "Dashboards.list",
        reason: new RateLimited({ ...where, status: 429, retryAfter: Duration.seconds(12) })
      })
    )
    expect(r.exitCode).toBe(1)
    expect(r.text).toContain("asked to wait 12 more seconds")
  })

  it("never shows a stack trace for unexpected failures", () => {
    const r = explain(new TypeError("boom"))
    expect(r.exitCode).toBe(1)
    expect(r.text).not.toMatch(/\n\s+at /)
    expect(explain(new CliFailure("x.", 3))).toEqual({ text: "x.", exitCode: 3 })
  })
})
