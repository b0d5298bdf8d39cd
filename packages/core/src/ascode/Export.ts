/**
 * A project's current state as files: every dashboard (with its sharing) and every template of the
 * project, rendered stably. Ids are written only where a name does not identify one object (a name two
 * dashboards share, or none).
 */
import * as Effect from "effect/Effect"
import type { HogkitError } from "../Errors.js"
import type * as PostHogClient from "../PostHogClient.js"
import type { CallOptions } from "../PostHogClient.js"
import { renderFiles } from "./Files.js"
import type { DashboardSpec } from "./Spec.js"
import { listDashboards, listTemplates, readDashboard } from "./State.js"

export interface ExportOptions {
  /** The project to export (default: the client's). */
  readonly projectId?: number | undefined
  /** Requests in flight at once (default 8). */
  readonly concurrency?: number | undefined
}

export const exportFiles = (
  options: ExportOptions
): Effect.Effect<Record<string, string>, HogkitError, PostHogClient.PostHogClient> =>
  Effect.gen(function* () {
    const call: CallOptions = options.projectId === undefined ? {} : { projectId: options.projectId }
    const [dashboards, templates] = yield* Effect.all([listDashboards(call), listTemplates(call)], {
      concurrency: 2
    })
    const uses = new Map<string, number>()
    for (const d of dashboards) uses.set(d.name, (uses.get(d.name) ?? 0) + 1)
    const specs = yield* Effect.forEach(
      dashboards,
      (d) =>
        Effect.map(
          readDashboard(d.id, call),
          (spec): DashboardSpec =>
            d.name === "" || (uses.get(d.name) ?? 0) > 1 ? { ...spec, id: d.id } : spec
        ),
      { concurrency: options.concurrency ?? 8 }
    )
    return renderFiles({ dashboards: specs, templates: templates.map((t) => t.spec) })
  })
