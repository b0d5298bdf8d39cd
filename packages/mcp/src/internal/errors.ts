/**
 * Turns a failed call into the one or two sentences a model can act on. What a failure means and what to
 * do about it (which scope to add, which id was wrong and which tool lists valid ones, how long to wait,
 * whether to check before trying again) is core's `describeFailure`; this module lends it the MCP
 * server's vocabulary (tool names, its own flags) and says so plainly when retrying cannot help.
 */
import { describeFailure } from "@hogkit/core"
import { TOOL_OF_OPERATION } from "../tools/names.js"

export interface ErrorContext {
  /** Tool that failed, e.g. `dashboard-get`. */
  readonly tool: string
}

const settingFor = (setting: "apiKey" | "host" | "projectId") =>
  setting === "host"
    ? "--host"
    : setting === "projectId"
      ? "--project"
      : "send it as `Authorization: Bearer <key>` over HTTP"

/** The message for any failure; never includes the API key (core's errors never carry it). */
export const failureText = (error: unknown, ctx: ErrorContext): string => {
  const advice = describeFailure(error, {
    commandFor: (operation) => {
      const tool = (TOOL_OF_OPERATION as Readonly<Record<string, string>>)[operation.name]
      return tool === undefined ? undefined : `the ${tool} tool`
    },
    settingFor
  })
  if (advice.kind === "Unexpected")
    return `${ctx.tool} failed unexpectedly inside hogkit-mcp; nothing was changed that PostHog did not confirm. Try once more, and report it if it happens again.`
  // A model tends to retry what failed: say so when that cannot help (an unknown outcome says what to do).
  const futile =
    !advice.retryable && !advice.outcomeUnknown ? ` Calling ${ctx.tool} again as is will not help.` : ""
  return `${advice.text}${futile}`
}
