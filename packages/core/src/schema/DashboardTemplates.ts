/**
 * Dashboard templates: reusable dashboard layouts. `team` templates belong to one project, `global` ones
 * to everyone, `feature_flag` ones back PostHog's feature-flag dashboards.
 */
import * as z from "zod"
import { describeValue } from "../internal/describe.js"
import {
  boundedString,
  JsonObject,
  Limits,
  OffsetPage,
  OffsetParams,
  responseObject,
  SearchParam,
  Timestamp,
  UserBasic
} from "./Common.js"

/** Where a template is offered. @category enums */
export const TemplateScope = z.enum(["team", "global", "feature_flag"])
export type TemplateScope = z.infer<typeof TemplateScope>

/** A dashboard template as PostHog returns it. @category resources */
export const DashboardTemplate = responseObject({
  id: z.string(),
  template_name: z.nullish(z.string()),
  dashboard_description: z.nullish(z.string()),
  dashboard_filters: z.optional(z.unknown()),
  tags: z.nullish(z.array(z.string())),
  tiles: z.optional(z.unknown()),
  variables: z.optional(z.unknown()),
  deleted: z.nullish(z.boolean()),
  created_at: z.nullish(Timestamp),
  // Newest PostHog embeds a UserBasic; older versions sent the user id.
  created_by: z.nullish(z.union([UserBasic, z.number()])),
  image_url: z.nullish(z.string()),
  team_id: z.nullish(z.number()),
  scope: z.nullish(z.string()),
  availability_contexts: z.nullish(z.array(z.string())),
  is_featured: z.nullish(z.boolean())
})
export interface DashboardTemplate extends z.infer<typeof DashboardTemplate> {}

/** A page of templates (limit/offset). @category pages */
export const DashboardTemplatePage = OffsetPage(DashboardTemplate)
export interface DashboardTemplatePage extends z.infer<typeof DashboardTemplatePage> {}

const scopeField = z.union([TemplateScope, z.literal("")], {
  error: (issue) => `"${describeValue(issue.input)}" is not a valid choice.`
})

const writable = {
  template_name: z.nullish(boundedString(Limits.templateName)),
  dashboard_description: z.nullish(boundedString(Limits.templateDescription)),
  dashboard_filters: z.nullish(JsonObject),
  tags: z.nullish(z.array(boundedString(Limits.templateTag))),
  tiles: z.nullish(z.array(JsonObject)),
  variables: z.optional(z.unknown()),
  deleted: z.nullish(z.boolean()),
  image_url: z.nullish(boundedString(Limits.templateImageUrl)),
  scope: z.nullish(scopeField),
  availability_contexts: z.nullish(z.array(z.string())),
  is_featured: z.optional(z.boolean())
}

/** The body of `POST /dashboard_templates`. PostHog needs at least one tile. @category requests */
export const DashboardTemplateCreate = z.strictObject(writable).check(
  z.refine((b) => Array.isArray(b.tiles) && b.tiles.length > 0, {
    error: "You need to provide tiles for the template."
  })
)
export type DashboardTemplateCreate = z.input<typeof DashboardTemplateCreate>

/** The body of `PATCH /dashboard_templates/:id`. @category requests */
export const DashboardTemplateUpdate = z.strictObject(writable)
export type DashboardTemplateUpdate = z.input<typeof DashboardTemplateUpdate>

/** Sort orders PostHog accepts for templates. @category enums */
export const TemplateOrdering = z.enum(["template_name", "-template_name", "created_at", "-created_at"])

/** Parameters of `GET /dashboard_templates`. @category parameters */
export const DashboardTemplateListParams = z.strictObject({
  ...OffsetParams,
  is_featured: z.optional(z.boolean()),
  scope: z.optional(TemplateScope),
  ordering: z.optional(TemplateOrdering),
  search: z.optional(SearchParam)
})
export type DashboardTemplateListParams = z.input<typeof DashboardTemplateListParams>

/** The body of `POST /dashboard_templates/copy_between_projects`. @category requests */
export const CopyBetweenProjectsBody = z.strictObject({
  source_template_id: z.uuid({ error: "Must be a valid UUID." })
})
export type CopyBetweenProjectsBody = z.input<typeof CopyBetweenProjectsBody>

/** The JSON Schema document served by `GET /dashboard_templates/json_schema`. @category resources */
export const DashboardTemplateJsonSchema = responseObject({
  type: z.optional(z.string()),
  required: z.optional(z.array(z.string())),
  properties: z.optional(JsonObject)
})
export interface DashboardTemplateJsonSchema extends z.infer<typeof DashboardTemplateJsonSchema> {}
