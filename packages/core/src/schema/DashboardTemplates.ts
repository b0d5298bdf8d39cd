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
  SearchParam,
  Timestamp,
  UserBasic
} from "./Common.js"

/** Where a template is offered. @category enums */
export const TemplateScope = z.enum(["team", "global", "feature_flag"])
export type TemplateScope = z.infer<typeof TemplateScope>

/** A dashboard template as PostHog returns it. @category resources */
export const DashboardTemplate = z.looseObject({
  id: z.string(),
  template_name: z.string().nullable().optional(),
  dashboard_description: z.string().nullable().optional(),
  dashboard_filters: z.unknown().optional(),
  tags: z.array(z.string()).nullable().optional(),
  tiles: z.unknown().optional(),
  variables: z.unknown().optional(),
  deleted: z.boolean().nullable().optional(),
  created_at: Timestamp.nullable().optional(),
  // Newest PostHog embeds a UserBasic; older versions sent the user id.
  created_by: z.union([UserBasic, z.number()]).nullable().optional(),
  image_url: z.string().nullable().optional(),
  team_id: z.number().nullable().optional(),
  scope: z.string().nullable().optional(),
  availability_contexts: z.array(z.string()).nullable().optional(),
  is_featured: z.boolean().nullable().optional()
})
export type DashboardTemplate = z.infer<typeof DashboardTemplate>

/** A page of templates (limit/offset). @category pages */
export const DashboardTemplatePage = OffsetPage(DashboardTemplate)
export type DashboardTemplatePage = z.infer<typeof DashboardTemplatePage>

const scopeField = z.union([TemplateScope, z.literal("")], {
  error: (issue) => `"${describeValue(issue.input)}" is not a valid choice.`
})

const writable = {
  template_name: boundedString(Limits.templateName).nullable().optional(),
  dashboard_description: boundedString(Limits.templateDescription).nullable().optional(),
  dashboard_filters: JsonObject.nullable().optional(),
  tags: z.array(boundedString(Limits.templateTag)).nullable().optional(),
  tiles: z.array(JsonObject).nullable().optional(),
  variables: z.unknown().optional(),
  deleted: z.boolean().nullable().optional(),
  image_url: boundedString(Limits.templateImageUrl).nullable().optional(),
  scope: scopeField.nullable().optional(),
  availability_contexts: z.array(z.string()).nullable().optional(),
  is_featured: z.boolean().optional()
}

/** The body of `POST /dashboard_templates`. PostHog needs at least one tile. @category requests */
export const DashboardTemplateCreate = z
  .strictObject(writable)
  .refine((b) => Array.isArray(b.tiles) && b.tiles.length > 0, {
    error: "You need to provide tiles for the template."
  })
export type DashboardTemplateCreate = z.input<typeof DashboardTemplateCreate>

/** The body of `PATCH /dashboard_templates/:id`. @category requests */
export const DashboardTemplateUpdate = z.strictObject(writable)
export type DashboardTemplateUpdate = z.input<typeof DashboardTemplateUpdate>

/** Sort orders PostHog accepts for templates. @category enums */
export const TemplateOrdering = z.enum(["template_name", "-template_name", "created_at", "-created_at"])

/** Parameters of `GET /dashboard_templates`. @category parameters */
export const DashboardTemplateListParams = z.strictObject({
  ...OffsetParams,
  is_featured: z.boolean().optional(),
  scope: TemplateScope.optional(),
  ordering: TemplateOrdering.optional(),
  search: SearchParam.optional()
})
export type DashboardTemplateListParams = z.input<typeof DashboardTemplateListParams>

/** The body of `POST /dashboard_templates/copy_between_projects`. @category requests */
export const CopyBetweenProjectsBody = z.strictObject({
  source_template_id: z.uuid({ error: "Must be a valid UUID." })
})
export type CopyBetweenProjectsBody = z.input<typeof CopyBetweenProjectsBody>

/** The JSON Schema document served by `GET /dashboard_templates/json_schema`. @category resources */
export const DashboardTemplateJsonSchema = z.looseObject({
  type: z.string().optional(),
  required: z.array(z.string()).optional(),
  properties: JsonObject.optional()
})
export type DashboardTemplateJsonSchema = z.infer<typeof DashboardTemplateJsonSchema>
