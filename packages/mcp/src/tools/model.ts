/**
 * What a tool is: an MCP name, title and description, annotations, an input schema, and the Effect that
 * runs it on `@hogkit/core`. Tools get core as an argument rather than importing its services, so a
 * server can list tools before the HTTP stack loads.
 */
import type * as Core from "@hogkit/core"
import type { Account, Comments, Dashboards, DashboardTemplates, PostHogClient, Sharing } from "@hogkit/core"
import type * as Effect from "effect/Effect"
import type * as z from "zod"
import type { Shaped } from "../internal/paging.js"
import type { ToolAnnotations, Toolset } from "../internal/toolsets.js"

/**
 * The services a tool may use: core's five, and the pipeline itself for the host and project links are
 * built on.
 * @category models
 */
export type ToolServices = Account | Comments | Dashboards | DashboardTemplates | Sharing | PostHogClient

/** A tool, type-erased so the registry can hold them in one list. @category models */
export interface Tool {
  readonly name: string
  readonly toolset: Toolset
  readonly title: string
  readonly description: string
  readonly annotations: ToolAnnotations
  readonly inputSchema: z.ZodObject
  /** The catalogue operations this tool runs (`Dashboards.update`, and `Dashboards.restore` with `deleted: false`). */
  readonly operations: ReadonlyArray<string>
  /** Dotted paths in a result that hold text PostHog users wrote (from the catalogue): marked as data. */
  readonly userText: ReadonlyArray<string>
  /** What an error message calls the thing this call was about, e.g. `dashboard 42`. */
  readonly subject?: (args: never) => string | undefined
  /** The tool that lists valid ids, named in not-found errors. */
  readonly listTool?: string
  /** A project other than the configured one this call targets. */
  readonly project?: (args: never) => number | undefined
  readonly run: (args: never, core: typeof Core) => Effect.Effect<Shaped, unknown, ToolServices>
}

/** A failure this adapter raises itself, rendered like core's validation errors. @category errors */
export class ArgumentError extends Error {
  readonly _tag = "ArgumentError"
}
