/**
 * What selecting tools and answering tools/list need to know of a tool — no input schema, no code — so
 * the `hogkit-mcp` bundle can list tools from a listing computed at build time and load the tools
 * themselves on the first call.
 */
import type { Tool as McpTool } from "@modelcontextprotocol/sdk/types.js"

/** The groups tools are selected by. */
export const TOOLSETS = ["dashboards", "templates", "comments", "sharing", "account"] as const

/**
 * Groups offered only when named (`--toolsets ascode`, or a tool by name): every tools/list is loaded into
 * every conversation, so tools most agents never need stay out of the default listing.
 */
export const OPT_IN_TOOLSETS = ["ascode"] as const
export type Toolset = (typeof TOOLSETS)[number] | (typeof OPT_IN_TOOLSETS)[number]

/** MCP tool annotations, all four always set so clients never fall back to the spec's pessimistic defaults. */
export interface ToolAnnotations {
  readonly readOnlyHint: boolean
  readonly destructiveHint: boolean
  readonly idempotentHint: boolean
  readonly openWorldHint: true
}

/** A tool as selection and tools/list see it. */
export interface ListedTool {
  readonly name: string
  readonly toolset: Toolset
  readonly annotations: ToolAnnotations
  /** The tools/list entry, input schema as JSON Schema. */
  readonly listing: McpTool
}
