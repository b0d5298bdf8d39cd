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
 *   // PostHog may have done it: check (hogkit dashboards list),
 *   // then try again only if it did not.
 *   if (advice.retryable) setTimeout(retry, (advice.retryAfter ?? 1) * 1000)
 * }
 * ```
 *
 * @since 0.3.0
 */
import * as Duration from "effect/Duration"
import { operation as lookup, type Operation, operations } from "./Catalogue.js"
import { ENV } from "./config/Environment.js"
import { isUsCloud } from "./config/Host.js"
import { type HogkitErrorReason, type HogkitErrorReasonTag, isHogkitError } from "./Errors.js"
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

const sentence = (text: string): string => {
  const t = text.trim()
  return t === "" || /[.!?]$/.test(t) ? t : `${t}.`
}
const clause = (text: string): string => text.trim().replace(/[.!?]+$/, "")

const seconds = (d: Duration.Duration | undefined): number | undefined =>
  d === undefined ? undefined : Math.max(1, Math.ceil(Duration.toMillis(d) / 1000))

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`

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
      remedy: "Try again; report it if it keeps happening.",
      retryable: false,
      retryAfter: undefined,
      outcomeUnknown: false
    })
  }
  const op = lookup(error.operation)
  const [summary, remedy, retryAfter, own] = adviceFor(error.reason, op, renderer, error.outcomeUnknown)
  const action =
    op?.summary ?? (error.operation === "api" ? "call the PostHog API" : `run ${error.operation}`)
  return advice({
    kind: error.reason._tag,
    operation: error.operation,
    summary: own ? summary : `Could not ${action}: ${summary}`,
    remedy,
    retryable: error.isRetryable,
    retryAfter,
    outcomeUnknown: error.outcomeUnknown
  })
}

const advice = (fields: Omit<FailureAdvice, "text">): FailureAdvice => ({
  ...fields,
  text: fields.remedy === undefined ? fields.summary : `${fields.summary} ${fields.remedy}`
})

/** What `adviceFor` says: the summary after "Could not <action>: " (`own` when it stands alone), the remedy. */
type Words = readonly [
  summary: string,
  remedy?: string | undefined,
  retryAfter?: number | undefined,
  own?: boolean
]

const adviceFor = (
  reason: HogkitErrorReason,
  op: Operation | undefined,
  renderer: AdviceRenderer,
  outcomeUnknown: boolean
): Words => {
  const host = renderer.host ?? "PostHog"
  const command = (o: Operation | undefined) => (o ? (renderer.commandFor?.(o) ?? o.summary) : undefined)
  const setting = (name: ConnectionSetting, value?: string) => {
    const env = `${name === "apiKey" ? ENV.personalApiKey : ENV[name]}${value ? `=${value}` : ""}`
    const own = renderer.settingFor?.(name)
    return own === undefined ? env : `${own}${value ? ` ${value}` : ""} or ${env}`
  }
  // A write that may or may not have happened: say how to check before it is sent again.
  const checkFirst = () => {
    const how = command(op && readFor(op.resource.name, op.service))
    return `PostHog may have done it: check${how ? ` (${how})` : ""}, then try again only if it did not.`
  }
  const transient = (retry: string) => (outcomeUnknown ? checkFirst() : retry)
  // Long waits read in minutes too.
  const wait = (s: number) =>
    s >= 120 ? `${s} seconds (about ${Math.round(s / 60)} minutes)` : plural(s, "second")

  switch (reason._tag) {
    case "ValidationError":
      return [
        `${reason.attr ? `${reason.attr}: ` : ""}${sentence(reason.detail)}`,
        `Correct ${reason.attr ? `\`${reason.attr}\`` : "the request"}, then try again.`
      ]
    case "AuthenticationError": {
      const keyText = renderer.settingFor?.("apiKey")
      return [
        `${host} rejected the API key (401).`,
        `Set ${ENV.personalApiKey} to a valid personal API key${keyText ? `, or ${keyText}` : ""}.` +
          // A key the US cloud rejects most often belongs to an EU account.
          (isUsCloud(renderer.host) ? ` For an EU account use the EU host: ${setting("host", "eu")}.` : "")
      ]
    }
    case "PermissionDenied":
      if (reason.sessionOnly)
        return [
          "PostHog does not accept personal API keys for this action.",
          "It needs a logged-in PostHog session: do it in the PostHog app."
        ]
      if (reason.missingScope)
        return [
          `the API key lacks the '${reason.missingScope}' scope.`,
          `Add ${reason.missingScope} to the key in PostHog (Settings → Personal API keys), then try again.`
        ]
      // PostHog's own reason (a plan that lacks a feature, …) says it all; its bare 403 needs a guess.
      if (reason.detail !== GENERIC_PERMISSION_DETAIL) return [sentence(reason.detail)]
      return [
        "PostHog denied permission (403).",
        `Check that the key's user can access this project (${setting("projectId")})${op?.requiredScope ? ` and that the key has the '${op.requiredScope}' scope` : ""}.`
      ]
    case "NotFound": {
      const param = op?.params[0]
      if (param === undefined)
        return [`PostHog found nothing at ${reason.path}.`, `Check the project id (${setting("projectId")}).`]
      const list = command(readFor(param.resource, ""))
      return [
        `there is no ${param.label.replace(/ id$/, "")} with that id in this project (or it was deleted).`,
        `Check the ${param.label}${list ? ` (${list} lists them)` : ""} and the project (${setting("projectId")}).`
      ]
    }
    case "MethodNotAllowed":
      // PostHog's detail says what to do instead (soft-delete with PATCH).
      return [sentence(reason.detail)]
    case "LimitExceeded":
      return [sentence(reason.message), "Delete something first, or raise the limit."]
    case "RateLimited": {
      const s = seconds(reason.retryAfter)
      return [
        "PostHog is rate-limiting this API key (429).",
        s === undefined ? "Wait a minute, then try again." : `Wait ${wait(s)}, then try again.`,
        s
      ]
    }
    case "ServerError": {
      const s = outcomeUnknown ? undefined : seconds(reason.retryAfter)
      return [
        `${host} failed with status ${reason.status ?? "5xx"}${reason.requestId ? ` (request id ${reason.requestId})` : ""}.`,
        transient(`Try again ${s === undefined ? "in a little while" : `in ${wait(s)}`}.`),
        s
      ]
    }
    case "NetworkError":
      return reason.phase === "beforeSend"
        ? [
            `${host} could not be reached (${clause(reason.detail)}).`,
            `Check the host (${setting("host")}) and the network, then try again.`
          ]
        : [
            `the connection to ${host} ${reason.phase === "sent" ? "failed before it answered" : "broke during its answer"} (${clause(reason.detail)}).`,
            transient("Try again.")
          ]
    case "Timeout":
      return [
        `${host} did not answer in time (${clause(reason.detail)}).`,
        transient("Try again in a moment.")
      ]
    case "DecodeError":
      return [
        `${host} sent an unexpected answer (${clause(reason.detail)}).`,
        `Check that the host (${setting("host")}) is PostHog.`
      ]
    case "ConfigError":
      return [sentence(reason.detail), undefined, undefined, true]
  }
}
