/**
 * Turns any failure into what a person at a terminal needs: one or two sentences saying what failed and
 * what to do next, and the exit code scripts branch on. Never a stack trace, never the key.
 */

import type { HogkitError } from "@hogkit/core"
import { ENV, isUsCloud } from "@hogkit/core/config"
import * as Duration from "effect/Duration"
import { CliFailure, type ExitCode } from "./Failure.js"
import { commandLine, listCommandFor } from "./Operations.js"

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

const resources: Record<string, readonly [singular: string, command: string]> = {
  Comments: ["comment", "comments"],
  DashboardTemplates: ["dashboard template", "templates"],
  Dashboards: ["dashboard", "dashboards"],
  Sharing: ["sharing settings", "sharing"]
}

const verbs: Record<string, string> = {
  list: "list",
  stream: "list",
  get: "get",
  create: "create",
  update: "update",
  delete: "delete",
  restore: "restore",
  complete: "complete",
  reopen: "reopen",
  thread: "read the thread of",
  streamThread: "read the thread of",
  count: "count",
  copyBetweenProjects: "copy",
  jsonSchema: "fetch the JSON schema of",
  refresh: "refresh the link of",
  createPassword: "add a password to",
  deletePassword: "remove a password from"
}

/** "Comments.create" → "create the comment"; anything unknown (e.g. `api`) → "call the PostHog API". */
const describe = (operation: string): { action: string; command: string | undefined } => {
  const [service, method] = operation.split(".")
  const resource = service ? resources[service] : undefined
  const verb = method ? verbs[method] : undefined
  if (!resource || !verb) return { action: "call the PostHog API", command: undefined }
  const plural = verb === "list" || verb === "count"
  const noun = plural ? (resource[0].endsWith("s") ? resource[0] : `${resource[0]}s`) : `the ${resource[0]}`
  return { action: `${verb} ${noun}`, command: resource[1] }
}

const seconds = (d: Duration.Duration | undefined) =>
  d === undefined ? undefined : Math.max(1, Math.round(Duration.toMillis(d) / 1000))

const sentence = (text: string) => {
  const t = text.trim()
  return /[.!?]$/.test(t) ? t : `${t}.`
}

export const explainHogkit = (error: HogkitError, context: ExplainContext): Explained => {
  const reason = error.reason
  const { action } = describe(error.operation)
  const listing = listCommandFor(error.operation)
  const where = reason.method ? ` (${reason.method} ${reason.path})` : ""
  const host = context.host ?? "PostHog"
  switch (reason._tag) {
    case "ValidationError": {
      const field = reason.attr ? `${reason.attr}: ` : ""
      return { text: `Could not ${action}: ${field}${sentence(reason.detail)}`, exitCode: 2 }
    }
    case "AuthenticationError": {
      const us = context.host === undefined || isUsCloud(context.host)
      const hint = us
        ? ` If your PostHog account is on the EU cloud, add --host eu (or set ${ENV.host}=eu); otherwise check the key with \`hogkit auth status\`.`
        : " Check the key with `hogkit auth status`, or store a new one with `hogkit auth login`."
      return { text: `${host} rejected the API key (401) when trying to ${action}.${hint}`, exitCode: 4 }
    }
    case "PermissionDenied": {
      if (reason.sessionOnly) {
        return {
          text:
            `Could not ${action}: PostHog does not accept personal API keys for this action${where}. ` +
            "It needs a logged-in PostHog session, so do it in the PostHog app.",
          exitCode: 4
        }
      }
      if (reason.missingScope) {
        return {
          text:
            `Could not ${action}: your API key lacks the '${reason.missingScope}' scope. ` +
            `Add ${reason.missingScope} to the key in PostHog (Settings → Personal API keys) and try again.`,
          exitCode: 4
        }
      }
      return { text: `Could not ${action}: permission denied. ${sentence(reason.detail)}`, exitCode: 4 }
    }
    case "NotFound":
      return {
        text:
          `Could not ${action}: ${sentence(reason.detail).replace(/\.$/, "")}${where}.` +
          (listing ? ` Check the id with \`${commandLine(listing)}\` and the project with --project.` : ""),
        exitCode: 3
      }
    case "MethodNotAllowed":
      return { text: `Could not ${action}: PostHog does not allow this method${where}.`, exitCode: 1 }
    case "LimitExceeded":
      return {
        text: `Could not ${action}: ${sentence(reason.message)} Delete something first, or raise the limit.`,
        exitCode: 1
      }
    case "RateLimited": {
      const wait = seconds(reason.retryAfter)
      return {
        text:
          `Could not ${action}: PostHog kept rate-limiting the key (429)` +
          (wait ? ` and asked to wait ${wait} more second${wait === 1 ? "" : "s"}` : "") +
          " after hogkit had waited and retried. Wait a minute and run it again.",
        exitCode: 1
      }
    }
    case "ServerError":
      return {
        text:
          `Could not ${action}: ${host} failed with status ${reason.status ?? "5xx"} even after retries. Try again later` +
          (reason.requestId ? ` (request id ${reason.requestId}).` : "."),
        exitCode: 1
      }
    case "NetworkError": {
      const cause = reason.detail.replace(/^[^:]*:\s*/, "").replace(/\.$/, "")
      // PostHog started answering, so --host is right; a write may have been applied before the break.
      if (reason.detail.startsWith("The connection to PostHog broke"))
        return {
          text:
            `Could not ${action}: the connection to ${host} broke during its answer (${cause}). ` +
            (reason.method === "GET"
              ? "Try again."
              : "The change may have been made: check, then try again."),
          exitCode: 1
        }
      return {
        text: `Could not ${action}: ${host} could not be reached (${cause}). Check --host and your connection.`,
        exitCode: 1
      }
    }
    case "Timeout":
      return {
        text: `Could not ${action}: ${host} did not answer in time. Try again in a moment.`,
        exitCode: 1
      }
    case "DecodeError":
      return {
        text: `Could not ${action}: ${host} sent a response that is not what PostHog's API returns (${reason.detail.replace(/\.$/, "")}). Check --host.`,
        exitCode: 1
      }
    case "ConfigError":
      return { text: sentence(reason.detail), exitCode: 2 }
  }
}

const isHogkitError = (u: unknown): u is HogkitError =>
  typeof u === "object" && u !== null && (u as { _tag?: unknown })._tag === "HogkitError" && "reason" in u

/** Any failure → what to print and how to exit. */
export const explain = (error: unknown, context: ExplainContext = {}): Explained => {
  if (error instanceof CliFailure) return { text: error.text, exitCode: error.exitCode }
  if (isHogkitError(error)) return explainHogkit(error, context)
  const message = error instanceof Error ? error.message : String(error)
  return {
    text: `hogkit failed unexpectedly: ${sentence(message || "unknown error")} Run it again with --debug, and report it if it keeps happening.`,
    exitCode: 1
  }
}
