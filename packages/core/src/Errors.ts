/**
 * Every failure of `@hogkit/core` is one `HogkitError`: the operation that failed (`"Comments.create"`)
 * and a `reason` saying what went wrong. Each reason is its own tagged class carrying the HTTP method,
 * the request path, the status (when the server answered), PostHog's request id (when it sent one), the
 * server's `detail`, and whether trying again is safe and could help (`isRetryable`). A create that failed
 * after it may have reached PostHog is not retryable: its outcome is unknown (`outcomeUnknown`), and the
 * caller should check before trying again. `describeFailure` turns any of them into a summary and a remedy
 * adapters show as they are. The API key never appears in any of them.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Comments } from "@hogkit/core"
 *
 * const program = Comments.use((comments) => comments.create({ scope: "Notebook", content: "hi" })).pipe(
 *   Effect.catchTag("HogkitError", (error) =>
 *     error.reason._tag === "PermissionDenied" && error.reason.missingScope
 *       ? Effect.logWarning(`grant the key ${error.reason.missingScope}`)
 *       : Effect.fail(error)
 *   )
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"

/** Fields every reason carries. @category models */
export interface ReasonFields {
  /** HTTP method of the request (`""` for failures that happen before a request exists). */
  readonly method: string
  /** Request path, e.g. `/api/projects/1/comments/` (no host, no query). */
  readonly path: string
  /** HTTP status, when the server answered. */
  readonly status?: number | undefined
  /** PostHog's request id, when the response carried one. */
  readonly requestId?: string | undefined
  /** What went wrong, in PostHog's words when it gave any. */
  readonly detail: string
}

/** 400 (or a request refused before sending): a field PostHog (or hogkit, with PostHog's rules) rejected. @category reasons */
export class ValidationError extends Data.TaggedError("ValidationError")<
  ReasonFields & {
    /** The offending field (`mentions__0` for nested ones), or null when the whole body is at fault. */
    readonly attr: string | null
    /** PostHog's error code (`invalid_input`, `required`, `max_length`, …). */
    readonly code: string
  }
> {
  get isRetryable(): boolean {
    return false
  }
  override get message(): string {
    return this.attr ? `${this.attr}: ${this.detail}` : this.detail
  }
}

/** 401: the key is missing or invalid. @category reasons */
export class AuthenticationError extends Data.TaggedError("AuthenticationError")<ReasonFields> {
  get isRetryable(): boolean {
    return false
  }
  override get message(): string {
    return this.detail
  }
}

/** 403: the key lacks a scope, the user lacks access, or the action refuses API keys altogether. @category reasons */
export class PermissionDenied extends Data.TaggedError("PermissionDenied")<
  ReasonFields & {
    /** The scope PostHog named as missing (`comment:write`), when it named one. */
    readonly missingScope?: string | undefined
    /** True when PostHog accepts no personal API key for this action: it needs a logged-in session. */
    readonly sessionOnly: boolean
  }
> {
  get isRetryable(): boolean {
    return false
  }
  override get message(): string {
    return this.sessionOnly
      ? `${this.detail}: this action needs a logged-in PostHog session (PostHog grants no API key scope for it)`
      : this.detail
  }
}

/** 404: no such resource (or it was soft-deleted, or the project does not exist). @category reasons */
export class NotFound extends Data.TaggedError("NotFound")<ReasonFields> {
  get isRetryable(): boolean {
    return false
  }
  override get message(): string {
    return this.detail
  }
}

/** 405: PostHog refuses the method (hard DELETE of comments, templates and dashboards). @category reasons */
export class MethodNotAllowed extends Data.TaggedError("MethodNotAllowed")<ReasonFields> {
  get isRetryable(): boolean {
    return false
  }
  override get message(): string {
    return this.detail
  }
}

/** 402: a resource limit (e.g. 500 dashboards per project); `extra` is PostHog's `{limit_key, limit, current}`. @category reasons */
export class LimitExceeded extends Data.TaggedError("LimitExceeded")<
  ReasonFields & { readonly extra?: Readonly<Record<string, unknown>> | undefined }
> {
  get isRetryable(): boolean {
    return false
  }
  override get message(): string {
    const limitKey = this.extra?.limit_key
    return typeof limitKey === "string"
      ? `${this.detail} (${limitKey}: ${String(this.extra?.limit)})`
      : this.detail
  }
}

/** 429: throttled; `retryAfter` is how long PostHog asked to wait, when it said. @category reasons */
export class RateLimited extends Data.TaggedError("RateLimited")<
  ReasonFields & { readonly retryAfter?: Duration.Duration | undefined }
> {
  get isRetryable(): boolean {
    return true
  }
  override get message(): string {
    return this.detail
  }
}

/**
 * Where a request that got no complete answer broke, as seen from the client:
 *
 * - `beforeSend`: nothing left the machine (DNS failure, refused connection, bad TLS certificate, a port
 *   `fetch` blocks). PostHog never saw the request; any request may be sent again.
 * - `sent`: the request went out (or may have) and no answer came (reset, hang-up). PostHog may have acted
 *   on it.
 * - `midAnswer`: PostHog had started answering when the connection broke, so it received the request.
 *
 * @category models
 */
export type NetworkPhase = "beforeSend" | "sent" | "midAnswer"

/**
 * Set by the pipeline on failures after which a request that is not idempotent (a POST that creates
 * something) may or may not have taken effect. Such a failure is not retryable: the caller should check
 * whether the change happened (list or get the object) before trying again.
 *
 * @category models
 */
export interface MaybeApplied {
  /** True when PostHog may have applied this (non-idempotent) request: check before trying again. */
  readonly outcomeUnknown?: boolean | undefined
}

/**
 * 5xx: PostHog failed; `retryAfter` when it asked for a pause (503 database_unavailable). Retryable, unless
 * the request was not idempotent: PostHog (or a proxy in front of it) may have acted on it first.
 *
 * @category reasons
 */
export class ServerError extends Data.TaggedError("ServerError")<
  ReasonFields & MaybeApplied & { readonly retryAfter?: Duration.Duration | undefined }
> {
  get isRetryable(): boolean {
    return this.outcomeUnknown !== true
  }
  override get message(): string {
    return this.detail
  }
}

/**
 * The request did not complete: DNS, a refused or reset connection, an answer cut short. `phase` says
 * where it broke; `detail` is the low-level cause (`connect ECONNREFUSED 127.0.0.1:9`). Retryable,
 * unless a request that is not idempotent may have reached PostHog (`outcomeUnknown`).
 *
 * @category reasons
 */
export class NetworkError extends Data.TaggedError("NetworkError")<
  ReasonFields & MaybeApplied & { readonly phase: NetworkPhase }
> {
  get isRetryable(): boolean {
    return this.outcomeUnknown !== true
  }
  override get message(): string {
    const where =
      this.phase === "beforeSend"
        ? "Could not reach PostHog"
        : this.phase === "sent"
          ? "No answer from PostHog"
          : "PostHog's answer was cut off"
    return `${where}: ${this.detail}`
  }
}

/**
 * The attempt (or the whole call with its retries) ran out of time, or the server answered 408.
 * Retryable, unless a request that is not idempotent may have reached PostHog (`outcomeUnknown`).
 *
 * @category reasons
 */
export class Timeout extends Data.TaggedError("Timeout")<ReasonFields & MaybeApplied> {
  get isRetryable(): boolean {
    return this.outcomeUnknown !== true
  }
  override get message(): string {
    return this.detail
  }
}

/** The server answered with something that does not fit the expected shape (or is not JSON); `detail` says what did not fit. @category reasons */
export class DecodeError extends Data.TaggedError("DecodeError")<ReasonFields> {
  get isRetryable(): boolean {
    return false
  }
  override get message(): string {
    return `Unexpected response from PostHog: ${this.detail}`
  }
}

/** The client is misconfigured (no key, a host that is not a URL, a bad project id). @category reasons */
export class ConfigError extends Data.TaggedError("ConfigError")<ReasonFields> {
  get isRetryable(): boolean {
    return false
  }
  override get message(): string {
    return this.detail
  }
}

/** Every reason a `HogkitError` can carry. @category models */
export type HogkitErrorReason =
  | ValidationError
  | AuthenticationError
  | PermissionDenied
  | NotFound
  | MethodNotAllowed
  | LimitExceeded
  | RateLimited
  | ServerError
  | NetworkError
  | Timeout
  | DecodeError
  | ConfigError

/** The tags of every reason, for exhaustive handling. @category models */
export type HogkitErrorReasonTag = HogkitErrorReason["_tag"]

/**
 * The one error of `@hogkit/core`: `operation` failed because of `reason`.
 *
 * Its message reads like
 * `Comments.create failed: API key missing required scope 'comment:write' (POST /api/projects/1/comments/)`.
 *
 * @category errors
 */
export class HogkitError extends Data.TaggedError("HogkitError")<{
  /** The operation that failed, e.g. `Comments.create`. */
  readonly operation: string
  readonly reason: HogkitErrorReason
}> {
  /**
   * Whether sending the same call again is safe and might succeed. False when it would fail again
   * (validation, authentication, permission, not found) and when the outcome is unknown.
   */
  get isRetryable(): boolean {
    return this.reason.isRetryable
  }
  /**
   * True when the call was not idempotent (a create, a password, a link refresh) and failed after it may
   * have reached PostHog: it may or may not have taken effect. Check (list or get the object), then try
   * again only if it did not happen; `describeFailure` says how.
   */
  get outcomeUnknown(): boolean {
    return "outcomeUnknown" in this.reason && this.reason.outcomeUnknown === true
  }
  override get message(): string {
    const where = this.reason.method ? ` (${this.reason.method} ${this.reason.path})` : ""
    return `${this.operation} failed: ${this.reason.message}${where}`
  }
  override toJSON(): unknown {
    return {
      _tag: this._tag,
      operation: this.operation,
      message: this.message,
      isRetryable: this.isRetryable,
      outcomeUnknown: this.outcomeUnknown,
      reason: reasonToJSON(this.reason)
    }
  }
}

const reasonToJSON = (reason: HogkitErrorReason): Record<string, unknown> => {
  const out: Record<string, unknown> = { _tag: reason._tag }
  for (const [key, value] of Object.entries(reason)) {
    if (key === "stack" || value === undefined) continue
    out[key] = Duration.isDuration(value) ? Duration.toMillis(value) : value
  }
  out.isRetryable = reason.isRetryable
  return out
}

/** True for any `HogkitError`, e.g. in a Promise `catch`. @category guards */
export const isHogkitError = (u: unknown): u is HogkitError =>
  typeof u === "object" && u !== null && (u as { _tag?: unknown })._tag === "HogkitError" && "reason" in u
