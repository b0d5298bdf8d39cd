/**
 * A plan as people read it: one line per object (`+` create, `~` update, `-/+` replace, `-` soft-delete),
 * indented lines per field with its value before and after, what is kept because no file describes it,
 * and a closing count. Adapters print it as it is.
 */
import type { ApplyResult } from "./Apply.js"
import type { FieldChange, Plan, PlannedAction } from "./Plan.js"

const MAX_VALUE = 72

const show = (value: unknown): string => {
  if (value === undefined) return "(none)"
  const text = JSON.stringify(value)
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text
}

const SIGN: Record<PlannedAction["action"], string> = {
  create: "+",
  update: "~",
  replace: "-/+",
  delete: "-"
}

const label = (a: { kind: string; name: string; id?: number | string | undefined }) =>
  `${a.kind} "${a.name}"${a.id === undefined ? "" : ` (id ${a.id})`}`

const fieldLine = (c: FieldChange, create: boolean) =>
  create ? `    ${c.field}: ${show(c.after)}` : `    ${c.field}: ${show(c.before)} → ${show(c.after)}`

/** One action, with its fields. */
export const renderAction = (a: PlannedAction): string[] => {
  const head = `${SIGN[a.action]} ${label(a)}${a.file === undefined ? "" : `  ${a.file}`}`
  const notes: string[] = []
  if (a.action === "delete") notes.push("    soft-delete (restorable in PostHog)")
  if (a.action === "replace")
    notes.push(
      "    PostHog lets only staff edit a template's tiles, filters or variables: apply soft-deletes it and creates it anew (only with --prune)"
    )
  if (a.sharing === "on") notes.push("    public link: on")
  if (a.sharing === "off") notes.push("    public link: off (everyone who has it loses access)")
  return [head, ...a.changes.map((c) => fieldLine(c, a.action === "create")), ...notes]
}

/** The whole plan as text. */
export const renderPlan = (plan: Plan): string => {
  const where = plan.projectId === "@current" ? "the current project" : `project ${plan.projectId}`
  const lines: string[] = []
  for (const a of plan.actions) lines.push(...renderAction(a))
  if (plan.unmanaged.length > 0) {
    lines.push(
      `Kept (no file describes them; apply --prune would soft-delete them): ${plan.unmanaged.length}`,
      ...plan.unmanaged.map((u) => `  ${label(u)}`)
    )
  }
  for (const note of plan.notes) lines.push(`Note: ${note}`)
  const s = plan.summary
  lines.push(
    plan.changes
      ? `Plan for ${where}: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete.`
      : `No changes: ${where} matches the files.`
  )
  return `${lines.join("\n")}\n`
}

/** What an apply did, as text. */
export const renderApplyResult = (result: ApplyResult): string => {
  const lines: string[] = []
  for (const a of result.applied) lines.push(`${SIGN[a.action]} ${label(a)}: done`)
  for (const a of result.skipped) lines.push(`${SIGN[a.action]} ${label(a)}: skipped (needs --prune)`)
  for (const f of result.failed)
    lines.push(`${SIGN[f.action.action]} ${label(f.action)}: failed: ${f.error.message}`)
  lines.push(
    result.failed.length === 0
      ? `Applied ${result.applied.length} change${result.applied.length === 1 ? "" : "s"}${result.skipped.length > 0 ? `, skipped ${result.skipped.length}` : ""}.`
      : `Applied ${result.applied.length}, failed ${result.failed.length}: run apply again to finish (it picks up where this one stopped, without duplicates).`
  )
  return `${lines.join("\n")}\n`
}
