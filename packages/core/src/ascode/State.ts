/**
 * A project's current dashboards and templates, read through the pipeline and turned into specs: the
 * same shape files parse to, so export renders it and plan compares against it field by field.
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Dashboards from "../Dashboards.js"
import * as DashboardTemplates from "../DashboardTemplates.js"
import type { HogkitError } from "../Errors.js"
import type { CallOptions } from "../PostHogClient.js"
import * as PostHogClient from "../PostHogClient.js"
import * as Sharing from "../Sharing.js"
import type { Dashboard } from "../schema/Dashboards.js"
import type { DashboardTemplate } from "../schema/DashboardTemplates.js"
import type { SharingConfiguration } from "../schema/Sharing.js"
import type { DashboardSpec, TemplateSpec } from "./Spec.js"

/** A dashboard of the project: its id, its name, and (when read in full) what a file would say. */
export interface RemoteDashboard {
  readonly id: number
  readonly name: string
}

export interface RemoteTemplate {
  readonly id: string
  readonly spec: TemplateSpec
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v)

/** Variables: PostHog answers `{}` or `null` for "none"; both are "none" here. */
export const noneIfEmpty = (v: unknown): Record<string, unknown> | null =>
  isObject(v) && Object.keys(v).length > 0 ? v : null

const sortedStrings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((t): t is string => typeof t === "string").sort() : []

/** A dashboard and its sharing as a file would describe them. */
export const dashboardSpecOf = (d: Dashboard, s: SharingConfiguration): DashboardSpec => ({
  name: d.name ?? "",
  description: d.description ?? "",
  pinned: d.pinned ?? false,
  tags: sortedStrings(d.tags),
  filters: (isObject(d.filters) ? d.filters : {}) as DashboardSpec["filters"],
  variables: noneIfEmpty(d.variables) as DashboardSpec["variables"],
  restriction_level: d.restriction_level === 37 ? 37 : 21,
  sharing: {
    enabled: s.enabled,
    settings: (isObject(s.settings) ? s.settings : null) as DashboardSpec["sharing"]["settings"],
    password_protected: s.password_required ?? false
  }
})

export const templateSpecOf = (t: DashboardTemplate): TemplateSpec => ({
  name: t.template_name ?? "",
  description: t.dashboard_description ?? "",
  tags: sortedStrings(t.tags),
  filters: (isObject(t.dashboard_filters) ? t.dashboard_filters : {}) as TemplateSpec["filters"],
  variables: (t.variables ?? null) as TemplateSpec["variables"],
  tiles: (Array.isArray(t.tiles) ? t.tiles.filter(isObject) : []) as TemplateSpec["tiles"]
})

/** The project's own templates: global ones belong to every project and are not the project's to manage. */
const ownTemplate = (t: DashboardTemplate) => t.deleted !== true && t.scope !== "global"

/** Every live dashboard of the project (id and name; the list shape). */
export const listDashboards = (
  options: CallOptions
): Effect.Effect<ReadonlyArray<RemoteDashboard>, HogkitError, PostHogClient.PostHogClient> =>
  Effect.gen(function* () {
    const dashboards = yield* Dashboards.make
    const all = yield* Stream.runCollect(dashboards.stream({}, options))
    return Array.from(all, (d) => ({ id: d.id, name: d.name ?? "" }))
  })

/** One dashboard in full with its sharing, as a spec. */
export const readDashboard = (
  id: number,
  options: CallOptions
): Effect.Effect<DashboardSpec, HogkitError, PostHogClient.PostHogClient> =>
  Effect.gen(function* () {
    const client = yield* PostHogClient.PostHogClient
    const [dashboard, sharing] = yield* Effect.all(
      [Dashboards.requests(client).get(id, options), Sharing.requests(client).get(id, options)],
      { concurrency: 2 }
    )
    return dashboardSpecOf(dashboard, sharing)
  })

/** Every template of the project, as specs. */
export const listTemplates = (
  options: CallOptions
): Effect.Effect<ReadonlyArray<RemoteTemplate>, HogkitError, PostHogClient.PostHogClient> =>
  Effect.gen(function* () {
    const templates = yield* DashboardTemplates.make
    const all = yield* Stream.runCollect(templates.stream({}, options))
    return Array.from(all)
      .filter(ownTemplate)
      .map((t) => ({ id: t.id, spec: templateSpecOf(t) }))
  })
