/**
 * `hogkit dashboards list|get|create|update|delete|restore`.
 */

import type { Schema } from "@hogkit/core"
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { confirm, yes } from "../internal/Confirm.js"
import { usage } from "../internal/Failure.js"
import { dashboardId, listMode, multiLine, singleLine } from "../internal/Input.js"
import { helpText, undoLine } from "../internal/Operations.js"
import type { Printer, View } from "../internal/Output.js"
import { printerFor, withPostHog } from "../internal/Run.js"
import { type LinkContext, open, uiUrl, web } from "../internal/Web.js"

export const view: View = {
  source: "Dashboards.get",
  columns: [
    { key: "id" },
    { key: "name", wide: true },
    { key: "pinned", kind: "bool" },
    { key: "is_shared", header: "shared", kind: "bool" },
    { key: "tags", kind: "list" },
    { key: "created_at", kind: "time" }
  ],
  detail: [
    { key: "id" },
    { key: "name" },
    { key: "description", kind: "text" },
    { key: "pinned", kind: "bool" },
    { key: "is_shared", header: "shared", kind: "bool" },
    { key: "tags", kind: "list" },
    { key: "creation_mode", header: "created as" },
    { key: "created_by", kind: "user", header: "created by" },
    { key: "created_at", kind: "time" },
    { key: "deleted", kind: "bool" }
  ]
}

const idArgument = Argument.String("ID").pipe(Argument.withDescription("Dashboard id (a number)"))
const search = Flag.String("search").pipe(
  Flag.withDescription("Match name, description and tags"),
  Flag.optional
)
const limit = Flag.Int("limit").pipe(Flag.withDescription("Stop after N dashboards"), Flag.optional)
const all = Flag.Boolean("all").pipe(Flag.withDescription("Fetch every page"), Flag.withDefault(false))

const list = Command.make("list", { search, limit, all }, (input) =>
  Effect.gen(function* () {
    const mode = yield* listMode(input.limit, input.all)
    const printer = yield* printerFor(view)
    const searchText = Option.isSome(input.search)
      ? yield* singleLine("--search", input.search.value)
      : undefined
    const filters: Schema.DashboardListParams = searchText === undefined ? {} : { search: searchText }
    yield* withPostHog(({ core }) =>
      Effect.gen(function* () {
        const dashboards = yield* core.Dashboards
        if (mode.all) {
          yield* printer.list(dashboards.stream(filters), view, { progress: true })
        } else if (mode.limit !== undefined) {
          yield* printer.list(dashboards.take(mode.limit, filters), view)
        } else {
          const page = yield* dashboards.list(filters)
          yield* printer.list(Stream.fromIterable(page.results), view)
          if (page.next)
            printer.note(`Showing ${page.results.length} of ${page.count}; use --all or --limit N for more.`)
        }
      })
    )
  })
).pipe(
  Command.withShortDescription("List dashboards (one page unless --limit or --all)"),
  Command.withDescription(helpText("Dashboards.list", "One page unless --limit N or --all."))
)

const get = Command.make("get", { id: idArgument, web }, (input) =>
  Effect.gen(function* () {
    const id = yield* dashboardId(input.id)
    const printer = yield* printerFor(view)
    yield* withPostHog((connected) =>
      Effect.gen(function* () {
        const dashboard = yield* (yield* connected.core.Dashboards).get(id)
        if (input.web)
          return yield* open(uiUrl("dashboard", dashboard, connected), `dashboard ${id}`, printer)
        printer.object(dashboard, view)
      })
    )
  })
).pipe(
  Command.withShortDescription("Show one dashboard"),
  Command.withDescription(helpText("Dashboards.get"))
)

const name = Flag.String("name").pipe(Flag.withDescription("Dashboard name"))
const description = Flag.String("description").pipe(Flag.withDescription("Description"), Flag.optional)
const tags = Flag.String("tag").pipe(Flag.withDescription("Tag (repeat for several)"), Flag.atLeast(0))

const checkTags = (values: ReadonlyArray<string>) => Effect.forEach(values, (t) => singleLine("--tag", t))

const create = Command.make(
  "create",
  {
    name,
    description,
    pinned: Flag.Boolean("pinned").pipe(Flag.withDescription("Pin the dashboard"), Flag.withDefault(false)),
    tags,
    fromTemplate: Flag.String("from-template").pipe(
      Flag.withDescription("Create from a template key (use_template)"),
      Flag.optional
    ),
    copyOf: Flag.String("copy-of").pipe(
      Flag.withDescription("Copy an existing dashboard (use_dashboard)"),
      Flag.optional
    ),
    web
  },
  (input) =>
    Effect.gen(function* () {
      if (Option.isSome(input.fromTemplate) && Option.isSome(input.copyOf)) {
        return yield* usage("Use either --from-template or --copy-of, not both.")
      }
      const body: Schema.DashboardCreate = { name: yield* singleLine("--name", input.name) }
      if (Option.isSome(input.description))
        body.description = yield* multiLine("--description", input.description.value)
      if (input.pinned) body.pinned = true
      if (input.tags.length > 0) body.tags = [...(yield* checkTags(input.tags))]
      if (Option.isSome(input.fromTemplate))
        body.use_template = yield* singleLine("--from-template", input.fromTemplate.value)
      if (Option.isSome(input.copyOf))
        body.use_dashboard = yield* dashboardId(input.copyOf.value, "--copy-of dashboard id")
      const printer = yield* printerFor(view)
      yield* withPostHog((connected) =>
        Effect.gen(function* () {
          const dashboard = yield* (yield* connected.core.Dashboards).create(body)
          printer.object(dashboard, view)
          yield* shown(dashboard, connected, input.web, printer, true)
        })
      )
    })
).pipe(
  Command.withShortDescription("Create a dashboard: blank, from a template, or as a copy"),
  Command.withDescription(helpText("Dashboards.create"))
)

const update = Command.make(
  "update",
  {
    id: idArgument,
    name: Flag.String("name").pipe(Flag.withDescription("New name"), Flag.optional),
    description,
    pinned: Flag.Boolean("pinned").pipe(Flag.withDescription("Pin (--no-pinned to unpin)"), Flag.optional),
    tags,
    deleted: Flag.Boolean("deleted").pipe(
      Flag.withDescription("Soft-delete (--no-deleted restores)"),
      Flag.optional
    ),
    web,
    yes
  },
  (input) =>
    Effect.gen(function* () {
      const id = yield* dashboardId(input.id)
      const patch: Schema.DashboardUpdate = {}
      if (Option.isSome(input.name)) patch.name = yield* singleLine("--name", input.name.value)
      if (Option.isSome(input.description))
        patch.description = yield* multiLine("--description", input.description.value)
      if (Option.isSome(input.pinned)) patch.pinned = input.pinned.value
      if (input.tags.length > 0) patch.tags = [...(yield* checkTags(input.tags))]
      if (Option.isSome(input.deleted)) patch.deleted = input.deleted.value
      if (Object.keys(patch).length === 0) {
        return yield* usage(
          "Nothing to update: pass at least one of --name, --description, --pinned/--no-pinned, --tag, --deleted/--no-deleted."
        )
      }
      yield* confirm("Dashboards.update", {
        yes: input.yes,
        command: "dashboards update",
        target: `dashboard ${id}`,
        input: patch
      })
      const printer = yield* printerFor(view)
      yield* withPostHog((connected) =>
        Effect.gen(function* () {
          const dashboard = yield* (yield* connected.core.Dashboards).update(id, patch)
          printer.object(dashboard, view)
          if (patch.deleted === true) {
            const undo = undoLine("Dashboards.delete", id)
            if (undo) printer.note(`Deleted dashboard ${id}. Undo with: ${undo}`)
          }
          yield* shown(dashboard, connected, input.web, printer, false)
        })
      )
    })
).pipe(
  Command.withShortDescription("Change a dashboard's name, description, pin or tags"),
  Command.withDescription(
    helpText("Dashboards.update", "Here that is --deleted, which asks first (--yes skips the question).")
  )
)

const del = Command.make(
  "delete",
  {
    id: idArgument,
    deleteInsights: Flag.Boolean("delete-insights").pipe(
      Flag.withDescription("Also delete insights used only by this dashboard"),
      Flag.withDefault(false)
    ),
    yes
  },
  (input) =>
    Effect.gen(function* () {
      const id = yield* dashboardId(input.id)
      yield* confirm("Dashboards.delete", {
        yes: input.yes,
        command: "dashboards delete",
        target: `dashboard ${id}`
      })
      const printer = yield* printerFor(view)
      yield* withPostHog(({ core }) =>
        Effect.flatMap(core.Dashboards, (d) => d.delete(id, { deleteInsights: input.deleteInsights })).pipe(
          Effect.tap((d) =>
            Effect.sync(() => {
              printer.object(d, view)
              const undo = undoLine("Dashboards.delete", id)
              printer.note(`Deleted dashboard ${id}.${undo ? ` Undo with: ${undo}` : ""}`)
            })
          )
        )
      )
    })
).pipe(
  Command.withShortDescription("Delete a dashboard (PostHog's soft delete; restore undoes it)"),
  Command.withDescription(helpText("Dashboards.delete", "Asks first; --yes skips the question."))
)

const restore = Command.make("restore", { id: idArgument }, (input) =>
  Effect.gen(function* () {
    const id = yield* dashboardId(input.id)
    const printer = yield* printerFor(view)
    yield* withPostHog(({ core }) =>
      Effect.flatMap(core.Dashboards, (d) => d.restore(id)).pipe(Effect.map((d) => printer.object(d, view)))
    )
  })
).pipe(
  Command.withShortDescription("Restore a deleted dashboard"),
  Command.withDescription(helpText("Dashboards.restore"))
)

/**
 * After create and update: `--web` opens the dashboard; a new one's page is named on a terminal so it is
 * one click away.
 */
const shown = (
  dashboard: Schema.Dashboard,
  context: LinkContext,
  openIt: boolean,
  printer: Printer,
  created: boolean
) => {
  const url = uiUrl("dashboard", dashboard, context)
  if (openIt) return open(url, `dashboard ${dashboard.id}`, printer)
  if (created && url !== undefined) printer.note(`View it in PostHog: ${url}`)
  return Effect.void
}

export const command = Command.make("dashboards").pipe(
  Command.withDescription("Dashboards: list, get, create, update, delete, restore"),
  Command.withSubcommands([list, get, create, update, del, restore])
)
