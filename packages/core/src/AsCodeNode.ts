/**
 * `@hogkit/core/as-code/node`: the as-code verbs over folders on disk, for Node. `readDirectory` and
 * `writeDirectory` move files between a project folder and the `{ path: text }` the verbs of
 * `@hogkit/core/as-code` take; `createAsCodeClient` is the Promise form of the three verbs over folders.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import {
  type ApplyOptions,
  type ApplyResult,
  apply,
  exportProject,
  type LimitOptions,
  plan
} from "./AsCode.js"
import { readDirectory, type WriteResult, writeDirectory } from "./ascode/Directory.js"
import type { ExportOptions } from "./ascode/Export.js"
import type { Plan, PlanOptions } from "./ascode/Plan.js"
import { processEnvironment } from "./config/Environment.js"
import { HogkitError } from "./Errors.js"
import { optionsFromEnvironment } from "./internal/optionsFromEnvironment.js"
import * as PostHogClient from "./PostHogClient.js"

export { readDirectory, type WriteResult, writeDirectory } from "./ascode/Directory.js"

/** The Promise form of the three verbs, over folders. @category models */
export interface AsCodeClient {
  /** Writes the project's state into `dir` (removing files of objects that are gone). */
  exportTo(dir: string, options?: ExportOptions & LimitOptions): Promise<WriteResult>
  plan(dir: string, options?: PlanOptions & LimitOptions): Promise<Plan>
  apply(dir: string, options?: ApplyOptions & LimitOptions): Promise<ApplyResult>
  /** Releases the client's resources. */
  close(): Promise<void>
}

/**
 * The verbs as Promises, for code without Effect. Options left out are read from the environment as
 * `createClient` of `@hogkit/core/promise` reads them. Failures reject with `HogkitError`.
 *
 * @example
 * ```ts
 * import { renderPlan } from "@hogkit/core/as-code"
 * import { createAsCodeClient } from "@hogkit/core/as-code/node"
 *
 * const asCode = createAsCodeClient({ host: "eu" })
 * await asCode.exportTo("posthog/", { projectId: 111 }) // staging
 * const plan = await asCode.plan("posthog/", { projectId: 222 }) // production
 * process.stdout.write(renderPlan(plan))
 * if (plan.changes) await asCode.apply("posthog/", { projectId: 222 })
 * await asCode.close()
 * ```
 *
 * @category constructors
 */
export const createAsCodeClient = (options: Partial<PostHogClient.PostHogOptions> = {}): AsCodeClient => {
  const resolved = optionsFromEnvironment(options, processEnvironment(), "createAsCodeClient")
  const runtime = ManagedRuntime.make(
    PostHogClient.layer(resolved instanceof HogkitError ? { ...options, apiKey: "" } : resolved)
  )
  const run = async <A>(effect: Effect.Effect<A, HogkitError, PostHogClient.PostHogClient>): Promise<A> => {
    if (resolved instanceof HogkitError) throw resolved
    return runtime.runPromise(effect)
  }
  return {
    exportTo: (dir, o) => run(Effect.flatMap(exportProject(o), (files) => writeDirectory(dir, files))),
    plan: (dir, o) => run(Effect.flatMap(readDirectory(dir), (files) => plan(files, o))),
    apply: (dir, o) => run(Effect.flatMap(readDirectory(dir), (files) => apply(files, o))),
    close: () => runtime.dispose()
  }
}
