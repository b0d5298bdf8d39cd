/**
 * Dashboards, dashboard templates and sharing as code: `exportProject` writes a project's state to files,
 * `plan` says what applying files would change, `apply` makes the project match them. Every verb takes a
 * `projectId`, so promoting staging to production is an export from one and an apply to the other.
 *
 * Files are YAML (or JSON): `dashboards/<name>.yaml` and `templates/<name>.yaml` under a project folder
 * (`{ path: text }` here; `@hogkit/core/as-code/node` reads and writes folders, and has the Promise form),
 * described by the JSON Schemas shipped as `@hogkit/core/as-code/dashboard.schema.json` and
 * `@hogkit/core/as-code/template.schema.json`. Identity is the name (an `id` pins a file to one object).
 * Plan and apply read the project through a rate limiter that keeps within PostHog's per-key limits.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { PostHog } from "@hogkit/core"
 * import * as AsCode from "@hogkit/core/as-code"
 *
 * const promote = Effect.gen(function* () {
 *   const files = yield* AsCode.exportProject({ projectId: 111 }) // staging
 *   const plan = yield* AsCode.plan(files, { projectId: 222 }) // production
 *   console.log(AsCode.renderPlan(plan))
 *   if (plan.changes) yield* AsCode.apply(files, { projectId: 222 })
 * })
 * Effect.runPromise(promote.pipe(Effect.provide(PostHog.layer({ apiKey: "phx_…" }))))
 * ```
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import { type ApplyOptions, type ApplyResult, runApply } from "./ascode/Apply.js"
import { type ExportOptions, exportFiles } from "./ascode/Export.js"
import { parseFiles } from "./ascode/Files.js"
import { computePlan, type Plan, type PlanOptions } from "./ascode/Plan.js"
import { limitedClient, makeLimiter, type RateBudget } from "./ascode/RateLimit.js"
import type { SpecFiles } from "./ascode/Spec.js"
import { HogkitError } from "./Errors.js"
import * as PostHogClient from "./PostHogClient.js"

export type { ApplyOptions, ApplyResult, FailedAction } from "./ascode/Apply.js"
export type { ExportOptions } from "./ascode/Export.js"
export { parseFiles, renderFiles } from "./ascode/Files.js"
export type { FieldChange, Plan, PlannedAction, PlanOptions, UnmanagedObject } from "./ascode/Plan.js"
export type { RateBudget } from "./ascode/RateLimit.js"
export { DEFAULT_BUDGET } from "./ascode/RateLimit.js"
export { renderApplyResult, renderPlan } from "./ascode/Render.js"
export {
  DashboardSpec,
  jsonSchemas,
  type ProjectSpec,
  SharingSpec,
  type SpecFiles,
  TemplateSpec
} from "./ascode/Spec.js"

/** Options every verb shares. @category options */
export interface LimitOptions {
  /** Requests per minute and hour this run may start (defaults keep within PostHog's per-key limits). */
  readonly rateLimit?: RateBudget | undefined
}

/** Runs `effect` with the pipeline in context behind a fresh rate limiter. */
const limited = <A, E>(
  budget: RateBudget | undefined,
  f: (client: PostHogClient.Service) => Effect.Effect<A, E, PostHogClient.PostHogClient>
): Effect.Effect<A, E, PostHogClient.PostHogClient> =>
  Effect.flatMap(PostHogClient.PostHogClient, (raw) => {
    const client = limitedClient(raw, makeLimiter(budget))
    return Effect.provideService(f(client), PostHogClient.PostHogClient, client)
  })

const parsed = (operation: string, files: SpecFiles) => {
  const specs = parseFiles(operation, files)
  return specs instanceof HogkitError ? Effect.fail(specs) : Effect.succeed(specs)
}

/**
 * The project's dashboards (with sharing) and templates as files, by relative path.
 *
 * @category verbs
 */
export const exportProject = (
  options: ExportOptions & LimitOptions = {}
): Effect.Effect<Record<string, string>, HogkitError, PostHogClient.PostHogClient> =>
  limited(options.rateLimit, () => exportFiles(options)).pipe(Effect.withSpan("AsCode.export"))

/**
 * What applying `files` would change in the project. Fails with a `ValidationError` naming the file for a
 * file that is not valid (including templates PostHog's own template schema refuses).
 *
 * @category verbs
 */
export const plan = (
  files: SpecFiles,
  options: PlanOptions & LimitOptions = {}
): Effect.Effect<Plan, HogkitError, PostHogClient.PostHogClient> =>
  Effect.flatMap(parsed("AsCode.plan", files), (specs) =>
    limited(options.rateLimit, (client) => computePlan("AsCode.plan", specs, options, client))
  ).pipe(Effect.withSpan("AsCode.plan"))

/**
 * Makes the project match `files`. Succeeds with what was done and what failed: an apply cut short by
 * faults converges when run again. Soft-deletes only with `prune`.
 *
 * @category verbs
 */
export const apply = (
  files: SpecFiles,
  options: ApplyOptions & LimitOptions = {}
): Effect.Effect<ApplyResult, HogkitError, PostHogClient.PostHogClient> =>
  Effect.flatMap(parsed("AsCode.apply", files), (specs) =>
    limited(options.rateLimit, (client) => runApply("AsCode.apply", specs, options, client))
  ).pipe(Effect.withSpan("AsCode.apply"))
