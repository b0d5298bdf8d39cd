/** The dashboard template operations. */
import {
  CopyBetweenProjectsBody,
  DashboardTemplate,
  DashboardTemplateCreate,
  DashboardTemplateJsonSchema,
  DashboardTemplateListParams,
  DashboardTemplatePage,
  DashboardTemplateUpdate
} from "../schema/DashboardTemplates.js"
import type { Operation, PathParam } from "./model.js"
import { resources } from "./resources.js"

const template = resources.dashboard_template
const id: PathParam = { name: "id", kind: "uuid", label: "template id", resource: "dashboard_template" }
const common = { resource: template, root: "project", apiKeyAccess: "allowed", idempotent: true } as const
const write = { ...common, requiredScope: "dashboard_template:write", page: "none" } as const

export const dashboardTemplates = {
  list: {
    ...common,
    name: "DashboardTemplates.list",
    service: "DashboardTemplates",
    verb: "list",
    summary: "list dashboard templates",
    description:
      "Templates this project can use: its own (`scope=team`), PostHog's global ones (`global`) and feature-flag templates; by default its own and the global ones. Pages by limit/offset.",
    method: "GET",
    path: "dashboard_templates/",
    params: [],
    requiredScope: "dashboard_template:read",
    kind: "read",
    page: "offset",
    query: DashboardTemplateListParams,
    response: DashboardTemplatePage,
    crossProject: true
  },
  get: {
    ...common,
    name: "DashboardTemplates.get",
    service: "DashboardTemplates",
    verb: "get",
    summary: "read a dashboard template",
    description:
      "One template with its tiles, filters and variables (soft-deleted templates can still be read).",
    method: "GET",
    path: "dashboard_templates/{id}/",
    params: [id],
    requiredScope: "dashboard_template:read",
    kind: "read",
    page: "none",
    response: DashboardTemplate,
    crossProject: true
  },
  create: {
    ...write,
    name: "DashboardTemplates.create",
    service: "DashboardTemplates",
    verb: "create",
    summary: "create a dashboard template",
    description:
      "Creates a project template (scope `team`) from a name, description, tiles (at least one), filters, variables and tags. Names are unique per project.",
    method: "POST",
    path: "dashboard_templates/",
    params: [],
    kind: "write",
    idempotent: false,
    body: DashboardTemplateCreate,
    hiddenInputs: ["deleted"],
    response: DashboardTemplate
  },
  update: {
    ...write,
    name: "DashboardTemplates.update",
    service: "DashboardTemplates",
    verb: "update",
    summary: "edit a dashboard template",
    description:
      "Edits a project template: its name, description and tags (PostHog lets only staff change more). `deleted: true` soft-deletes it.",
    method: "PATCH",
    path: "dashboard_templates/{id}/",
    params: [id],
    kind: "destructive",
    body: DashboardTemplateUpdate,
    destroys: (input) =>
      input.deleted === true
        ? "soft-deletes the template"
        : input.tiles !== undefined
          ? "replaces the template's tiles"
          : undefined,
    response: DashboardTemplate
  },
  delete: {
    ...write,
    name: "DashboardTemplates.delete",
    service: "DashboardTemplates",
    verb: "delete",
    summary: "delete a dashboard template",
    description: "Soft-deletes a template; DashboardTemplates.restore brings it back.",
    method: "PATCH",
    path: "dashboard_templates/{id}/",
    params: [id],
    kind: "destructive",
    fixedBody: { deleted: true },
    destroysAlways: "soft-deletes the template",
    undo: "DashboardTemplates.restore",
    response: DashboardTemplate
  },
  restore: {
    ...write,
    name: "DashboardTemplates.restore",
    service: "DashboardTemplates",
    verb: "restore",
    summary: "restore a dashboard template",
    description:
      "Brings back a soft-deleted template (PostHog refuses when the organization already has 100 templates or the name is taken).",
    method: "PATCH",
    path: "dashboard_templates/{id}/",
    params: [id],
    kind: "write",
    fixedBody: { deleted: false },
    response: DashboardTemplate
  },
  copyBetweenProjects: {
    ...write,
    name: "DashboardTemplates.copyBetweenProjects",
    service: "DashboardTemplates",
    verb: "copyBetweenProjects",
    summary: "copy a dashboard template between projects",
    description:
      "Copies a template from another project of the same organization into this one (`source_template_id`); a taken name gets ` (copy)`, ` (copy 2)`, ….",
    method: "POST",
    path: "dashboard_templates/copy_between_projects/",
    params: [],
    apiKeyAccess: "sessionOnly",
    kind: "write",
    idempotent: false,
    body: CopyBetweenProjectsBody,
    response: DashboardTemplate
  },
  jsonSchema: {
    ...common,
    name: "DashboardTemplates.jsonSchema",
    service: "DashboardTemplates",
    verb: "jsonSchema",
    summary: "read the dashboard template JSON schema",
    description: "PostHog's JSON Schema for template files: what a valid template looks like.",
    method: "GET",
    path: "dashboard_templates/json_schema/",
    params: [],
    requiredScope: "dashboard_template:read",
    apiKeyAccess: "sessionOnly",
    kind: "read",
    page: "none",
    response: DashboardTemplateJsonSchema
  }
} satisfies Record<string, Operation>
