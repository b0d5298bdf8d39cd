/**
 * Makes a project match the files: templates first (dashboards may be created from them), then dashboards
 * and their sharing. Every step is decided by a fresh plan, so a second apply changes nothing and an apply
 * cut short by faults or rate limits converges when run again: objects are found by name before anything
 * is created, and a create whose answer was lost is looked up by name before it is tried again. Requests
 * run a few at a time within PostHog's per-key rate limits. Nothing is soft-deleted without `prune`.
 */
import * as Effect from "effect/Effect"
import * as Dashboards from "../Dashboards.js"
import * as DashboardTemplates from "../DashboardTemplates.js"
import type { HogkitError } from "../Errors.js"
import type * as PostHogClient from "../PostHogClient.js"
import type { CallOptions } from "../PostHogClient.js"
import * as Sharing from "../Sharing.js"
import type { DashboardUpdate } from "../schema/Dashboards.js"
import type { SharingUpdate } from "../schema/Sharing.js"
import { dashboardBody, TEMPLATE_API_FIELD, templateBody } from "./Bodies.js"
import { computePlan, diffDashboard, type Plan, type PlannedAction, type PlanOptions } from "./Plan.js"
import type { DashboardSpec, ProjectSpec } from "./Spec.js"
import { dashboardSpecOf } from "./State.js"

export interface ApplyOptions extends PlanOptions {
  /** Requests in flight at once (default 8). */
  readonly concurrency?: number | undefined
}

/** One action that failed, with why. The rest of the apply went on; running it again retries it. */
export interface FailedAction {
  readonly action: PlannedAction
  readonly error: HogkitError
}

export interface ApplyResult {
  /** The plan apply carried out. */
  readonly plan: Plan
  /** Actions done. */
  readonly applied: ReadonlyArray<PlannedAction>
  /** Actions that failed (run apply again: it picks up where this one stopped). */
  readonly failed: ReadonlyArray<FailedAction>
  /** Template replacements left out because `prune` was not given (they soft-delete the old template). */
  readonly skipped: ReadonlyArray<PlannedAction>
}

const sharingDefaults = { enabled: false, settings: null, password_protected: false }

/** Runs the plan's actions against the project, reporting each failure instead of stopping. */
export const runApply = (
  operation: string,
  specs: ProjectSpec,
  options: ApplyOptions,
  client: PostHogClient.Service
): Effect.Effect<ApplyResult, HogkitError, PostHogClient.PostHogClient> =>
  Effect.gen(function* () {
    const plan = yield* computePlan(operation, specs, options, client)
    const call: CallOptions = options.projectId === undefined ? {} : { projectId: options.projectId }
    const concurrency = options.concurrency ?? 8
    const dashboards = Dashboards.requests(client)
    const templates = DashboardTemplates.requests(client)
    const sharing = Sharing.requests(client)
    const dashboardSpecs = new Map(specs.dashboards.map((d) => [d.file, d.spec]))
    const templateSpecs = new Map(specs.templates.map((t) => [t.file, t.spec]))
    const applied: PlannedAction[] = []
    const failed: FailedAction[] = []
    const skipped: PlannedAction[] = []

    /** Makes an existing dashboard match its spec: the fields that differ, then sharing. */
    const converge = (id: number, spec: DashboardSpec) =>
      Effect.gen(function* () {
        const [dashboard, shared] = yield* Effect.all([dashboards.get(id, call), sharing.get(id, call)], {
          concurrency: 2
        })
        const changes = diffDashboard(dashboardSpecOf(dashboard, shared), spec)
        const body = dashboardBody(spec)
        const patch: Record<string, unknown> = {}
        for (const c of changes)
          if (!c.field.startsWith("sharing.")) patch[c.field] = body[c.field as keyof typeof body]
        if (Object.keys(patch).length > 0) yield* dashboards.update(id, patch as DashboardUpdate, call)
        const share: SharingUpdate = {}
        for (const c of changes) {
          if (c.field === "sharing.enabled") share.enabled = spec.sharing.enabled
          if (c.field === "sharing.settings") share.settings = spec.sharing.settings
          if (c.field === "sharing.password_protected")
            share.password_required = spec.sharing.password_protected
        }
        if (Object.keys(share).length > 0) yield* sharing.update(id, share, call)
      })

    /**
     * Creates a dashboard. When the answer is lost (a reset after PostHog saved it), the dashboard may
     * exist: it is looked up by name among those the plan did not know before anything is sent again.
     */
    const createDashboard = (spec: DashboardSpec, known: ReadonlySet<number>) =>
      Effect.gen(function* () {
        const created = yield* Effect.catchTag(
          dashboards.create(
            {
              ...dashboardBody(spec),
              ...(spec.template === undefined ? {} : { use_template: spec.template })
            },
            call
          ),
          "HogkitError",
          (error) =>
            Effect.flatMap(dashboards.list({ search: spec.name, limit: 100 }, call), (page) => {
              const found = page.results.find((d) => d.name === spec.name && !known.has(d.id))
              return found === undefined ? Effect.fail(error) : Effect.succeed(found)
            })
        )
        // A template brings its own tags and filters, a copy its fields: whatever differs is set next.
        const needsMore =
          spec.template !== undefined ||
          spec.sharing.enabled !== sharingDefaults.enabled ||
          spec.sharing.settings !== sharingDefaults.settings ||
          spec.sharing.password_protected !== sharingDefaults.password_protected
        if (needsMore) yield* converge(created.id, spec)
      })

    const run = (action: PlannedAction, effect: Effect.Effect<unknown, HogkitError>) =>
      Effect.match(effect, {
        onSuccess: () => {
          applied.push(action)
        },
        onFailure: (error) => {
          failed.push({ action, error })
        }
      })

    const templateActions = plan.actions.filter((a) => a.kind === "template")
    const dashboardActions = plan.actions.filter((a) => a.kind === "dashboard")

    yield* Effect.forEach(
      templateActions,
      (action) => {
        const spec = action.file === undefined ? undefined : templateSpecs.get(action.file)
        switch (action.action) {
          case "create":
            return run(action, templates.create(templateBody(spec!), call))
          case "update": {
            const body: Record<string, unknown> = templateBody(spec!)
            const patch: Record<string, unknown> = {}
            for (const c of action.changes)
              patch[TEMPLATE_API_FIELD[c.field]!] = body[TEMPLATE_API_FIELD[c.field]!]
            return run(action, templates.update(String(action.id), patch, call))
          }
          case "replace":
            if (!options.prune) {
              skipped.push(action)
              return Effect.void
            }
            // The old one goes first: names are unique among a project's live templates.
            return run(
              action,
              Effect.andThen(
                templates.delete(String(action.id), call),
                templates.create(templateBody(spec!), call)
              )
            )
          case "delete":
            return run(action, templates.delete(String(action.id), call))
        }
      },
      { concurrency, discard: true }
    )

    const known = new Set(
      dashboardActions
        .flatMap((a) => (typeof a.id === "number" ? [a.id] : []))
        .concat(
          plan.unmanaged.flatMap((u) => (u.kind === "dashboard" && typeof u.id === "number" ? [u.id] : []))
        )
    )
    yield* Effect.forEach(
      dashboardActions,
      (action) => {
        const spec = action.file === undefined ? undefined : dashboardSpecs.get(action.file)
        switch (action.action) {
          case "create":
            return run(action, createDashboard(spec!, known))
          case "update":
            return run(action, converge(action.id as number, spec!))
          case "delete":
            return run(action, dashboards.delete(action.id as number, undefined, call))
          case "replace":
            return Effect.void
        }
      },
      { concurrency, discard: true }
    )
    return { plan, applied, failed, skipped }
  })
