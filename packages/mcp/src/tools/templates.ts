/** The templates toolset: list and read (in any project of the organization), create, edit, delete, copy, the JSON Schema. */
import * as Effect from "effect/Effect"
import * as z from "zod"
import { DEFAULT_LIMIT, offsetPage } from "../internal/paging.js"
import { type ItemShaping, shapeOne } from "../internal/shape.js"
import { bodyArgs, type Docs, fields, limit, offset, projectId, queryArgs, templateId } from "./args.js"
import { define, op } from "./define.js"
import { done, isRestore, split } from "./helpers.js"
import { hoistLink, linked } from "./results.js"

const shaping: ItemShaping = {
  bulky: op("DashboardTemplates.list").resource.bulky,
  fullTool: "dashboard-templates-retrieve"
}

// The body arguments are built from the catalogue's schema, so their static type is not known here.
const sourceOf = (args: object) => (args as { readonly source_template_id: string }).source_template_id

const writable: Docs = {
  template_name: "Name, unique in the project.",
  dashboard_description: "Description of the dashboards made from it.",
  dashboard_filters: 'Their starting filters, e.g. {"date_from": "-30d"}.',
  tags: "Tags.",
  tiles:
    'Tiles (see dashboard-templates-json-schema), e.g. [{"type": "INSIGHT", "name": "Pageviews", "query": {…}}].',
  variables: "Variables a user fills in (see dashboard-templates-json-schema).",
  image_url: "Preview image URL.",
  scope: "team (this project, default); global, feature_flag: staff only.",
  availability_contexts: 'Where PostHog offers it, e.g. ["general"].',
  is_featured: "Featured (staff only)."
}

export const templateTools = [
  define({
    operation: "DashboardTemplates.list",
    toolset: "templates",
    title: "List dashboard templates",
    hint: "`project_id` lists another project's.",
    inputSchema: z.strictObject({
      ...queryArgs(op("DashboardTemplates.list"), {
        is_featured: "true: only featured ones.",
        scope: "team: the project's own; global: PostHog's; feature_flag: for flags.",
        ordering: "Sort order; -created_at: newest first.",
        search: "Text in the name, description or tags."
      }),
      project_id: projectId,
      limit,
      offset,
      fields
    }),
    project: (args) => args.project_id,
    run: (args, core) =>
      core.DashboardTemplates.use((t) =>
        t.list({ ...split(args, "fields", "project_id"), limit: args.limit ?? DEFAULT_LIMIT })
      ).pipe(
        Effect.flatMap(linked(core, "dashboard_template")),
        Effect.map((page) => hoistLink(offsetPage(page, args.offset ?? 0, shaping, args.fields)))
      )
  }),
  define({
    operation: "DashboardTemplates.get",
    toolset: "templates",
    title: "Get dashboard template",
    hint: "To use it: dashboard-create with use_template = its template_name.",
    inputSchema: z.strictObject({ id: templateId, project_id: projectId, fields }),
    subject: (args) => `dashboard template ${args.id}`,
    listTool: "dashboard-templates-list",
    project: (args) => args.project_id,
    run: (args, core) =>
      core.DashboardTemplates.use((t) => t.get(args.id)).pipe(
        Effect.flatMap(linked(core, "dashboard_template")),
        Effect.map((v) => shapeOne(v, args.fields))
      )
  }),
  define({
    operation: "DashboardTemplates.create",
    toolset: "templates",
    title: "Create dashboard template",
    inputSchema: z.strictObject(
      bodyArgs(op("DashboardTemplates.create"), writable, { required: ["template_name", "tiles"] })
    ),
    run: (args, core) =>
      core.DashboardTemplates.use((t) => t.create(args)).pipe(
        Effect.flatMap(linked(core, "dashboard_template")),
        Effect.map((v) => shapeOne(v, undefined))
      )
  }),
  define({
    operation: "DashboardTemplates.update",
    also: ["DashboardTemplates.restore"],
    toolset: "templates",
    title: "Update dashboard template",
    inputSchema: z.strictObject({
      id: templateId,
      // As the catalogue says, PostHog lets only its staff change more than name, description and tags.
      ...bodyArgs(
        op("DashboardTemplates.update"),
        { ...writable, deleted: "true: soft-delete; false: restore." },
        { omit: ["tiles", "dashboard_filters", "variables"] }
      )
    }),
    subject: (args) => `dashboard template ${args.id}`,
    listTool: "dashboard-templates-list",
    run: (args, core) =>
      (isRestore(args)
        ? core.DashboardTemplates.use((t) => t.restore(args.id))
        : core.DashboardTemplates.use((t) => t.update(args.id, split(args, "id")))
      ).pipe(
        Effect.flatMap(linked(core, "dashboard_template")),
        Effect.map((v) => shapeOne(v, undefined))
      )
  }),
  define({
    operation: "DashboardTemplates.delete",
    toolset: "templates",
    title: "Delete dashboard template",
    inputSchema: z.strictObject({ id: templateId }),
    subject: (args) => `dashboard template ${args.id}`,
    listTool: "dashboard-templates-list",
    run: (args, core) =>
      core.DashboardTemplates.use((t) => t.delete(args.id)).pipe(
        Effect.as(
          done(
            `Template ${args.id} was deleted. dashboard-templates-update with deleted: false restores it.`,
            { id: args.id }
          )
        )
      )
  }),
  define({
    operation: "DashboardTemplates.copyBetweenProjects",
    toolset: "templates",
    title: "Copy dashboard template to a project",
    hint: "Global and feature-flag templates cannot be copied.",
    inputSchema: z.strictObject({
      ...bodyArgs(
        op("DashboardTemplates.copyBetweenProjects"),
        {
          source_template_id: "Id of the template to copy (dashboard-templates-list with its project_id)."
        },
        { required: ["source_template_id"], override: { source_template_id: templateId } }
      ),
      project_id: projectId.describe(
        "The project to copy into (id from whoami); default: the configured one."
      )
    }),
    subject: (args) => `dashboard template ${sourceOf(args)}`,
    listTool: "dashboard-templates-list",
    project: (args) => args.project_id,
    run: (args, core) =>
      core.DashboardTemplates.use((t) => t.copyBetweenProjects({ sourceTemplateId: sourceOf(args) })).pipe(
        Effect.flatMap(linked(core, "dashboard_template")),
        Effect.map((v) => shapeOne(v, undefined))
      )
  }),
  define({
    operation: "DashboardTemplates.jsonSchema",
    toolset: "templates",
    title: "Dashboard template JSON Schema",
    hint: "Read it before dashboard-templates-create.",
    inputSchema: z.strictObject({}),
    run: (_args, core) =>
      core.DashboardTemplates.use((t) => t.jsonSchema()).pipe(
        Effect.map((v) => ({ value: v, truncated: [] }))
      )
  })
]
