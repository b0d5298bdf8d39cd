/**
 * Checks template files against PostHog's own JSON Schema (`GET dashboard_templates/json_schema`), so a
 * template PostHog would refuse is reported with its file before anything is sent. PostHog Cloud refuses
 * that endpoint to personal API keys: then the check is skipped and the plan says so.
 */
import * as Effect from "effect/Effect"
import * as z from "zod"
import * as DashboardTemplates from "../DashboardTemplates.js"
import type { HogkitError } from "../Errors.js"
import type * as PostHogClient from "../PostHogClient.js"
import type { CallOptions } from "../PostHogClient.js"
import { templateBody } from "./Bodies.js"
import { specError } from "./Files.js"
import type { ProjectSpec } from "./Spec.js"

/** Fails on the first template the server's schema refuses; succeeds with a note when it cannot check. */
export const checkTemplates = (
  operation: string,
  specs: ProjectSpec,
  client: PostHogClient.Service,
  call: CallOptions
): Effect.Effect<ReadonlyArray<string>, HogkitError> =>
  Effect.gen(function* () {
    if (specs.templates.length === 0) return []
    const fetched = yield* Effect.result(DashboardTemplates.requests(client).jsonSchema(call))
    if (fetched._tag === "Failure") {
      const reason = fetched.failure.reason
      if (reason._tag === "PermissionDenied" || reason._tag === "NotFound")
        return [
          `Templates were not checked against PostHog's template schema: ${reason._tag === "PermissionDenied" ? "this key may not read it (PostHog gives it to logged-in sessions only)" : "this PostHog does not serve it"}.`
        ]
      return yield* Effect.fail(fetched.failure)
    }
    let schema: z.ZodType
    try {
      schema = z.fromJSONSchema(fetched.success as Parameters<typeof z.fromJSONSchema>[0])
    } catch {
      return ["Templates were not checked: PostHog's template schema could not be read."]
    }
    for (const { file, spec } of specs.templates) {
      const result = schema.safeParse(templateBody(spec))
      if (!result.success) {
        const issue = result.error.issues[0]!
        const where = issue.path.length === 0 ? null : issue.path.join(".")
        return yield* Effect.fail(
          specError(
            operation,
            file,
            `PostHog's template schema refuses it: ${where === null ? "" : `${where}: `}${issue.message}`,
            where
          )
        )
      }
    }
    return []
  })
