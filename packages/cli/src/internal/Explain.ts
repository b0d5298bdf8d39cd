/**
 * Turns any failure into what a person at a terminal needs: one or two sentences saying what failed and
 * what to do next, and the exit code scripts branch on. Never a stack trace, never the key.
 *
 * What a failure means and what to do about it is core's (`describeFailure`); this module only lends it
 * the CLI's vocabulary (which command runs an operation, which flag sets what) and picks the exit code.
 */

import type { FailureAdvice } from "@hogkit/core"
import { CliFailure, type ExitCode } from "./Failure.js"
import { commandLine, commandOf } from "./Operations.js"

export interface Explained {
  readonly text: string
  readonly exitCode: ExitCode
}

export interface ExplainContext {
  /** The API origin in effect, when one was resolved. */
  readonly host?: string | undefined
  /** Where the host came from ("default", "--host", …). */
  readonly hostSource?: string | undefined
}

/** The command that runs an operation, e.g. `` `hogkit dashboards list` `` (the CLI's own vocabulary). */
export const commandFor = (operation: { readonly name: string }) => {
  const path = commandOf(operation.name)
  return path === undefined ? undefined : `\`${commandLine(path)}\``
}

const settingFor = (setting: "apiKey" | "host" | "projectId") =>
  setting === "host" ? "--host" : setting === "projectId" ? "--project" : "run `hogkit auth login`"

const exitCodeOf = (kind: FailureAdvice["kind"]): ExitCode => {
  switch (kind) {
    case "ValidationError":
    case "ConfigError":
      return 2
    case "NotFound":
      return 3
    case "AuthenticationError":
    case "PermissionDenied":
      return 4
    default:
      return 1
  }
}

const sentence = (text: string) => {
  const t = text.trim()
  return /[.!?]$/.test(t) ? t : `${t}.`
}

/** Any failure → what to print and how to exit. Core is loaded here, on the way out, not at start-up. */
export const explain = async (error: unknown, context: ExplainContext = {}): Promise<Explained> => {
  if (error instanceof CliFailure) return { text: error.text, exitCode: error.exitCode }
  const core = await import("@hogkit/core")
  if (core.isHogkitError(error)) {
    const advice = core.describeFailure(error, { commandFor, settingFor, host: context.host })
    return { text: advice.text, exitCode: exitCodeOf(advice.kind) }
  }
  const message = error instanceof Error ? error.message : String(error)
  return {
    text: `hogkit failed unexpectedly: ${sentence(message || "unknown error")} Run it again with --debug, and report it if it keeps happening.`,
    exitCode: 1
  }
}
