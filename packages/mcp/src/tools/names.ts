/**
 * MCP's own vocabulary for the catalogue's operations: which tool runs each operation, and in which
 * toolset it sits. Core names operations (`Dashboards.list`); tool names are PostHog's MCP names
 * (`dashboards-get-all`) where PostHog has the tool, and the same style where it does not. A test fails
 * when the catalogue gains an operation this map does not name.
 *
 * Kept free of imports so selection and the build-time listing can read it without loading core.
 */

/** Operation name → the tool that runs it. Restores of dashboards and templates run through their update tools (`deleted: false`). */
export const TOOL_OF_OPERATION = {
  "Dashboards.list": "dashboards-get-all",
  "Dashboards.get": "dashboard-get",
  "Dashboards.create": "dashboard-create",
  "Dashboards.update": "dashboard-update",
  "Dashboards.restore": "dashboard-update",
  "Dashboards.delete": "dashboard-delete",
  "DashboardTemplates.list": "dashboard-templates-list",
  "DashboardTemplates.get": "dashboard-templates-retrieve",
  "DashboardTemplates.create": "dashboard-templates-create",
  "DashboardTemplates.update": "dashboard-templates-update",
  "DashboardTemplates.restore": "dashboard-templates-update",
  "DashboardTemplates.delete": "dashboard-templates-delete",
  "DashboardTemplates.copyBetweenProjects": "dashboard-templates-copy-between-projects",
  "DashboardTemplates.jsonSchema": "dashboard-templates-json-schema",
  "Comments.list": "comments-list",
  "Comments.get": "comment-get",
  "Comments.thread": "comment-thread",
  "Comments.count": "comment-count",
  "Comments.create": "comment-create",
  "Comments.update": "comment-update",
  "Comments.delete": "comment-delete",
  "Comments.restore": "comment-restore",
  "Comments.complete": "comment-complete",
  "Comments.reopen": "comment-reopen",
  "Sharing.get": "dashboard-sharing-get",
  "Sharing.update": "dashboard-sharing-update",
  "Sharing.refresh": "dashboard-sharing-refresh",
  "Sharing.createPassword": "dashboard-sharing-password-create",
  "Sharing.deletePassword": "dashboard-sharing-password-delete",
  "Account.currentUser": "whoami",
  "Account.currentKey": "personal-api-key-get-current"
} as const

export type OperationName = keyof typeof TOOL_OF_OPERATION
