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
import { usage } from "../internal/Failure.js"
import { dashboardId, listMode, multiLine, singleLine } from "../internal/Input.js"
import type { View } from "../internal/Output.js"
import { makePrinter, withPostHog } from "../internal/Run.js"

export const view: View = {
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
    const printer = yield* makePrinter
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
).pipe(Command.withDescription("List dashboards (one page unless --limit or --all)"))

const get = Command.make("get", { id: idArgument }, (input) =>
  Effect.gen(function* () {
    const id = yield* dashboardId(input.id)
    const printer = yield* makePrinter
    yield* withPostHog(({ core }) =>
      Effect.flatMap(core.Dashboards, (d) => d.get(id)).pipe(Effect.map((d) => printer.object(d, view)))
    )
  })
).pipe(Command.withDescription("Show one dashboard"))

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
    )
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
      const printer = yield* makePrinter
      yield* withPostHog(({ core }) =>
        Effect.flatMap(core.Dashboards, (d) => d.create(body)).pipe(
          Effect.map((d) => printer.object(d, view))
        )
      )
    })
).pipe(Command.withDescription("Create a dashboard: blank, from a template, or as a copy"))

const update = Command.make(
  "update",
  {
    id: idArgument,
    name: Flag.String("name").pipe(Flag.withDescription("New name"), Flag.optional),
    description,
    pinned: Flag.Boolean("pinned").pipe(Flag.withDescription("Pin (--no-pinned to unpin)"), Flag.optional),
    tags
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
      if (Object.keys(patch).length === 0) {
        return yield* usage(
          "Nothing to update: pass at least one of --name, --description, --pinned/--no-pinned, --tag."
        )
      }
      const printer = yield* makePrinter
      yield* withPostHog(({ core }) =>
        Effect.flatMap(core.Dashboards, (d) => d.update(id, patch)).pipe(
          Effect.map((d) => printer.object(d, view))
        )
      )
    })
).pipe(Command.withDescription("Change a dashboard's name, description, pin or tags"))

const del = Command.make(
  "delete",
  {
    id: idArgument,
    deleteInsights: Flag.Boolean("delete-insights").pipe(
      Flag.withDescription("Also delete insights used only by this dashboard"),
      Flag.withDefault(false)
    )
  },
  (input) =>
    Effect.gen(function* () {
      const id = yield* dashboardId(input.id)
      const printer = yield* makePrinter
      yield* withPostHog(({ core }) =>
        Effect.flatMap(core.Dashboards, (d) => d.delete(id, { deleteInsights: input.deleteInsights })).pipe(
          Effect.tap((d) =>
            Effect.sync(() => {
              printer.object(d, view)
              printer.note(`Deleted dashboard ${id}. Undo with \`hogkit dashboards restore ${id}\`.`)
            })
          )
        )
      )
    })
).pipe(Command.withDescription("Delete a dashboard (PostHog's soft delete; restore undoes it)"))

const restore = Command.make("restore", { id: idArgument }, (input) =>
  Effect.gen(function* () {
    const id = yield* dashboardId(input.id)
    const printer = yield* makePrinter
    yield* withPostHog(({ core }) =>
      Effect.flatMap(core.Dashboards, (d) => d.restore(id)).pipe(Effect.map((d) => printer.object(d, view)))
    )
  })
).pipe(Command.withDescription("Restore a deleted dashboard"))

export const command = Command.make("dashboards").pipe(
  Command.withDescription("Dashboards: list, get, create, update, delete, restore"),
  Command.withSubcommands([list, get, create, update, del, restore])
)
