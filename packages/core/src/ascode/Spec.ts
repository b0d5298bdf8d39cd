/**
 * The files of a project as code: one YAML (or JSON) file per dashboard and per dashboard template. The
 * zod schemas here are the format: they parse files, fill defaults (so a hand-written file can leave out
 * what it does not care about) and generate the JSON Schema editors validate and complete files with.
 *
 * Identity is the name; `id` pins a file to one object of one project (for names that repeat). Nothing
 * PostHog manages itself is part of a file: no timestamps, no creator, no access token, no password.
 */
import * as z from "zod"
import { SharingSettingsKeys } from "../schema/Sharing.js"

/** A JSON object (filters, settings, variables, tiles). */
const JsonObject = z.record(z.string(), z.json())

/** A dashboard's public sharing: whether the link works, its display settings, whether it asks a password. */
export const SharingSpec = z
  .strictObject({
    enabled: z.boolean().default(false).describe("Whether the dashboard's public link works."),
    settings: z
      .nullable(
        // Only the keys PostHog keeps: another would be dropped by the server and show as drift forever.
        z.strictObject(Object.fromEntries(SharingSettingsKeys.map((k) => [k, z.optional(z.json())])))
      )
      .default(null)
      .describe("Display settings of the shared page (noHeader, whitelabel, …), or null."),
    password_protected: z
      .boolean()
      .default(false)
      .describe("Whether the link asks for a password. Passwords themselves are never in files.")
  })
  .describe("The dashboard's public sharing.")
export type SharingSpec = z.output<typeof SharingSpec>

/** One dashboard. */
export const DashboardSpec = z
  .strictObject({
    name: z.string().max(400).describe("The dashboard's name: what identifies it in a project."),
    id: z
      .optional(z.number().int().positive())
      .describe("Pins the file to this dashboard id (only for names that repeat; ids differ per project)."),
    description: z.string().default(""),
    pinned: z.boolean().default(false),
    tags: z.array(z.string()).default([]),
    filters: JsonObject.default({}).describe("Dashboard-wide filters (date range, properties)."),
    variables: z.nullable(JsonObject).default(null).describe("Values of the dashboard's SQL variables."),
    restriction_level: z
      .union([z.literal(21), z.literal(37)])
      .default(21)
      .describe("21: everyone in the project can edit; 37: only people invited."),
    template: z
      .optional(z.string().min(1))
      .describe(
        "Create the dashboard from this template (a template name): how a dashboard gets its tiles. Read only when the dashboard is created."
      ),
    sharing: SharingSpec.default({ enabled: false, settings: null, password_protected: false })
  })
  .check(
    z.refine((d) => d.name.trim() !== "" || d.id !== undefined, {
      error: "A dashboard without a name needs an `id` to be identified.",
      path: ["name"]
    })
  )
  .describe("A PostHog dashboard, managed as code by hogkit.")
export type DashboardSpec = z.output<typeof DashboardSpec>

/** One dashboard template of the project (`team` scope). */
export const TemplateSpec = z
  .strictObject({
    name: z.string().min(1).max(400).describe("The template's name: unique in a project, its identity."),
    id: z.optional(z.uuid()).describe("Pins the file to this template id (ids differ per project)."),
    description: z.string().default(""),
    tags: z.array(z.string()).default([]),
    filters: JsonObject.default({}).describe("The dashboard filters a dashboard made from it starts with."),
    variables: z.nullable(z.json()).default(null).describe("The template's variables (PostHog's format)."),
    tiles: z
      .array(JsonObject)
      .min(1, "A template needs at least one tile.")
      .describe("The tiles a dashboard made from it gets (insights by query, or text).")
  })
  .describe("A PostHog dashboard template, managed as code by hogkit.")
export type TemplateSpec = z.output<typeof TemplateSpec>

/** What a file holds: decided by its folder. */
export type SpecKind = "dashboard" | "template"

/** Where each kind lives in a project folder. */
export const FOLDERS: { readonly [K in SpecKind]: string } = {
  dashboard: "dashboards",
  template: "templates"
}

/** The files of a project, by path relative to the project folder (`dashboards/weekly.yaml`). */
export type SpecFiles = Readonly<Record<string, string>>

/** A parsed project: every dashboard and template, with the file each came from. */
export interface ProjectSpec {
  readonly dashboards: ReadonlyArray<{ readonly file: string; readonly spec: DashboardSpec }>
  readonly templates: ReadonlyArray<{ readonly file: string; readonly spec: TemplateSpec }>
}

/**
 * The JSON Schemas of the two file kinds, generated from the zod schemas (the input side: defaults make
 * fields optional). Shipped as `@hogkit/core/as-code/dashboard.schema.json` and `…/template.schema.json`.
 */
export const jsonSchemas = (): { readonly dashboard: unknown; readonly template: unknown } => ({
  dashboard: z.toJSONSchema(DashboardSpec, { io: "input", target: "draft-2020-12" }),
  template: z.toJSONSchema(TemplateSpec, { io: "input", target: "draft-2020-12" })
})
