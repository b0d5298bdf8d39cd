/**
 * `hogkit templates list|get|create|update|delete|restore|copy|schema` (PostHog's dashboard templates).
 */

import type { Schema } from "@hogkit/core"
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { confirm, yes } from "../internal/Confirm.js"
import { normalizeProject } from "../internal/Connection.js"
import { CliFailure, usage } from "../internal/Failure.js"
import { listMode, multiLine, parseJsonObject, readFileArg, singleLine, uuidId } from "../internal/Input.js"
import { commandLine, helpText, undoLine } from "../internal/Operations.js"
import type { Printer, View } from "../internal/Output.js"
import { makePrinter, printerFor, withPostHog } from "../internal/Run.js"
import { type LinkContext, open, uiUrl, web } from "../internal/Web.js"

export const view: View = {
  source: "DashboardTemplates.get",
  columns: [
    { key: "id" },
    { key: "template_name", header: "name", wide: true },
    { key: "scope" },
    { key: "is_featured", header: "featured", kind: "bool" },
    { key: "tags", kind: "list" },
    { key: "created_at", kind: "time" }
  ],
  detail: [
    { key: "id" },
    { key: "template_name", header: "name" },
    { key: "dashboard_description", header: "description", kind: "text" },
    { key: "scope" },
    { key: "is_featured", header: "featured", kind: "bool" },
    { key: "tags", kind: "list" },
    { key: "team_id", header: "project" },
    { key: "created_by", header: "created by", kind: "user" },
    { key: "created_at", kind: "time" },
    { key: "deleted", kind: "bool" }
  ]
}

const idArgument = Argument.String("ID").pipe(Argument.withDescription("Template id (a UUID)"))
const templateId = (raw: string) => uuidId(raw, "template id", commandLine("templates list"))

const list = Command.make(
  "list",
  {
    featured: Flag.Boolean("featured").pipe(
      Flag.withDescription("Only featured templates"),
      Flag.withDefault(false)
    ),
    scope: Flag.Literals("scope", ["team", "global", "feature_flag"]).pipe(
      Flag.withDescription("Project templates, global ones, or feature-flag ones"),
      Flag.optional
    ),
    order: Flag.Literals("order", ["template_name", "-template_name", "created_at", "-created_at"]).pipe(
      Flag.withDescription("Sort order; attach a descending one with =, e.g. --order=-created_at"),
      Flag.optional
    ),
    search: Flag.String("search").pipe(Flag.withDescription("Full-text search"), Flag.optional),
    limit: Flag.Int("limit").pipe(Flag.withDescription("Stop after N templates"), Flag.optional),
    all: Flag.Boolean("all").pipe(Flag.withDescription("Fetch every page"), Flag.withDefault(false))
  },
  (input) =>
    Effect.gen(function* () {
      const mode = yield* listMode(input.limit, input.all)
      const params: Schema.DashboardTemplateListParams = {}
      if (input.featured) params.is_featured = true
      if (Option.isSome(input.scope)) params.scope = input.scope.value
      if (Option.isSome(input.order)) params.ordering = input.order.value
      if (Option.isSome(input.search)) params.search = yield* singleLine("--search", input.search.value)
      const printer = yield* printerFor(view)
      yield* withPostHog(({ core }) =>
        Effect.gen(function* () {
          const templates = yield* core.DashboardTemplates
          if (mode.all) yield* printer.list(templates.stream(params), view, { progress: true })
          else if (mode.limit !== undefined) {
            yield* printer.list(templates.take(mode.limit, params), view)
          } else {
            const page = yield* templates.list(params)
            yield* printer.list(Stream.fromIterable(page.results), view)
            if (page.next)
              printer.note(
                `Showing ${page.results.length} of ${page.count}; use --all or --limit N for more.`
              )
          }
        })
      )
    })
).pipe(
  Command.withShortDescription("List dashboard templates (this project's and global ones)"),
  Command.withDescription(helpText("DashboardTemplates.list", "One page unless --limit N or --all."))
)

const get = Command.make("get", { id: idArgument, web }, (input) =>
  Effect.gen(function* () {
    const id = yield* templateId(input.id)
    const printer = yield* printerFor(view)
    yield* withPostHog((connected) =>
      Effect.gen(function* () {
        const template = yield* (yield* connected.core.DashboardTemplates).get(id)
        if (input.web)
          return yield* open(uiUrl("dashboard_template", template, connected), `template ${id}`, printer)
        printer.object(template, view)
      })
    )
  })
).pipe(
  Command.withShortDescription("Show one template"),
  Command.withDescription(helpText("DashboardTemplates.get"))
)

/** After create and update: `--web` opens the templates page; a new template's page is named on a terminal. */
const shown = (
  template: Schema.DashboardTemplate,
  context: LinkContext,
  openIt: boolean,
  printer: Printer,
  created: boolean
) => {
  const url = uiUrl("dashboard_template", template, context)
  if (openIt) return open(url, `template ${template.id}`, printer)
  if (created && url !== undefined) printer.note(`View it in PostHog: ${url}`)
  return Effect.void
}

const file = Flag.String("file").pipe(
  Flag.withDescription(`JSON file with the template (see \`${commandLine("templates schema")}\`)`)
)

const readTemplateFile = (path: string) =>
  Effect.flatMap(readFileArg("--file", path), (text) => parseJsonObject("--file", text, path))

const create = Command.make("create", { file, web }, (input) =>
  Effect.gen(function* () {
    const body = (yield* readTemplateFile(input.file)) as Schema.DashboardTemplateCreate
    const printer = yield* printerFor(view)
    yield* withPostHog((connected) =>
      Effect.gen(function* () {
        const template = yield* (yield* connected.core.DashboardTemplates).create(body)
        printer.object(template, view)
        yield* shown(template, connected, input.web, printer, true)
      })
    )
  })
).pipe(
  Command.withShortDescription("Create a template from a JSON file"),
  Command.withDescription(helpText("DashboardTemplates.create"))
)

const update = Command.make(
  "update",
  {
    id: idArgument,
    file: file.pipe(Flag.optional),
    name: Flag.String("name").pipe(Flag.withDescription("New name"), Flag.optional),
    description: Flag.String("description").pipe(Flag.withDescription("New description"), Flag.optional),
    tags: Flag.String("tag").pipe(Flag.withDescription("Tag (repeat; replaces the tags)"), Flag.atLeast(0)),
    web,
    yes
  },
  (input) =>
    Effect.gen(function* () {
      const id = yield* templateId(input.id)
      const patch: Record<string, unknown> = Option.isSome(input.file)
        ? yield* readTemplateFile(input.file.value)
        : {}
      if (Option.isSome(input.name)) patch.template_name = yield* singleLine("--name", input.name.value)
      if (Option.isSome(input.description)) {
        patch.dashboard_description = yield* multiLine("--description", input.description.value)
      }
      if (input.tags.length > 0) patch.tags = yield* Effect.forEach(input.tags, (t) => singleLine("--tag", t))
      if (Object.keys(patch).length === 0) {
        return yield* usage("Nothing to update: pass --name, --description, --tag or --file.")
      }
      yield* confirm("DashboardTemplates.update", {
        yes: input.yes,
        command: "templates update",
        target: `template ${id}`,
        input: patch
      })
      const printer = yield* printerFor(view)
      yield* withPostHog((connected) =>
        Effect.gen(function* () {
          const template = yield* (yield* connected.core.DashboardTemplates).update(
            id,
            patch as Schema.DashboardTemplateUpdate
          )
          printer.object(template, view)
          if (patch.deleted === true) {
            const undo = undoLine("DashboardTemplates.delete", id)
            if (undo) printer.note(`Deleted template ${id}. Undo with: ${undo}`)
          }
          yield* shown(template, connected, input.web, printer, false)
        })
      )
    })
).pipe(
  Command.withShortDescription("Change a template (name, description, tags, or fields from a JSON file)"),
  Command.withDescription(
    helpText(
      "DashboardTemplates.update",
      "A --file that deletes or replaces tiles asks first; --yes skips the question."
    )
  )
)

const simple = (name: "delete" | "restore", description: string, note?: (id: string) => string) => {
  const operationName = `DashboardTemplates.${name}` as const
  const destructive = name === "delete"
  return Command.make(name, { id: idArgument, yes: destructive ? yes : Flag.withHidden(yes) }, (input) =>
    Effect.gen(function* () {
      const id = yield* templateId(input.id)
      yield* confirm(operationName, {
        yes: input.yes,
        command: `templates ${name}`,
        target: `template ${id}`
      })
      const printer = yield* printerFor(view)
      yield* withPostHog(({ core }) =>
        Effect.flatMap(core.DashboardTemplates, (t) => t[name](id)).pipe(
          Effect.tap((t) =>
            Effect.sync(() => {
              printer.object(t, view)
              if (note) printer.note(note(id))
            })
          )
        )
      )
    })
  ).pipe(
    Command.withShortDescription(description),
    Command.withDescription(
      helpText(operationName, destructive ? "Asks first; --yes skips the question." : undefined)
    )
  )
}

const copy = Command.make(
  "copy",
  {
    source: Argument.String("SOURCE_ID").pipe(
      Argument.withDescription("Template to copy (from another project)")
    ),
    toProject: Flag.String("to-project").pipe(
      Flag.withDescription("Project to copy into (default: the current --project)"),
      Flag.optional
    )
  },
  (input) =>
    Effect.gen(function* () {
      const sourceTemplateId = yield* templateId(input.source)
      const target = Option.isSome(input.toProject)
        ? yield* Effect.try({
            try: () => normalizeProject(input.toProject.pipe(Option.getOrThrow), "--to-project"),
            catch: (e) => (e instanceof CliFailure ? e : usage(String(e)))
          })
        : undefined
      const printer = yield* printerFor(view)
      yield* withPostHog((connected) =>
        Effect.gen(function* () {
          if (target === undefined || target === connected.projectId) {
            const t = yield* (yield* connected.core.DashboardTemplates).copyBetweenProjects({
              sourceTemplateId
            })
            return printer.object(t, view)
          }
          // The copy lands in the client's project, so --to-project gets a client of its own.
          const t = yield* connected.core.DashboardTemplates.pipe(
            Effect.flatMap((templates) => templates.copyBetweenProjects({ sourceTemplateId })),
            Effect.provide(connected.servicesFor(target))
          )
          printer.object(t, view)
        })
      )
    })
).pipe(
  Command.withShortDescription("Copy a template from another project into this one (or --to-project)"),
  Command.withDescription(helpText("DashboardTemplates.copyBetweenProjects"))
)

const schema = Command.make("schema", {}, () =>
  Effect.gen(function* () {
    const printer = yield* makePrinter
    yield* withPostHog(({ core }) =>
      Effect.flatMap(core.DashboardTemplates, (t) => t.jsonSchema()).pipe(Effect.map((s) => printer.json(s)))
    )
  })
).pipe(
  Command.withShortDescription("Print the JSON schema templates must follow"),
  Command.withDescription(helpText("DashboardTemplates.jsonSchema"))
)

export const command = Command.make("templates").pipe(
  Command.withDescription("Dashboard templates"),
  Command.withSubcommands([
    list,
    get,
    create,
    update,
    simple("delete", "Delete a template (PostHog's soft delete; restore undoes it)", (id) => {
      const undo = undoLine("DashboardTemplates.delete", id)
      return `Deleted template ${id}.${undo ? ` Undo with: ${undo}` : ""}`
    }),
    simple("restore", "Restore a deleted template"),
    copy,
    schema
  ])
)
