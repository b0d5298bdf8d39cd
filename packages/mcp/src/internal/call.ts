/**
 * Runs one tool call to a result. Loaded with the first call, not at start-up: it brings Effect and the
 * tool registry, which listing tools does not need.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js"
import * as Cause from "effect/Cause"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import { errorResult, type Runner } from "../Server.js"
import { ArgumentError, type Tool } from "../Tools.js"
import { failureText } from "./errors.js"
import type { Shaped } from "./paging.js"
import { markEchoedUserText, render } from "./shape.js"

/** Never throws: every failure becomes a result with `isError: true`. */
export const runTool = async (
  tool: Tool,
  args: unknown,
  run: Runner,
  signal?: AbortSignal
): Promise<CallToolResult> => {
  const ctx = { tool: tool.name }
  try {
    const core = await import("@hogkit/core")
    const exit = await run(tool.run(args as never, core), tool.project?.(args as never), signal)
    if (Exit.isSuccess(exit)) {
      const shaped = exit.value as Shaped
      return { content: [{ type: "text", text: render(shaped.value, shaped.truncated, tool.userText) }] }
    }
    const failure = Cause.findErrorOption(exit.cause)
    const error = Option.isSome(failure) ? failure.value : Cause.squash(exit.cause)
    if (error instanceof ArgumentError) return errorResult(error.message)
    return errorResult(markEchoedUserText(failureText(error, ctx), args, tool.userText))
  } catch (error) {
    return errorResult(markEchoedUserText(failureText(error, ctx), args, tool.userText))
  }
}
