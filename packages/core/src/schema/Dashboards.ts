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
  responseObject,
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
  name: z.nullish(z.string()),
  description: z.nullish(z.string()),
  pinned: z.optional(z.boolean()),
  created_at: z.optional(Timestamp),
  created_by: z.nullish(UserBasic),
  last_accessed_at: z.nullish(Timestamp),
  last_viewed_at: z.nullish(Timestamp),
  is_shared: z.optional(z.boolean()),
  deleted: z.optional(z.boolean()),
  creation_mode: z.optional(z.string()),
  tags: z.optional(z.array(z.unknown())),
  restriction_level: z.optional(z.number()),
  effective_restriction_level: z.optional(z.number()),
  effective_privilege_level: z.optional(z.number()),
  user_access_level: z.nullish(z.string()),
  access_control_version: z.nullish(z.string()),
  last_refresh: z.nullish(Timestamp),
  team_id: z.optional(z.number())
}

/** A dashboard as lists return it (no tiles). @category resources */
export const DashboardBasic = responseObject({
  ...basicFields,
  // Newest PostHog sends it on every row, null when the list is not a search.
  search_match_type: z.nullish(z.enum(["exact", "similar"]))
})
export interface DashboardBasic extends z.infer<typeof DashboardBasic> {}

/** A dashboard in full, as get/create/update return it. @category resources */
export const Dashboard = responseObject({
  ...basicFields,
  filters: z.optional(z.unknown()),
  variables: z.optional(z.unknown()),
  breakdown_colors: z.optional(z.unknown()),
  data_color_theme_id: z.nullish(z.number()),
  persisted_filters: z.optional(z.unknown()),
  persisted_variables: z.optional(z.unknown()),
  quick_filter_ids: z.nullish(z.array(z.string())),
  tiles: z.nullish(z.array(z.unknown()))
})
export interface Dashboard extends z.infer<typeof Dashboard> {}

/** A page of dashboards (limit/offset). @category pages */
export const DashboardPage = OffsetPage(DashboardBasic)
export interface DashboardPage extends z.infer<typeof DashboardPage> {}

const writable = {
  name: z.nullish(boundedString(Limits.dashboardName)),
  description: z.optional(z.string()),
  pinned: z.optional(z.boolean()),
  last_accessed_at: z.nullish(Timestamp),
  deleted: z.optional(z.boolean()),
  breakdown_colors: z.optional(z.unknown()),
  data_color_theme_id: z.nullish(z.number().check(z.int())),
  tags: z.optional(z.array(z.string())),
  restriction_level: z.optional(RestrictionLevel),
  last_refresh: z.nullish(Timestamp),
  quick_filter_ids: z.nullish(z.array(z.uuid({ error: "Must be a valid UUID." }))),
  filters: z.optional(z.record(z.string(), z.unknown(), { error: "Filters must be a dictionary" })),
  variables: z.optional(z.record(z.string(), z.unknown(), { error: "Filters must be a dictionary" }))
}

/** The body of `POST /dashboards`: blank, from a template (`use_template`) or a copy (`use_dashboard`). @category requests */
export const DashboardCreate = z
  .strictObject({
    ...writable,
    use_template: z.optional(z.string()),
    use_dashboard: z.nullish(z.number().check(z.int())),
    delete_insights: z.optional(z.boolean()),
    _create_in_folder: z.optional(z.string())
  })
  .check(
    z.refine(
      (b) => !(b.use_template !== undefined && b.use_dashboard !== undefined && b.use_dashboard !== null),
      { error: "`use_dashboard` and `use_template` cannot be used together" }
    )
  )
export type DashboardCreate = z.input<typeof DashboardCreate>

/** The body of `PATCH /dashboards/:id`. @category requests */
export const DashboardUpdate = z.strictObject({ ...writable, delete_insights: z.optional(z.boolean()) })
export type DashboardUpdate = z.input<typeof DashboardUpdate>

/** Parameters of `GET /dashboards`. @category parameters */
export const DashboardListParams = z.strictObject({
  ...OffsetParams,
  search: z.optional(SearchParam),
  tags: z.optional(z.array(z.string())),
  creation_mode: z.optional(CreationMode),
  exclude_generated: z.optional(z.boolean())
})
export type DashboardListParams = z.input<typeof DashboardListParams>

/** A positive integer dashboard id. @category parameters */
export const DashboardId = z
  .number({ error: "A dashboard id is a positive integer." })
  .check(z.int(), z.positive())
