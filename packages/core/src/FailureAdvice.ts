/**
 * What to tell a person (or an agent) about a failure: one function that turns any `HogkitError` into a
 * summary of what failed, in the operation's own words ("Could not create a dashboard: …"), a remedy
 * saying what to do next (which scope to add and where, which setting holds the key, how long to wait,
 * which list gives valid ids, or to check before trying again), and the facts a program branches on
 * (`retryable`, `retryAfter`, `outcomeUnknown`).
 *
 * The CLI, the MCP server and the web widgets only render it. Core knows no adapter: an adapter passes
 * its own vocabulary (how it names a command, how it takes a setting) as a small renderer, and the advice
 * text stays core's.
 *
 * @example
 * ```ts
 * import { describeFailure } from "@hogkit/core"
 *
 * try {
 *   await client.dashboards.create({ name: "Launch" })
 * } catch (error) {
 *   const advice = describeFailure(error, { commandFor: (op) => `hogkit ${op.service.toLowerCase()} ${op.verb}` })
 *   console.error(advice.text)
 *   // Could not create a dashboard: the connection to PostHog broke during its answer (ECONNRESET).
 *   // PostHog may have done it before the connection broke: check whether it did (hogkit dashboards list),
 *   // and try again only if it did not.
 *   if (advice.retryable) setTimeout(retry, (advice.retryAfter ?? 1) * 1000)
 * }
 * ```
 *
 * @since 0.3.0
 */
import * as Duration from "effect/Duration"
import { operation as lookup, type Operation, operations } from "./Catalogue.js"
import { type HogkitErrorReason, type HogkitErrorReasonTag, isHogkitError } from "./Errors.js"
import { ENVIRONMENT } from "./internal/environment.js"
import { GENERIC_PERMISSION_DETAIL } from "./internal/errorMapping.js"

/** A connection setting an adapter may take its own way besides the environment. @category models */
export type ConnectionSetting = "apiKey" | "host" | "projectId"

/** An adapter's own vocabulary, so core's advice can name what the user types there. @category models */
export interface AdviceRenderer {
  /**
   * How a user runs an operation with this adapter, as it should appear in a sentence: a command
   * (`` `hogkit dashboards list` ``) or a tool (`dashboards-get-all`). `undefined` for one it lacks; then
   * the advice names the operation in words.
   */
  readonly commandFor?: ((operation: Operation) => string | undefined) | undefined
  /**
   * This adapter's own way to give a setting, named next to the environment variable: `--host` for the
   * CLI's host, `` `hogkit auth login` `` for its key.
   */
  readonly settingFor?: ((setting: ConnectionSetting) => string | undefined) | undefined
  /** The API origin in use (`https://us.posthog.com`, an emulator's URL), so advice can name it. */
  readonly host?: string | undefined
}

/** What a failure means for whoever called. @category models */
export interface FailureAdvice {
  /** The reason's tag (`"NotFound"`), or `"Unexpected"` for anything that is not a `HogkitError`. */
  readonly kind: HogkitErrorReasonTag | "Unexpected"
  /** The operation that failed (`"Dashboards.create"`), when known. */
  readonly operation: string | undefined
  /** What failed, in one sentence: `Could not create a dashboard: PostHog failed with status 502.` */
  readonly summary: string
  /** What to do next, in one or two sentences; `undefined` when the summary says all there is. */
  readonly remedy: string | undefined
  /** Whether sending the same call again is safe and may succeed. */
  readonly retryable: boolean
  /** Seconds PostHog asked to wait before trying again, when it said. */
  readonly retryAfter: number | undefined
  /**
   * True when a call that is not idempotent may or may not have taken effect: check (the remedy says
   * how), then try again only if it did not.
   */
  readonly outcomeUnknown: boolean
  /** `summary` and `remedy` as one text. */
  readonly text: string
}

const US_CLOUD = "https://us.posthog.com"

const sentence = (text: string): string => {
  const t = text.trim()
  return t === "" || /[.!?]$/.test(t) ? t : `${t}.`
}
const clause = (text: string): string => text.trim().replace(/[.!?]+$/, "")

const seconds = (d: Duration.Duration | undefined): number | undefined =>
  d === undefined ? undefined : Math.max(1, Math.ceil(Duration.toMillis(d) / 1000))

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`

/** A wait in seconds, with minutes alongside once it is long enough that seconds are hard to read. */
const waitText = (s: number) =>
  s >= 120 ? `${s} seconds (about ${Math.round(s / 60)} minutes)` : plural(s, "second")

/** The read operation that shows whether `op` happened, or lists the ids `op` takes. */
const readFor = (resource: string, service: string): Operation | undefined => {
  const reads = operations.filter((o) => o.kind === "read")
  return (
    reads.find((o) => o.resource.name === resource && o.verb === "list") ??
    reads.find((o) => o.resource.name === resource && o.verb === "get") ??
    reads.find((o) => o.service === service && o.verb === "get")
  )
}

/**
 * Turns any failure into advice. A `HogkitError` gets advice for its reason in its operation's words;
 * anything else (a bug) gets an honest "failed unexpectedly".
 *
 * @category advice
 */
export const describeFailure = (error: unknown, renderer: AdviceRenderer = {}): FailureAdvice => {
  if (!isHogkitError(error)) {
    const message = error instanceof Error ? error.message : String(error)
    return advice({
      kind: "Unexpected",
      operation: undefined,
      summary: `hogkit failed unexpectedly: ${sentence(message || "unknown error")}`,
      remedy: "Try again, and report it if it keeps happening.",
      retryable: false,
      retryAfter: undefined,
      outcomeUnknown: false
    })
  }
  const op = lookup(error.operation)
  const reason = error.reason
  const base = {
    kind: reason._tag,
    operation: error.operation,
    retryable: error.isRetryable,
    retryAfter: undefined,
    outcomeUnknown: error.outcomeUnknown
  }
  const words = adviceFor(reason, error.operation, op, renderer, error.outcomeUnknown)
  return advice({ ...base, ...words })
}

const advice = (fields: Omit<FailureAdvice, "text">): FailureAdvice => ({
  ...fields,
  text: fields.remedy === undefined ? fields.summary : `${fields.summary} ${fields.remedy}`
})

type Words = Pick<FailureAdvice, "summary" | "remedy"> & { readonly retryAfter?: number | undefined }

const adviceFor = (
  reason: HogkitErrorReason,
  operationName: string,
  op: Operation | undefined,
  renderer: AdviceRenderer,
  outcomeUnknown: boolean
): Words => {
  const action = op?.summary ?? (operationName === "api" ? "call the PostHog API" : `run ${operationName}`)
  const failed = `Could not ${action}`
  const host = renderer.host ?? "PostHog"
  const command = (o: Operation | undefined) => (o ? (renderer.commandFor?.(o) ?? o.summary) : undefined)
  const setting = (name: ConnectionSetting, value?: string) => {
    const env = name === "apiKey" ? ENVIRONMENT.apiKey[0] : ENVIRONMENT[name]
    const own = renderer.settingFor?.(name)
    const envText = value === undefined ? env : `${env}=${value}`
    return own === undefined ? envText : `${own}${value === undefined ? "" : ` ${value}`} or ${envText}`
  }
  // The remedy of every failure after which a write may or may not have happened.
  const checkFirst = (happened: string) => {
    const read = op ? readFor(op.resource.name, op.service) : undefined
    const how = command(read)
    return `PostHog may have done it before ${happened}: check whether it did${how ? ` (${how})` : ""}, and try again only if it did not.`
  }

  switch (reason._tag) {
    case "ValidationError":
      return {
        summary: `${failed}: ${reason.attr ? `${reason.attr}: ` : ""}${sentence(reason.detail)}`,
        remedy: reason.attr
          ? `Correct \`${reason.attr}\`, then try again.`
          : "Correct the request, then try again."
      }
    case "AuthenticationError": {
      // A US key sent to the US cloud that rejects it is most often an EU account's key.
      const onUs = renderer.host === US_CLOUD
      const keyText = renderer.settingFor?.("apiKey")
      return {
        summary: `${failed}: ${host} rejected the API key (401).`,
        remedy:
          `Set ${ENVIRONMENT.apiKey[0]} (or ${ENVIRONMENT.apiKey[1]}) to a valid personal API key${keyText ? `, or ${keyText}` : ""}.` +
          (onUs ? ` If the account is on PostHog's EU cloud, use the EU host: ${setting("host", "eu")}.` : "")
      }
    }
    case "PermissionDenied":
      if (reason.sessionOnly)
        return {
          summary: `${failed}: PostHog does not accept personal API keys for this action (it grants them no scope for it).`,
          remedy: "It needs a logged-in PostHog session: do it in the PostHog app."
        }
      if (reason.missingScope)
        return {
          summary: `${failed}: the API key lacks the '${reason.missingScope}' scope.`,
          remedy: `Add ${reason.missingScope} to the key in PostHog (Settings → Personal API keys), then try again.`
        }
      // PostHog's own reason (a plan that lacks a feature, …) says it all; its bare 403 needs a guess.
      if (reason.detail !== GENERIC_PERMISSION_DETAIL)
        return { summary: `${failed}: ${sentence(reason.detail)}`, remedy: undefined }
      return {
        summary: `${failed}: PostHog denied permission (403).`,
        remedy:
          `Check that the key's user can access this project (${setting("projectId")})` +
          (op?.requiredScope ? ` and that the key has the '${op.requiredScope}' scope.` : ".")
      }
    case "NotFound": {
      const param = op?.params[0]
      if (param === undefined)
        return {
          summary: `${failed}: PostHog found nothing at ${reason.path}.`,
          remedy: `Check the project id (${setting("projectId")}).`
        }
      const noun = param.label.replace(/ id$/, "")
      const list = command(readFor(param.resource, ""))
      return {
        summary: `${failed}: there is no ${noun} with that id in this project (or it was deleted).`,
        remedy: `Check the ${param.label}${list ? ` (${list} lists them)` : ""} and the project (${setting("projectId")}).`
      }
    }
    case "MethodNotAllowed":
      return {
        summary: `${failed}: PostHog does not allow ${reason.method} here (405).`,
        remedy: sentence(reason.detail)
      }
    case "LimitExceeded":
      return {
        summary: `${failed}: ${sentence(reason.message)}`,
        remedy: "Delete something first, or ask PostHog to raise the limit."
      }
    case "RateLimited": {
      const wait = seconds(reason.retryAfter)
      return {
        summary: `${failed}: PostHog is rate-limiting this API key (429).`,
        remedy:
          wait === undefined
            ? "Wait a minute, then try again with fewer calls (larger pages)."
            : `Wait ${waitText(wait)}, then try again.`,
        retryAfter: wait
      }
    }
    case "ServerError": {
      const wait = seconds(reason.retryAfter)
      return {
        summary: `${failed}: ${host} failed with status ${reason.status ?? "5xx"}${reason.requestId ? ` (request id ${reason.requestId})` : ""}.`,
        remedy: outcomeUnknown
          ? checkFirst("it failed")
          : `Try again ${wait === undefined ? "in a little while" : `in ${waitText(wait)}`}.`,
        retryAfter: outcomeUnknown ? undefined : wait
      }
    }
    case "NetworkError": {
      const cause = clause(reason.detail)
      if (reason.phase === "beforeSend")
        return {
          summary: `${failed}: ${host} could not be reached (${cause}).`,
          remedy: `Check the host (${setting("host")}) and the network, then try again.`
        }
      return {
        summary:
          reason.phase === "sent"
            ? `${failed}: the connection to ${host} failed before it answered (${cause}).`
            : `${failed}: the connection to ${host} broke during its answer (${cause}).`,
        remedy: outcomeUnknown ? checkFirst("the connection broke") : "Try again."
      }
    }
    case "Timeout":
      return {
        summary: `${failed}: ${host} did not answer in time (${clause(reason.detail)}).`,
        remedy: outcomeUnknown ? checkFirst("the time ran out") : "Try again in a moment."
      }
    case "DecodeError":
      return {
        summary: `${failed}: ${host} answered with something PostHog's API does not send (${clause(reason.detail)}).`,
        remedy: `Check that the host (${setting("host")}) points at PostHog.`
      }
    case "ConfigError":
      return { summary: sentence(reason.detail), remedy: undefined }
  }
}
