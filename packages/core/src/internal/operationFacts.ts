/**
 * The facts about an operation that failure advice reads, with the names and shapes of the catalogue's
 * `Operation` (`Catalogue.operation(name)`), so advice switches to the catalogue by changing one import.
 * INTERIM: replaced by `../Catalogue.js` when the catalogue lands on main.
 */

export type ResourceName =
  | "comment"
  | "dashboard_template"
  | "dashboard"
  | "sharing_configuration"
  | "share_password"

export interface Resource {
  readonly name: ResourceName
  readonly singular: string
  readonly plural: string
}

export interface Operation {
  readonly name: string
  readonly service: string
  readonly verb: string
  readonly summary: string
  readonly resource: Resource
  readonly method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE"
  readonly params: ReadonlyArray<{
    readonly name: string
    readonly label: string
    readonly resource: ResourceName
  }>
  readonly requiredScope: string | undefined
  readonly apiKeyAccess: "allowed" | "sessionOnly"
  readonly kind: "read" | "write" | "destructive"
  readonly idempotent: boolean
}

const resources: { readonly [K in ResourceName]: Resource } = {
  comment: { name: "comment", singular: "comment", plural: "comments" },
  dashboard_template: {
    name: "dashboard_template",
    singular: "dashboard template",
    plural: "dashboard templates"
  },
  dashboard: { name: "dashboard", singular: "dashboard", plural: "dashboards" },
  sharing_configuration: {
    name: "sharing_configuration",
    singular: "sharing configuration",
    plural: "sharing configurations"
  },
  share_password: { name: "share_password", singular: "share password", plural: "share passwords" }
}

type Row = readonly [
  name: string,
  summary: string,
  method: Operation["method"],
  kind: Operation["kind"],
  resource: ResourceName,
  param: ResourceName | undefined,
  scope: string | undefined,
  idempotent?: boolean,
  sessionOnly?: boolean
]

const rows: ReadonlyArray<Row> = [
  ["Comments.list", "list comments", "GET", "read", "comment", undefined, "comment:read"],
  ["Comments.get", "read a comment", "GET", "read", "comment", "comment", "comment:read"],
  ["Comments.create", "create a comment", "POST", "write", "comment", undefined, "comment:write"],
  ["Comments.update", "edit a comment", "PATCH", "write", "comment", "comment", "comment:write"],
  ["Comments.delete", "delete a comment", "PATCH", "destructive", "comment", "comment", "comment:write"],
  ["Comments.complete", "complete a task", "POST", "write", "comment", "comment", undefined, true, true],
  ["Comments.reopen", "reopen a task", "POST", "write", "comment", "comment", undefined, true, true],
  ["Comments.thread", "read a comment thread", "GET", "read", "comment", "comment", "comment:read"],
  ["Comments.count", "count comments", "GET", "read", "comment", undefined, "comment:read"],
  [
    "DashboardTemplates.list",
    "list dashboard templates",
    "GET",
    "read",
    "dashboard_template",
    undefined,
    "dashboard_template:read"
  ],
  [
    "DashboardTemplates.get",
    "read a dashboard template",
    "GET",
    "read",
    "dashboard_template",
    "dashboard_template",
    "dashboard_template:read"
  ],
  [
    "DashboardTemplates.create",
    "create a dashboard template",
    "POST",
    "write",
    "dashboard_template",
    undefined,
    "dashboard_template:write"
  ],
  [
    "DashboardTemplates.update",
    "edit a dashboard template",
    "PATCH",
    "write",
    "dashboard_template",
    "dashboard_template",
    "dashboard_template:write"
  ],
  [
    "DashboardTemplates.delete",
    "delete a dashboard template",
    "PATCH",
    "destructive",
    "dashboard_template",
    "dashboard_template",
    "dashboard_template:write"
  ],
  [
    "DashboardTemplates.restore",
    "restore a dashboard template",
    "PATCH",
    "write",
    "dashboard_template",
    "dashboard_template",
    "dashboard_template:write"
  ],
  [
    "DashboardTemplates.copyBetweenProjects",
    "copy a dashboard template into this project",
    "POST",
    "write",
    "dashboard_template",
    undefined,
    undefined,
    false,
    true
  ],
  [
    "DashboardTemplates.jsonSchema",
    "read the dashboard template JSON schema",
    "GET",
    "read",
    "dashboard_template",
    undefined,
    undefined,
    true,
    true
  ],
  ["Dashboards.list", "list dashboards", "GET", "read", "dashboard", undefined, "dashboard:read"],
  ["Dashboards.get", "read a dashboard", "GET", "read", "dashboard", "dashboard", "dashboard:read"],
  ["Dashboards.create", "create a dashboard", "POST", "write", "dashboard", undefined, "dashboard:write"],
  ["Dashboards.update", "edit a dashboard", "PATCH", "write", "dashboard", "dashboard", "dashboard:write"],
  [
    "Dashboards.delete",
    "delete a dashboard",
    "PATCH",
    "destructive",
    "dashboard",
    "dashboard",
    "dashboard:write"
  ],
  [
    "Dashboards.restore",
    "restore a dashboard",
    "PATCH",
    "write",
    "dashboard",
    "dashboard",
    "dashboard:write"
  ],
  [
    "Sharing.get",
    "read a dashboard's sharing",
    "GET",
    "read",
    "sharing_configuration",
    "dashboard",
    "sharing_configuration:read"
  ],
  [
    "Sharing.update",
    "change a dashboard's sharing",
    "PATCH",
    "write",
    "sharing_configuration",
    "dashboard",
    "sharing_configuration:write"
  ],
  [
    "Sharing.refresh",
    "refresh a dashboard's share link",
    "POST",
    "destructive",
    "sharing_configuration",
    "dashboard",
    "sharing_configuration:write"
  ],
  [
    "Sharing.createPassword",
    "add a share password",
    "POST",
    "write",
    "share_password",
    "dashboard",
    "sharing_configuration:write"
  ],
  [
    "Sharing.deletePassword",
    "remove a share password",
    "DELETE",
    "destructive",
    "share_password",
    "dashboard",
    "sharing_configuration:write"
  ]
]

export const operations: ReadonlyArray<Operation> = rows.map(
  ([name, summary, method, kind, resource, param, scope, idempotent, sessionOnly]) => ({
    name,
    service: name.split(".")[0] ?? name,
    verb: name.split(".")[1] ?? name,
    summary,
    resource: resources[resource],
    method,
    params: param ? [{ name: "id", label: `${resources[param].singular} id`, resource: param }] : [],
    requiredScope: scope,
    apiKeyAccess: sessionOnly ? "sessionOnly" : "allowed",
    kind,
    idempotent: idempotent ?? method !== "POST"
  })
)

const byName = new Map(operations.map((op) => [op.name, op]))

export const operation = (name: string): Operation | undefined => byName.get(name)
