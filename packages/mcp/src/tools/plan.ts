/**
 * `project-plan`: what applying as-code files (dashboards, templates, sharing) to a project would change,
 * computed by core's `@hogkit/core/as-code` engine, so an agent can show a person the effect of an edit to
 * those files before anyone applies it. It only reads. It takes the files' text, not a path: the server
 * never reads the disk on a caller's behalf. It is the opt-in `ascode` toolset (`--toolsets ascode`).
 */
import * as Effect from "effect/Effect"
import * as z from "zod"
import { MAX_RESULT_CHARS } from "../internal/shape.js"
import { projectId } from "./args.js"
import { annotationsOf, op } from "./define.js"
import type { Tool } from "./model.js"

/** The catalogue operations a plan runs: it lists and reads, nothing else. */
const OPERATIONS = [
  "Dashboards.list",
  "Dashboards.get",
  "Sharing.get",
  "DashboardTemplates.list",
  "DashboardTemplates.jsonSchema"
] as const

const inputSchema = z.strictObject({
  files: z
    .record(z.string(), z.string())
    .describe('Path → text, e.g. {"dashboards/weekly.yaml": "name: Weekly\\n"} (as hogkit export writes).'),
  prune: z.boolean().optional().describe("Also plan soft-deletes of what no file describes."),
  project_id: projectId
})

const loadAsCode = Effect.promise(() => import("@hogkit/core/as-code"))

export const planTools: ReadonlyArray<Tool> = [
  {
    name: "project-plan",
    toolset: "ascode",
    title: "Plan as-code files",
    description:
      "What applying hogkit as-code files (dashboards, templates, sharing) would change, field by field. Reads only; `hogkit apply` applies.",
    annotations: annotationsOf(OPERATIONS.map(op)),
    inputSchema,
    operations: [...OPERATIONS],
    // The plan quotes names and descriptions from the files and the project: text people wrote.
    userText: ["plan"],
    project: (args: z.output<typeof inputSchema>) => args.project_id,
    run: (args: z.output<typeof inputSchema>) =>
      Effect.flatMap(loadAsCode, (asCode) =>
        Effect.map(asCode.plan(args.files, { prune: args.prune ?? false }), (plan) => {
          // The plan as people read it (as `hogkit plan` prints it): compact, and what the agent shows.
          const text = asCode.renderPlan(plan)
          const fits = text.length <= MAX_RESULT_CHARS
          return {
            value: {
              changes: plan.changes,
              summary: plan.summary,
              plan: fits ? text : text.slice(0, MAX_RESULT_CHARS)
            },
            truncated: fits ? [] : ["The plan was cut to fit one answer; `hogkit plan DIR` prints all of it."]
          }
        })
      )
  } as Tool
]
