/** The dashboards toolset: list, read, create, edit (and restore), delete. */
import * as Effect from "effect/Effect"
import * as z from "zod"
import { DEFAULT_LIMIT, offsetPage } from "../internal/paging.js"
import { type ItemShaping, shapeOne } from "../internal/shape.js"
import { bodyArgs, type Docs, dashboardId, dashboardIdArg, fields, limit, offset, queryArgs } from "./args.js"
import { define, op } from "./define.js"
import { done, isRestore, split } from "./helpers.js"
import { linked } from "./results.js"

const shaping: ItemShaping = { bulky: op("Dashboards.list").resource.bulky, fullTool: "dashboard-get" }

const writable: Docs = {
  name: 'Name, e.g. "Weekly revenue".',
  description: "Free-text description.",
  pinned: "true lists it first.",
  tags: 'Tags, e.g. ["finance"].',
  restriction_level: "Who may edit: 21 = everyone in the project, 37 = only people invited.",
  filters: 'Filters for all its insights, e.g. {"date_from": "-7d"}.',
  variables: "SQL variable values by variable id.",
  breakdown_colors: "Breakdown colours as PostHog's UI stores them.",
  data_color_theme_id: "Colour theme id; null: the default.",
  quick_filter_ids: "Quick filter UUIDs to show."
}

export const dashboardTools = [
  define({
    operation: "Dashboards.list",
    toolset: "dashboards",
    title: "List dashboards",
    hint: "dashboard-get gives one with its tiles.",
    inputSchema: z.strictObject({
      ...queryArgs(op("Dashboards.list"), {
        search: 'Text in the name or description, e.g. "revenue".',
        tags: "Only dashboards with these tags.",
        creation_mode: "Only those made this way.",
        exclude_generated: "true: leave out dashboards PostHog generated."
      }),
      limit,
      offset,
      fields
    }),
    run: (args, core) =>
      core.Dashboards.use((d) =>
        d.list({ ...split(args, "fields"), limit: args.limit ?? DEFAULT_LIMIT })
      ).pipe(
        Effect.flatMap(linked(core, "dashboard")),
        Effect.map((page) => offsetPage(page, args.offset ?? 0, shaping, args.fields))
      )
  }),
  define({
    operation: "Dashboards.get",
    toolset: "dashboards",
    title: "Get dashboard",
    hint: "Its discussion: comments-list with scope Dashboard, item_id = its id.",
    inputSchema: z.strictObject({ id: dashboardId, fields }),
    subject: (args) => `dashboard ${args.id}`,
    listTool: "dashboards-get-all",
    run: (args, core) =>
      core.Dashboards.use((d) => d.get(args.id)).pipe(
        Effect.flatMap(linked(core, "dashboard")),
        Effect.map((v) => shapeOne(v, args.fields))
      )
  }),
  define({
    operation: "Dashboards.create",
    toolset: "dashboards",
    title: "Create dashboard",
    inputSchema: z.strictObject(
      bodyArgs(
        op("Dashboards.create"),
        {
          ...writable,
          use_template: "A template's template_name (from dashboard-templates-list) to start from.",
          use_dashboard: "Id of a dashboard to copy."
        },
        {
          required: ["name"],
          nullable: ["data_color_theme_id"],
          override: {
            use_dashboard: dashboardIdArg("Id of a dashboard to copy.")
          }
        }
      )
    ),
    run: (args, core) =>
      core.Dashboards.use((d) => d.create(args)).pipe(
        Effect.flatMap(linked(core, "dashboard")),
        Effect.map((v) => shapeOne(v, undefined))
      )
  }),
  define({
    operation: "Dashboards.update",
    also: ["Dashboards.restore"],
    toolset: "dashboards",
    title: "Update dashboard",
    inputSchema: z.strictObject({
      id: dashboardId,
      ...bodyArgs(
        op("Dashboards.update"),
        {
          ...writable,
          deleted: "true: soft-delete; false: restore."
        },
        { nullable: ["data_color_theme_id", "quick_filter_ids"] }
      )
    }),
    subject: (args) => `dashboard ${args.id}`,
    listTool: "dashboards-get-all",
    run: (args, core) =>
      (isRestore(args)
        ? core.Dashboards.use((d) => d.restore(args.id))
        : core.Dashboards.use((d) => d.update(args.id, split(args, "id")))
      ).pipe(
        Effect.flatMap(linked(core, "dashboard")),
        Effect.map((v) => shapeOne(v, undefined))
      )
  }),
  define({
    operation: "Dashboards.delete",
    toolset: "dashboards",
    title: "Delete dashboard",
    inputSchema: z.strictObject({
      id: dashboardId,
      delete_insights: z
        .boolean()
        .optional()
        .describe("true: also delete the insights on no other dashboard.")
    }),
    subject: (args) => `dashboard ${args.id}`,
    listTool: "dashboards-get-all",
    run: (args, core) =>
      core.Dashboards.use((d) => d.delete(args.id, { deleteInsights: args.delete_insights ?? false })).pipe(
        Effect.as(
          done(`Dashboard ${args.id} was deleted. dashboard-update with deleted: false restores it.`, {
            id: args.id
          })
        )
      )
  })
]
