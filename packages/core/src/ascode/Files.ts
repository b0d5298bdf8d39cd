/**
 * Turning files into a `ProjectSpec` and specs into files: parsing YAML or JSON by extension, checking each
 * file against its zod schema (errors name the file and the field), refusing names that repeat, and
 * rendering specs as stable YAML with file names derived from the names.
 */
import { parse, stringify } from "yaml"
import type * as z from "zod"
import { HogkitError, ValidationError } from "../Errors.js"
import { canonical } from "./Canonical.js"
import {
  DashboardSpec,
  FOLDERS,
  type ProjectSpec,
  type SpecFiles,
  type SpecKind,
  TemplateSpec
} from "./Spec.js"

/** A file or spec that cannot be used, as a `ValidationError` naming the file and the field. */
export const specError = (operation: string, file: string, detail: string, _attr: string | null = null) =>
  new HogkitError({
    operation,
    // The field is already in `detail`, after the file: `attr` would print it twice.
    reason: new ValidationError({
      method: "",
      path: file,
      detail: `${file}: ${detail}`,
      attr: null,
      code: "invalid_spec"
    })
  })

const SPEC_FILE = /\.(ya?ml|json)$/i

/** Which kind a path holds (by its folder), or undefined for a file that is not part of the spec. */
export const kindOf = (path: string): SpecKind | undefined => {
  if (!SPEC_FILE.test(path)) return undefined
  const folder = path.split("/")[0]
  if (folder === FOLDERS.dashboard) return "dashboard"
  if (folder === FOLDERS.template) return "template"
  return undefined
}

const issuePath = (issue: z.core.$ZodIssue) => (issue.path.length === 0 ? null : issue.path.join("."))

const parseText = (operation: string, file: string, text: string): unknown | HogkitError => {
  if (/\.json$/i.test(file)) {
    try {
      return JSON.parse(text)
    } catch (e) {
      return specError(operation, file, `not valid JSON (${(e as Error).message}).`)
    }
  }
  try {
    return parse(text, { prettyErrors: true })
  } catch (e) {
    return specError(operation, file, `not valid YAML: ${(e as Error).message.split("\n")[0]}`)
  }
}

/**
 * Parses every spec file. Fails on the first file that is not valid, naming it, the field and what a valid
 * value looks like; and on a name used by two files of one kind (identity is the name).
 */
export const parseFiles = (operation: string, files: SpecFiles): ProjectSpec | HogkitError => {
  const dashboards: Array<{ file: string; spec: DashboardSpec }> = []
  const templates: Array<{ file: string; spec: TemplateSpec }> = []
  for (const file of Object.keys(files).sort()) {
    const kind = kindOf(file)
    if (kind === undefined) continue
    const raw = parseText(operation, file, files[file] ?? "")
    if (raw instanceof HogkitError) return raw
    const schema = kind === "dashboard" ? DashboardSpec : TemplateSpec
    const parsed = schema.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      const where = issuePath(issue)
      return specError(operation, file, `${where === null ? "" : `${where}: `}${issue.message}`, where)
    }
    if (kind === "dashboard") dashboards.push({ file, spec: parsed.data as DashboardSpec })
    else templates.push({ file, spec: parsed.data as TemplateSpec })
  }
  const repeated = (list: ReadonlyArray<{ file: string; spec: { name: string; id?: unknown } }>) => {
    const seen = new Map<string, string>()
    for (const { file, spec } of list) {
      if (spec.id !== undefined) continue
      const other = seen.get(spec.name)
      if (other !== undefined)
        return specError(
          operation,
          file,
          `the name "${spec.name}" is also used by ${other}; names identify objects, so give one of them another name or pin each to its \`id\`.`,
          "name"
        )
      seen.set(spec.name, file)
    }
    return undefined
  }
  const clash = repeated(dashboards) ?? repeated(templates)
  if (clash) return clash
  return { dashboards, templates }
}

/** A file name from an object's name: lower case, words joined by dashes, bounded. */
const slug = (name: string): string => {
  const s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "")
  return s === "" ? "unnamed" : s
}

const yaml = (value: unknown) => stringify(value, { lineWidth: 0, indent: 2 })

/** A dashboard as its file holds it: fixed field order, JSON values in canonical form. */
const dashboardDocument = (d: DashboardSpec) => ({
  name: d.name,
  ...(d.id === undefined ? {} : { id: d.id }),
  description: d.description,
  pinned: d.pinned,
  tags: [...d.tags].sort(),
  filters: canonical(d.filters),
  variables: canonical(d.variables),
  restriction_level: d.restriction_level,
  sharing: {
    enabled: d.sharing.enabled,
    settings: canonical(d.sharing.settings),
    password_protected: d.sharing.password_protected
  }
})

const templateDocument = (t: TemplateSpec) => ({
  name: t.name,
  ...(t.id === undefined ? {} : { id: t.id }),
  description: t.description,
  tags: [...t.tags].sort(),
  filters: canonical(t.filters),
  variables: canonical(t.variables),
  tiles: canonical(t.tiles)
})

/**
 * The files of a project: one YAML file per object, named after it (`-2`, `-3` … for names that slug
 * alike), in a stable order, so the same state always gives the same bytes.
 */
export const renderFiles = (spec: {
  readonly dashboards: ReadonlyArray<DashboardSpec>
  readonly templates: ReadonlyArray<TemplateSpec>
}): Record<string, string> => {
  const files: Record<string, string> = {}
  const place = (folder: string, name: string, text: string) => {
    const base = slug(name)
    let path = `${folder}/${base}.yaml`
    for (let n = 2; path in files; n++) path = `${folder}/${base}-${n}.yaml`
    files[path] = text
  }
  const byName = <T extends { name: string; id?: number | string | undefined }>(list: ReadonlyArray<T>) =>
    [...list].sort((a, b) =>
      a.name === b.name ? String(a.id ?? "").localeCompare(String(b.id ?? "")) : a.name < b.name ? -1 : 1
    )
  for (const t of byName(spec.templates)) place(FOLDERS.template, t.name, yaml(templateDocument(t)))
  for (const d of byName(spec.dashboards)) place(FOLDERS.dashboard, d.name, yaml(dashboardDocument(d)))
  return files
}
