/**
 * Dashboards. Lists return the basic shape (no tiles); get, create and update return the full one.
 * Deleting is a soft delete (`deleted: true`) and PATCH `deleted: false` restores.
 */
import * as z from "zod"
import { describeValue } from "../internal/describe.js"
import {
  boundedString,
  Limits,
  OffsetPage,
  OffsetParams,
  SearchParam,
  Timestamp,
  UserBasic
} from "./Common.js"

/** Who may edit a dashboard: 21 everyone in the project, 37 only those invited. @category enums */
export const RestrictionLevel = z.union([z.literal(21), z.literal(37)], {
  error: (issue) => `"${describeValue(issue.input)}" is not a valid choice.`
})

/** How a dashboard came to be. @category enums */
export const CreationMode = z.enum(["default", "template", "duplicate", "unlisted"])

const basicFields = {
  id: z.number(),
  name: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  pinned: z.boolean().optional(),
  created_at: Timestamp.optional(),
  created_by: UserBasic.nullable().optional(),
  last_accessed_at: Timestamp.nullable().optional(),
  last_viewed_at: Timestamp.nullable().optional(),
  is_shared: z.boolean().optional(),
  deleted: z.boolean().optional(),
  creation_mode: z.string().optional(),
  tags: z.array(z.unknown()).optional(),
  restriction_level: z.number().optional(),
  effective_restriction_level: z.number().optional(),
  effective_privilege_level: z.number().optional(),
  user_access_level: z.string().nullable().optional(),
  access_control_version: z.string().nullable().optional(),
  last_refresh: Timestamp.nullable().optional(),
  team_id: z.number().optional()
}

/** A dashboard as lists return it (no tiles). @category resources */
export const DashboardBasic = z.looseObject({
  ...basicFields,
  search_match_type: z.enum(["exact", "similar"]).optional()
})
export type DashboardBasic = z.infer<typeof DashboardBasic>

/** A dashboard in full, as get/create/update return it. @category resources */
export const Dashboard = z.looseObject({
  ...basicFields,
  filters: z.unknown().optional(),
  variables: z.unknown().optional(),
  breakdown_colors: z.unknown().optional(),
  data_color_theme_id: z.number().nullable().optional(),
  persisted_filters: z.unknown().optional(),
  persisted_variables: z.unknown().optional(),
  quick_filter_ids: z.array(z.string()).nullable().optional(),
  tiles: z.array(z.unknown()).nullable().optional()
})
export type Dashboard = z.infer<typeof Dashboard>

/** A page of dashboards (limit/offset). @category pages */
export const DashboardPage = OffsetPage(DashboardBasic)
export type DashboardPage = z.infer<typeof DashboardPage>

const writable = {
  name: boundedString(Limits.dashboardName).nullable().optional(),
  description: z.string().optional(),
  pinned: z.boolean().optional(),
  last_accessed_at: Timestamp.nullable().optional(),
  deleted: z.boolean().optional(),
  breakdown_colors: z.unknown().optional(),
  data_color_theme_id: z.number().int().nullable().optional(),
  tags: z.array(z.string()).optional(),
  restriction_level: RestrictionLevel.optional(),
  last_refresh: Timestamp.nullable().optional(),
  quick_filter_ids: z
    .array(z.uuid({ error: "Must be a valid UUID." }))
    .nullable()
    .optional(),
  filters: z.record(z.string(), z.unknown(), { error: "Filters must be a dictionary" }).optional(),
  variables: z.record(z.string(), z.unknown(), { error: "Filters must be a dictionary" }).optional()
}

/** The body of `POST /dashboards`: blank, from a template (`use_template`) or a copy (`use_dashboard`). @category requests */
export const DashboardCreate = z
  .strictObject({
    ...writable,
    use_template: z.string().optional(),
    use_dashboard: z.number().int().nullable().optional(),
    delete_insights: z.boolean().optional(),
    _create_in_folder: z.string().optional()
  })
  .refine(
    (b) => !(b.use_template !== undefined && b.use_dashboard !== undefined && b.use_dashboard !== null),
    {
      error: "`use_dashboard` and `use_template` cannot be used together"
    }
  )
export type DashboardCreate = z.input<typeof DashboardCreate>

/** The body of `PATCH /dashboards/:id`. @category requests */
export const DashboardUpdate = z.strictObject({ ...writable, delete_insights: z.boolean().optional() })
export type DashboardUpdate = z.input<typeof DashboardUpdate>

/** Parameters of `GET /dashboards`. @category parameters */
export const DashboardListParams = z.strictObject({
  ...OffsetParams,
  search: SearchParam.optional(),
  tags: z.array(z.string()).optional(),
  creation_mode: CreationMode.optional(),
  exclude_generated: z.boolean().optional()
})
export type DashboardListParams = z.input<typeof DashboardListParams>

/** A positive integer dashboard id. @category parameters */
export const DashboardId = z.number({ error: "A dashboard id is a positive integer." }).int().positive()
