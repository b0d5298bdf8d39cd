/**
 * Builds a tool from its catalogue entry: the name from MCP's map, the description from the catalogue's
 * plus a hint on what to call next, annotations from the operation's kind and idempotence, and the
 * user-text paths a result is marked by.
 */
import type * as Core from "@hogkit/core"
import { Catalogue } from "@hogkit/core"
import type * as Effect from "effect/Effect"
import type * as z from "zod"
import type { Shaped } from "../internal/paging.js"
import type { ToolAnnotations, Toolset } from "../internal/toolsets.js"
import type { Tool, ToolServices } from "./model.js"
import { type OperationName, TOOL_OF_OPERATION } from "./names.js"

/** The catalogue entry of an operation the map names; a missing one is a build error, not a user's. */
export const op = (name: OperationName): Catalogue.Operation => {
  const entry = Catalogue.operation(name)
  if (entry === undefined) throw new Error(`hogkit-mcp names ${name}, which the catalogue lacks.`)
  return entry
}

/**
 * The hints of a tool running these operations: read-only when all read, destructive when any can
 * destroy, idempotent when all are. Every tool reaches PostHog, an open world.
 */
export const annotationsOf = (ops: ReadonlyArray<Catalogue.Operation>): ToolAnnotations => ({
  readOnlyHint: ops.every((o) => o.kind === "read"),
  destructiveHint: ops.some((o) => o.kind === "destructive"),
  idempotentHint: ops.every((o) => o.idempotent),
  openWorldHint: true
})

/** The catalogue's words with its operation names (`Comments.restore`) turned into the tools that run them. */
export const inToolWords = (text: string): string =>
  text.replace(/\b(Dashboards|DashboardTemplates|Comments|Sharing|Account)\.(\w+)\b/g, (match) => {
    const tool = (TOOL_OF_OPERATION as Record<string, string>)[match]
    if (tool === undefined) return match
    return match.endsWith(".restore") && tool.endsWith("-update") ? `${tool} with \`deleted: false\`` : tool
  })

/** The catalogue's user-text paths, for a single object and for the items of a page (`results[].…`). */
export const userTextOf = (resource: Catalogue.Resource): ReadonlyArray<string> => [
  ...resource.userText,
  ...resource.userText.map((path) => `results[].${path}`)
]

export const define = <Schema extends z.ZodObject>(spec: {
  /** The operation the tool runs. */
  readonly operation: OperationName
  /** Further operations it may run, depending on the arguments. */
  readonly also?: ReadonlyArray<OperationName>
  readonly toolset: Toolset
  readonly title: string
  /** What an agent should know beyond the catalogue's description: what to call next, or before. */
  readonly hint?: string
  readonly inputSchema: Schema
  readonly subject?: (args: z.output<Schema>) => string | undefined
  readonly listTool?: string
  readonly project?: (args: z.output<Schema>) => number | undefined
  readonly run: (args: z.output<Schema>, core: typeof Core) => Effect.Effect<Shaped, unknown, ToolServices>
}): Tool => {
  const main = op(spec.operation)
  const ops = [main, ...(spec.also ?? []).map(op)]
  const description = inToolWords(spec.hint ? `${main.description} ${spec.hint}` : main.description)
  return {
    name: TOOL_OF_OPERATION[spec.operation],
    toolset: spec.toolset,
    title: spec.title,
    description,
    annotations: annotationsOf(ops),
    inputSchema: spec.inputSchema,
    operations: ops.map((o) => o.name),
    userText: userTextOf(main.resource),
    ...(spec.subject ? { subject: spec.subject as (args: never) => string | undefined } : {}),
    ...(spec.listTool ? { listTool: spec.listTool } : {}),
    ...(spec.project ? { project: spec.project as (args: never) => number | undefined } : {}),
    run: spec.run as Tool["run"]
  }
}
