/**
 * The tools hogkit-mcp offers, one or two catalogue operations each (see tools/names.ts for the map).
 * Every tool derives from `@hogkit/core`'s catalogue: its description, its annotations (read-only when
 * it only reads, destructive when it can delete, soft-delete, overwrite or invalidate a link, idempotent
 * when repeating it changes nothing), and its input schema (the operation's body or filters, less what
 * PostHog manages). This adapter adds MCP's names, next-step hints, argument descriptions, paging and
 * links to PostHog's UI. The toolsets live in tools/*.ts.
 */
import { accountTools } from "./tools/account.js"
import { commentTools } from "./tools/comments.js"
import { dashboardTools } from "./tools/dashboards.js"
import type { Tool } from "./tools/model.js"
import { planTools } from "./tools/plan.js"
import { sharingTools } from "./tools/sharing.js"
import { templateTools } from "./tools/templates.js"

export { TOOLSETS, type ToolAnnotations, type Toolset } from "./internal/toolsets.js"
export { ArgumentError, type Tool, type ToolServices } from "./tools/model.js"
export { TOOL_OF_OPERATION } from "./tools/names.js"

/** Every tool, in the order clients list them. @category tools */
export const tools: ReadonlyArray<Tool> = [
  ...dashboardTools,
  ...templateTools,
  ...commentTools,
  ...sharingTools,
  ...accountTools,
  ...planTools
]
