/**
 * What applying files to a project would change: each object matched by name (or pinned id), compared
 * field by field; creates, updates, replacements (template fields only staff may edit) and, with `prune`,
 * soft-deletes of objects no file describes. Without `prune` those are listed as `unmanaged` and kept.
 */
import * as Effect from "effect/Effect"
import type { HogkitError } from "../Errors.js"
import type * as PostHogClient from "../PostHogClient.js"
import type { CallOptions } from "../PostHogClient.js"
import { sameJson } from "./Canonical.js"
import { specError } from "./Files.js"
import { checkTemplates } from "./ServerSchema.js"
import type { DashboardSpec, ProjectSpec, TemplateSpec } from "./Spec.js"
import { listDashboards, listTemplates, noneIfEmpty, type RemoteTemplate, readDashboard } from "./State.js"

/** One field that differs: its value in the project (`before`) and in the files (`after`). */
export interface FieldChange {
  readonly field: string
  readonly before: unknown
  readonly after: unknown
}

/** One thing apply would do. */
export interface PlannedAction {
  readonly kind: "dashboard" | "template"
  /**
   * `create`; `update` (the fields in `changes`); `replace` (a template whose tiles, filters or variables
   * changed: PostHog lets only staff edit those, so apply soft-deletes it and creates it anew, with `prune`
   * only); `delete` (soft-delete, with `prune` only).
   */
  readonly action: "create" | "update" | "replace" | "delete"
  readonly name: string
  /** The object's id in the project (absent for a create). */
  readonly id?: number | string | undefined
  /** The file describing it (absent for a delete). */
  readonly file?: string | undefined
  /** Field by field; for a create, every field with `before` absent. */
  readonly changes: ReadonlyArray<FieldChange>
  /** Set when the public link would be turned on or off. */
  readonly sharing?: "on" | "off" | undefined
}

/** An object of the project that no file describes, kept because `prune` was not asked for. */
export interface UnmanagedObject {
  readonly kind: "dashboard" | "template"
  readonly id: number | string
  readonly name: string
}

export interface Plan {
  /** The project compared (`@current` when the key's current project). */
  readonly projectId: number | "@current"
  readonly actions: ReadonlyArray<PlannedAction>
  readonly unmanaged: ReadonlyArray<UnmanagedObject>
  /** Whether applying would change anything. */
  readonly changes: boolean
  /** What the plan could not check (say, templates against PostHog's schema when the key may not read it). */
  readonly notes: ReadonlyArray<string>
  readonly summary: {
    readonly create: number
    readonly update: number
    readonly replace: number
    readonly delete: number
  }
}

export interface PlanOptions {
  /** The project to compare with (default: the client's). */
  readonly projectId?: number | undefined
  /** Soft-delete objects no file describes (default false: list them as unmanaged). */
  readonly prune?: boolean | undefined
  /** Requests in flight at once while reading the project (default 8). */
  readonly concurrency?: number | undefined
}

const DASHBOARD_FIELDS = [
  "name",
  "description",
  "pinned",
  "tags",
  "filters",
  "variables",
  "restriction_level"
] as const
const SHARING_FIELDS = ["enabled", "settings", "password_protected"] as const
/** Template fields a project member may change in place. */
const TEMPLATE_PATCHABLE = ["name", "description", "tags"] as const
/** Template fields only PostHog staff may change: a change to them replaces the template. */
const TEMPLATE_FIXED = ["filters", "variables", "tiles"] as const

const sorted = (v: ReadonlyArray<string>) => [...v].sort()

/** What a field means for comparison: tag order and empty variables never count as changes. */
const comparable = (field: string, value: unknown): unknown =>
  field === "tags" ? sorted(value as string[]) : field === "variables" ? noneIfEmpty(value) : value

export const diffDashboard = (before: DashboardSpec, after: DashboardSpec): FieldChange[] => {
  const changes: FieldChange[] = []
  for (const field of DASHBOARD_FIELDS) {
    const b = comparable(field, before[field])
    const a = comparable(field, after[field])
    if (!sameJson(b, a)) changes.push({ field, before: b, after: a })
  }
  for (const field of SHARING_FIELDS) {
    const b = before.sharing[field]
    const a = after.sharing[field]
    if (!sameJson(b, a)) changes.push({ field: `sharing.${field}`, before: b, after: a })
  }
  return changes
}

export const diffTemplate = (before: TemplateSpec, after: TemplateSpec): FieldChange[] => {
  const changes: FieldChange[] = []
  for (const field of [...TEMPLATE_PATCHABLE, ...TEMPLATE_FIXED]) {
    const b = comparable(field, before[field])
    const a = comparable(field, after[field])
    if (!sameJson(b, a)) changes.push({ field, before: b, after: a })
  }
  return changes
}

/** Whether a template change needs a replacement (a field only staff may edit changed). */
export const needsReplacement = (changes: ReadonlyArray<FieldChange>) =>
  changes.some((c) => (TEMPLATE_FIXED as ReadonlyArray<string>).includes(c.field))

const createChanges = (spec: DashboardSpec | TemplateSpec, fields: ReadonlyArray<string>): FieldChange[] =>
  fields.map((field) => ({ field, before: undefined, after: (spec as Record<string, unknown>)[field] }))

const sharingSwitch = (changes: ReadonlyArray<FieldChange>): "on" | "off" | undefined => {
  const c = changes.find((x) => x.field === "sharing.enabled")
  return c === undefined ? undefined : c.after === true ? "on" : "off"
}

/**
 * Pairs each file with the object it describes: by pinned id, else by name. A pinned id the project does
 * not have, or a name two objects share, is an error naming the file and the fix.
 */
const match = <
  R extends { readonly id: number | string; readonly name: string },
  S extends { name: string; id?: number | string | undefined }
>(
  operation: string,
  kind: string,
  files: ReadonlyArray<{ readonly file: string; readonly spec: S }>,
  remote: ReadonlyArray<R>,
  projectLabel: string
): Effect.Effect<
  { pairs: Array<{ file: string; spec: S; remote: R | undefined }>; rest: R[] },
  HogkitError
> =>
  Effect.suspend(() => {
    const claimed = new Set<number | string>()
    const pairs: Array<{ file: string; spec: S; remote: R | undefined }> = []
    for (const { file, spec } of files) {
      if (spec.id === undefined) continue
      const found = remote.find((r) => r.id === spec.id)
      if (found === undefined)
        return Effect.fail(
          specError(
            operation,
            file,
            `it is pinned to ${kind} id ${spec.id}, which ${projectLabel} does not have. Ids differ between projects: remove \`id\` to match by name.`,
            "id"
          )
        )
      claimed.add(found.id)
      pairs.push({ file, spec, remote: found })
    }
    for (const { file, spec } of files) {
      if (spec.id !== undefined) continue
      const same = remote.filter((r) => r.name === spec.name && !claimed.has(r.id))
      if (same.length > 1)
        return Effect.fail(
          specError(
            operation,
            file,
            `${projectLabel} has ${same.length} ${kind}s named "${spec.name}" (ids ${same.map((r) => r.id).join(", ")}); pin the file to one with \`id\`.`,
            "name"
          )
        )
      if (same[0] !== undefined) claimed.add(same[0].id)
      pairs.push({ file, spec, remote: same[0] })
    }
    return Effect.succeed({ pairs, rest: remote.filter((r) => !claimed.has(r.id)) })
  })

/** The plan, and what apply needs beyond it: the ids and states it was computed from. */
export interface PlanWithState {
  readonly plan: Plan
  readonly specs: ProjectSpec
}

const callOptions = (o: PlanOptions): CallOptions =>
  o.projectId === undefined ? {} : { projectId: o.projectId }

/** Reads the project and compares it with the files. */
export const computePlan = (
  operation: string,
  specs: ProjectSpec,
  options: PlanOptions,
  client: PostHogClient.Service
): Effect.Effect<Plan, HogkitError, PostHogClient.PostHogClient> =>
  Effect.gen(function* () {
    const call = callOptions(options)
    const concurrency = options.concurrency ?? 8
    const projectId = options.projectId ?? client.projectId
    const projectLabel = projectId === "@current" ? "the current project" : `project ${projectId}`
    const [dashboards, templates, notes] = yield* Effect.all(
      [listDashboards(call), listTemplates(call), checkTemplates(operation, specs, client, call)],
      { concurrency: 3 }
    )
    const actions: PlannedAction[] = []
    const unmanaged: UnmanagedObject[] = []

    const t = yield* match<RemoteTemplate & { name: string }, TemplateSpec>(
      operation,
      "template",
      specs.templates,
      templates.map((r) => ({ ...r, name: r.spec.name })),
      projectLabel
    )
    for (const { file, spec, remote } of t.pairs) {
      if (remote === undefined) {
        actions.push({
          kind: "template",
          action: "create",
          name: spec.name,
          file,
          changes: createChanges(spec, [...TEMPLATE_PATCHABLE, ...TEMPLATE_FIXED])
        })
        continue
      }
      const changes = diffTemplate(remote.spec, spec)
      if (changes.length > 0)
        actions.push({
          kind: "template",
          action: needsReplacement(changes) ? "replace" : "update",
          name: spec.name,
          id: remote.id,
          file,
          changes
        })
    }
    for (const r of t.rest) {
      if (options.prune)
        actions.push({ kind: "template", action: "delete", name: r.name, id: r.id, changes: [] })
      else unmanaged.push({ kind: "template", id: r.id, name: r.name })
    }

    const d = yield* match(operation, "dashboard", specs.dashboards, dashboards, projectLabel)
    const compared = yield* Effect.forEach(
      d.pairs,
      ({ file, spec, remote }) =>
        remote === undefined
          ? Effect.succeed<PlannedAction | undefined>({
              kind: "dashboard",
              action: "create",
              name: spec.name,
              file,
              // `template` only matters when the dashboard is created: it is where its tiles come from.
              changes: createChanges(spec, [
                ...DASHBOARD_FIELDS,
                ...(spec.template === undefined ? [] : ["template"]),
                "sharing"
              ]),
              sharing: spec.sharing.enabled ? "on" : undefined
            })
          : Effect.map(readDashboard(remote.id, call), (current): PlannedAction | undefined => {
              const changes = diffDashboard(current, spec)
              return changes.length === 0
                ? undefined
                : {
                    kind: "dashboard",
                    action: "update",
                    name: spec.name,
                    id: remote.id,
                    file,
                    changes,
                    sharing: sharingSwitch(changes)
                  }
            }),
      { concurrency }
    )
    for (const a of compared) if (a !== undefined) actions.push(a)
    for (const r of d.rest) {
      if (options.prune)
        actions.push({ kind: "dashboard", action: "delete", name: r.name, id: r.id, changes: [] })
      else unmanaged.push({ kind: "dashboard", id: r.id, name: r.name })
    }
    const count = (a: PlannedAction["action"]) => actions.filter((x) => x.action === a).length
    return {
      projectId,
      actions,
      unmanaged,
      changes: actions.length > 0,
      notes,
      summary: {
        create: count("create"),
        update: count("update"),
        replace: count("replace"),
        delete: count("delete")
      }
    }
  })
