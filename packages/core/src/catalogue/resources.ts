/**
 * The facts of each resource that every operation on it shares: which fields PostHog manages itself, which
 * hold text people wrote, which are bulky, and where the object lives in PostHog's UI.
 */
import type { Resource, ResourceName } from "./model.js"

// The people PostHog embeds in objects: their names and email are text someone else chose.
const person = (field: string) => [`${field}.first_name`, `${field}.last_name`, `${field}.email`]

const idPath = (prefix: string) => (object: Readonly<Record<string, unknown>>) => {
  const id = object.id
  return typeof id === "number" || (typeof id === "string" && id !== "")
    ? `${prefix}${encodeURIComponent(String(id))}`
    : undefined
}

/** Where a comment shows: on its item's page, with the discussion panel open. */
const commentPath = (object: Readonly<Record<string, unknown>>): string | undefined => {
  const scope = typeof object.scope === "string" ? object.scope : undefined
  const item =
    typeof object.item_id === "string" || typeof object.item_id === "number"
      ? String(object.item_id)
      : undefined
  if (scope === undefined || item === undefined || item === "") return undefined
  const itemPath: Record<string, string> = {
    Dashboard: "/dashboard/",
    Insight: "/insights/",
    FeatureFlag: "/feature_flags/",
    Experiment: "/experiments/",
    Notebook: "/notebooks/",
    Survey: "/surveys/",
    Cohort: "/cohorts/",
    Action: "/data-management/actions/"
  }
  const prefix = itemPath[scope]
  return prefix === undefined ? undefined : `${prefix}${encodeURIComponent(item)}#panel=discussion`
}

export const resources: { readonly [K in ResourceName]: Resource & { readonly name: K } } = {
  comment: {
    name: "comment",
    singular: "comment",
    plural: "comments",
    idField: "id",
    idKind: "uuid",
    titleField: "content",
    serverManaged: [
      "id",
      "created_at",
      "created_by",
      "version",
      "completed_at",
      "completed_by",
      "slack_thread"
    ],
    userText: [
      "content",
      "rich_content",
      "item_context",
      "item_id",
      ...person("created_by"),
      ...person("completed_by")
    ],
    bulky: ["rich_content", "item_context", "slack_thread"],
    uiPath: commentPath,
    // Every comment of the project, under Data management.
    uiListPath: "/data-management/comments"
  },
  dashboard_template: {
    name: "dashboard_template",
    singular: "dashboard template",
    plural: "dashboard templates",
    idField: "id",
    idKind: "uuid",
    titleField: "template_name",
    serverManaged: ["id", "created_at", "created_by", "team_id"],
    userText: [
      "template_name",
      "dashboard_description",
      "tags",
      "tiles",
      "variables",
      "dashboard_filters",
      ...person("created_by")
    ],
    bulky: ["tiles", "dashboard_filters", "variables", "image_url"],
    // PostHog lists templates on a tab of the dashboards page; a template has no page of its own.
    uiPath: () => "/dashboard?tab=templates",
    uiListPath: "/dashboard?tab=templates"
  },
  dashboard: {
    name: "dashboard",
    singular: "dashboard",
    plural: "dashboards",
    idField: "id",
    idKind: "integer",
    titleField: "name",
    serverManaged: [
      "id",
      "created_at",
      "created_by",
      "last_accessed_at",
      "last_viewed_at",
      "last_refresh",
      "is_shared",
      "creation_mode",
      "effective_restriction_level",
      "effective_privilege_level",
      "user_access_level",
      "access_control_version",
      "team_id",
      "persisted_filters",
      "persisted_variables",
      "search_match_type"
    ],
    userText: ["name", "description", "tags", "tiles", ...person("created_by")],
    bulky: ["tiles", "filters", "variables", "persisted_filters", "persisted_variables", "breakdown_colors"],
    uiPath: idPath("/dashboard/"),
    uiListPath: "/dashboard"
  },
  sharing_configuration: {
    name: "sharing_configuration",
    singular: "sharing configuration",
    plural: "sharing configurations",
    serverManaged: ["created_at", "access_token", "share_passwords"],
    userText: ["share_passwords[].note", "share_passwords[].created_by_email"],
    bulky: [],
    uiPath: (object) => {
      const dashboard = object.dashboard_id
      return typeof dashboard === "number" ? `/dashboard/${dashboard}/sharing` : undefined
    }
  },
  share_password: {
    name: "share_password",
    singular: "share password",
    plural: "share passwords",
    idField: "id",
    idKind: "string",
    serverManaged: ["id", "created_at", "created_by_email", "is_active", "password"],
    userText: ["note", "created_by_email"],
    bulky: []
  },
  user: {
    name: "user",
    singular: "user",
    plural: "users",
    idField: "id",
    idKind: "integer",
    titleField: "email",
    serverManaged: ["id", "uuid", "distinct_id", "date_joined", "is_email_verified"],
    userText: ["first_name", "last_name", "email", "organization.name", "team.name"],
    bulky: ["organizations", "teams", "notification_settings"],
    uiPath: () => "/settings/user"
  },
  personal_api_key: {
    name: "personal_api_key",
    singular: "personal API key",
    plural: "personal API keys",
    idField: "id",
    idKind: "string",
    titleField: "label",
    serverManaged: ["id", "created_at", "last_used_at", "mask_value", "last_rolled_at"],
    userText: ["label"],
    bulky: [],
    uiPath: () => "/settings/user-api-keys"
  }
}
