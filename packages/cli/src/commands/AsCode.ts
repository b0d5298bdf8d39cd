/**
 * `hogkit export DIR`, `hogkit plan DIR` and `hogkit apply DIR`: dashboards, templates and sharing as
 * code. The engine (files, matching, diffs, ordering, rate limits) is core's `@hogkit/core/as-code`; this
 * module reads the flags, prints, asks before applying, and maps "changes pending" to an exit code.
 * `--project` (a global flag) picks the project, so promotion is `export --project A` then `apply --project B`.
 */
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import { confirmChange, yes } from "../internal/Confirm.js"
import { CliFailure } from "../internal/Failure.js"
import { makePrinter, withPostHog } from "../internal/Run.js"

/** The exit code of `plan --detailed-exitcode` when applying would change something. */
export const CHANGES_EXIT_CODE = 5

const loadAsCode = Effect.promise(() =>
  Promise.all([import("@hogkit/core/as-code"), import("@hogkit/core/as-code/node")]).then(
    ([verbs, folders]) => ({
      ...verbs,
      ...folders
    })
  )
)

const dirArgument = Argument.String("DIR").pipe(
  Argument.withDescription("The project folder: dashboards/*.yaml and templates/*.yaml")
)

const prune = Flag.Boolean("prune").pipe(
  Flag.withDescription("Also soft-delete dashboards and templates no file describes (and replace templates)"),
  Flag.withDefault(false)
)

const where = (projectId: number | "@current") =>
  projectId === "@current" ? "the current project" : `project ${projectId}`

const exportCommand = Command.make("export", { dir: dirArgument }, (input) =>
  Effect.gen(function* () {
    const printer = yield* makePrinter
    const asCode = yield* loadAsCode
    yield* withPostHog(({ projectId }) =>
      Effect.gen(function* () {
        const files = yield* asCode.exportProject()
        const written = yield* asCode.writeDirectory(input.dir, files, "AsCode.export")
        if (printer.isJson) return printer.json(written)
        printer.value(
          `Exported ${where(projectId)} to ${input.dir}: ${written.written.length} files written${written.removed.length > 0 ? `, ${written.removed.length} removed (${written.removed.join(", ")})` : ""}.`
        )
      })
    )
  })
).pipe(
  Command.withShortDescription("Write a project's dashboards, templates and sharing to files"),
  Command.withDescription(
    "Write the project's dashboards (with their sharing) and dashboard templates to DIR as YAML, one file each, " +
      "without server-managed fields: a second export writes the same bytes. Files of objects that are gone are removed."
  ),
  Command.withExamples([
    { command: "hogkit export posthog/", description: "The current project into posthog/" },
    {
      command: "hogkit export staging/ --project 12",
      description: "Project 12, e.g. staging, to promote later"
    },
    { command: "hogkit --emulator export demo/", description: "The local emulator's project, to try it" }
  ])
)

const planCommand = Command.make(
  "plan",
  {
    dir: dirArgument,
    prune,
    detailedExitcode: Flag.Boolean("detailed-exitcode").pipe(
      Flag.withDescription(`Exit ${CHANGES_EXIT_CODE} when there are changes (0: none), like terraform plan`),
      Flag.withDefault(false)
    )
  },
  (input) =>
    Effect.gen(function* () {
      const printer = yield* makePrinter
      const asCode = yield* loadAsCode
      const plan = yield* withPostHog(() =>
        Effect.flatMap(asCode.readDirectory(input.dir, "AsCode.plan"), (files) =>
          asCode.plan(files, { prune: input.prune })
        )
      )
      if (printer.isJson) printer.json(plan)
      else printer.value(asCode.renderPlan(plan).trimEnd())
      if (input.detailedExitcode && plan.changes)
        return yield* Effect.fail(
          new CliFailure(
            `Changes pending (exit ${CHANGES_EXIT_CODE}, --detailed-exitcode).`,
            CHANGES_EXIT_CODE
          )
        )
    })
).pipe(
  Command.withShortDescription("Show what applying DIR would change"),
  Command.withDescription(
    "Compare the files in DIR with the project and print what apply would do: create, update (field by field), " +
      "replace, soft-delete (only with --prune), public link on/off. --format json prints the plan as JSON. " +
      `With --detailed-exitcode: exit 0 when nothing would change, ${CHANGES_EXIT_CODE} when something would.`
  ),
  Command.withExamples([
    { command: "hogkit plan posthog/", description: "What apply would change in the current project" },
    {
      command: "hogkit plan staging/ --project 34 --detailed-exitcode",
      description: `In CI: exit ${CHANGES_EXIT_CODE} when production (project 34) differs from the files`
    },
    {
      command: "hogkit plan posthog/ --prune --format json",
      description: "The plan as JSON, deletions included"
    }
  ])
)

const applyCommand = Command.make("apply", { dir: dirArgument, prune, yes }, (input) =>
  Effect.gen(function* () {
    const printer = yield* makePrinter
    const asCode = yield* loadAsCode
    const outcome = yield* withPostHog(({ projectId }) =>
      Effect.gen(function* () {
        const files = yield* asCode.readDirectory(input.dir, "AsCode.apply")
        const plan = yield* asCode.plan(files, { prune: input.prune })
        if (!plan.changes) return { plan, result: undefined }
        if (!printer.isJson) printer.value(asCode.renderPlan(plan).trimEnd())
        const s = plan.summary
        yield* confirmChange(
          `This will change ${where(projectId)}: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to soft-delete.`,
          { yes: input.yes, command: "apply", args: input.prune ? [input.dir, "--prune"] : [input.dir] }
        )
        return { plan, result: yield* asCode.apply(files, { prune: input.prune }) }
      })
    )
    const { plan, result } = outcome
    if (result === undefined) {
      if (printer.isJson) return printer.json({ plan, applied: [], failed: [], skipped: [] })
      return printer.value(asCode.renderPlan(plan).trimEnd())
    }
    if (printer.isJson)
      printer.json({
        ...result,
        failed: result.failed.map((f) => ({ action: f.action, error: f.error.message }))
      })
    else printer.value(asCode.renderApplyResult(result).trimEnd())
    if (result.failed.length > 0)
      return yield* Effect.fail(
        new CliFailure(
          `${result.failed.length} change${result.failed.length === 1 ? "" : "s"} failed; run the same apply again to finish.`,
          1
        )
      )
  })
).pipe(
  Command.withShortDescription("Make the project match DIR"),
  Command.withDescription(
    "Apply the files in DIR: templates first, then dashboards and their sharing, a few requests at a time within " +
      "PostHog's rate limits. Safe to run again: a second apply changes nothing, and an apply cut short by errors " +
      "finishes without duplicates when re-run. Shows the plan and asks first; --yes skips the question (required " +
      "when stdin is not a terminal). Soft-deletes only with --prune."
  ),
  Command.withExamples([
    { command: "hogkit apply posthog/", description: "Shows the plan and asks first" },
    {
      command: "hogkit apply staging/ --project 34 --yes",
      description: "Promote staging's files to project 34"
    },
    {
      command: "hogkit apply posthog/ --prune --yes",
      description: "Also soft-delete what the files no longer name"
    }
  ])
)

export const commands = [exportCommand, planCommand, applyCommand] as const
