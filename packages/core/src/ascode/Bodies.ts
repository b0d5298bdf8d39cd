/** What files become on the wire: the request bodies of dashboards and templates, in PostHog's field names. */
import type { DashboardSpec, TemplateSpec } from "./Spec.js"

/** The body that creates or fully sets a dashboard's own fields. */
export const dashboardBody = (spec: DashboardSpec) => ({
  name: spec.name,
  description: spec.description,
  pinned: spec.pinned,
  tags: [...spec.tags],
  filters: spec.filters,
  variables: spec.variables ?? {},
  restriction_level: spec.restriction_level
})

export const templateBody = (spec: TemplateSpec) => ({
  template_name: spec.name,
  dashboard_description: spec.description,
  tags: [...spec.tags],
  dashboard_filters: spec.filters,
  variables: spec.variables,
  tiles: spec.tiles
})

/** A template file's field names as PostHog's API spells them. */
export const TEMPLATE_API_FIELD: Readonly<Record<string, string>> = {
  name: "template_name",
  description: "dashboard_description",
  tags: "tags",
  filters: "dashboard_filters",
  variables: "variables",
  tiles: "tiles"
}
