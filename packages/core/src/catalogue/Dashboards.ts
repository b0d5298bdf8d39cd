/** The dashboard operations. */
import {
  Dashboard,
  DashboardCreate,
  DashboardListParams,
  DashboardPage,
  DashboardUpdate
} from "../schema/Dashboards.js"
import type { Operation, PathParam } from "./model.js"
import { resources } from "./resources.js"

const dashboard = resources.dashboard
const id: PathParam = { name: "id", kind: "integer", label: "dashboard id", resource: "dashboard" }
const common = { resource: dashboard, root: "project", apiKeyAccess: "allowed", idempotent: true } as const
const write = { ...common, requiredScope: "dashboard:write", page: "none" } as const

export const dashboards = {
  list: {
    ...common,
    name: "Dashboards.list",
    service: "Dashboards",
    verb: "list",
    summary: "list dashboards",
    description:
      "Dashboards of the project, pinned first then by name, without their tiles; `search` matches names and descriptions. Pages by limit/offset with a total `count`.",
    method: "GET",
    path: "dashboards/",
    params: [],
    requiredScope: "dashboard:read",
    kind: "read",
    page: "offset",
    query: DashboardListParams,
    response: DashboardPage
  },
  get: {
    ...common,
    name: "Dashboards.get",
    service: "Dashboards",
    verb: "get",
    summary: "read a dashboard",
    description:
      "One dashboard with its tiles, filters and variables. Reading it updates its `last_accessed_at`.",
    method: "GET",
    path: "dashboards/{id}/",
    params: [id],
    requiredScope: "dashboard:read",
    kind: "read",
    page: "none",
    response: Dashboard
  },
  create: {
    ...write,
    name: "Dashboards.create",
    service: "Dashboards",
    verb: "create",
    summary: "create a dashboard",
    description:
      "Creates a dashboard: blank, from a template (`use_template`: a template's name or a built-in key), or as a copy of another dashboard (`use_dashboard`).",
    method: "POST",
    path: "dashboards/",
    params: [],
    kind: "write",
    idempotent: false,
    body: DashboardCreate,
    hiddenInputs: ["deleted", "delete_insights", "_create_in_folder"],
    response: Dashboard
  },
  update: {
    ...write,
    name: "Dashboards.update",
    service: "Dashboards",
    verb: "update",
    summary: "edit a dashboard",
    description:
      "Edits a dashboard's name, description, pinned flag, tags, filters, variables or restriction level (21: everyone in the project can edit; 37: only people invited). `deleted: true` soft-deletes it.",
    method: "PATCH",
    path: "dashboards/{id}/",
    params: [id],
    kind: "destructive",
    body: DashboardUpdate,
    hiddenInputs: ["delete_insights"],
    destroys: (input) =>
      input.deleted === true
        ? input.delete_insights === true
          ? "soft-deletes the dashboard and the insights only it uses"
          : "soft-deletes the dashboard"
        : input.filters !== undefined || input.variables !== undefined
          ? "replaces the dashboard's filters or variables"
          : undefined,
    response: Dashboard
  },
  delete: {
    ...write,
    name: "Dashboards.delete",
    service: "Dashboards",
    verb: "delete",
    summary: "delete a dashboard",
    description:
      "Soft-deletes a dashboard (optionally with the insights no other dashboard uses); Dashboards.restore brings it back.",
    method: "PATCH",
    path: "dashboards/{id}/",
    params: [id],
    kind: "destructive",
    fixedBody: { deleted: true },
    destroysAlways: "soft-deletes the dashboard",
    undo: "Dashboards.restore",
    response: Dashboard
  },
  restore: {
    ...write,
    name: "Dashboards.restore",
    service: "Dashboards",
    verb: "restore",
    summary: "restore a dashboard",
    description: "Brings back a soft-deleted dashboard.",
    method: "PATCH",
    path: "dashboards/{id}/",
    params: [id],
    kind: "write",
    fixedBody: { deleted: false },
    response: Dashboard
  }
} satisfies Record<string, Operation>
