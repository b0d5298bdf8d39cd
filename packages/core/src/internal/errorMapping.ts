/**
 * The one place where an HTTP status, PostHog's error body and a transport failure become a reason.
 * Everything here is pure (the clock's "now" is passed in) so it can be tested without a server.
 */
import * as Duration from "effect/Duration"
import type * as z from "zod"
import {
  AuthenticationError,
  ConfigError,
  DecodeError,
  type HogkitErrorReason,
  LimitExceeded,
  MethodNotAllowed,
  NetworkError,
  NotFound,
  PermissionDenied,
  RateLimited,
  ServerError,
  Timeout,
  ValidationError
} from "../Errors.js"

export interface ResponseFacts {
  readonly method: string
  readonly path: string
  readonly status: number
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: string
  /** Epoch millis, to turn an HTTP-date `Retry-After` into a wait. */
  readonly now: number
}

interface ParsedBody {
  readonly detail?: string | undefined
  readonly code?: string | undefined
  readonly attr?: string | null | undefined
  readonly extra?: Record<string, unknown> | undefined
}

const MISSING_SCOPE = /API key missing required scope '([^']+)'/
const SESSION_ONLY = "This action does not support personal API key access"
const EXPECTED_AVAILABLE = /Expected available in (\d+(?:\.\d+)?) seconds?/

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** Reads PostHog's flat error body, the sharing endpoints' `{"error": ...}`, DRF's `{"field": ["msg"]}`, or plain text. */
export const parseErrorBody = (body: string): ParsedBody => {
  const text = body.trim()
  if (text === "") return {}
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    // An HTML error page from a proxy: keep a short, single-line excerpt.
    const excerpt = text
      .replace(/<[^>]*>/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 200)
    return excerpt ? { detail: excerpt } : {}
  }
  if (!isRecord(json)) return typeof json === "string" ? { detail: json } : {}
  const str = (u: unknown) => (typeof u === "string" ? u : undefined)
  if (typeof json.detail === "string") {
    return {
      detail: json.detail,
      code: str(json.code),
      attr: typeof json.attr === "string" ? json.attr : null,
      extra: isRecord(json.extra) ? json.extra : undefined
    }
  }
  if (typeof json.error === "string") return { detail: json.error, code: str(json.code) }
  // DRF's un-wrapped serializer errors: {"field": ["message"]}
  for (const [key, value] of Object.entries(json)) {
    const first = Array.isArray(value) ? value[0] : value
    if (typeof first === "string") {
      return { detail: first, attr: key === "non_field_errors" ? null : key, code: "invalid_input" }
    }
  }
  return {}
}

/** `Retry-After` as seconds or an HTTP date; else the wait PostHog writes in its 429 text. */
export const parseRetryAfter = (
  header: string | undefined,
  detail: string | undefined,
  now: number
): Duration.Duration | undefined => {
  if (header !== undefined && header.trim() !== "") {
    const value = header.trim()
    if (/^\d+(\.\d+)?$/.test(value)) return Duration.seconds(Number(value))
    const date = Date.parse(value)
    if (!Number.isNaN(date)) return Duration.millis(Math.max(0, date - now))
  }
  const match = detail === undefined ? null : EXPECTED_AVAILABLE.exec(detail)
  if (match?.[1] !== undefined) return Duration.seconds(Number(match[1]))
  return undefined
}

const header = (headers: Readonly<Record<string, string | undefined>>, name: string) => {
  const value = headers[name]
  return value === undefined || value === "" ? undefined : value
}

export const requestIdFrom = (
  headers: Readonly<Record<string, string | undefined>>,
  extra?: Record<string, unknown>
): string | undefined => {
  const fromHeader =
    header(headers, "x-request-id") ?? header(headers, "request-id") ?? header(headers, "x-amzn-requestid")
  if (fromHeader) return fromHeader
  const request = extra?.request
  return isRecord(request) && typeof request.id === "string" ? request.id : undefined
}

/** PostHog's (DRF's) 403 sentence when it names no reason: the key's user lacks access, or a scope. */
export const GENERIC_PERMISSION_DETAIL = "You do not have permission to perform this action."

const defaultDetail = (method: string, status: number): string => {
  switch (status) {
    case 401:
      return "Authentication credentials were not provided or are invalid."
    case 403:
      return GENERIC_PERMISSION_DETAIL
    case 404:
      return "Not found."
    case 405:
      return method === "DELETE"
        ? `Method "DELETE" not allowed. PostHog does not hard-delete this resource; soft-delete it with PATCH {"deleted": true}.`
        : `Method "${method}" not allowed.`
    case 408:
      return "The server timed out waiting for the request."
    case 429:
      return "Request was throttled."
    default:
      return status >= 500 ? `PostHog answered ${status} (server error).` : `PostHog answered ${status}.`
  }
}

/** Maps a non-2xx response to a reason. */
export const fromResponse = (facts: ResponseFacts): HogkitErrorReason => {
  const { method, path, status, headers } = facts
  const parsed = parseErrorBody(facts.body)
  const detail = parsed.detail ?? defaultDetail(method, status)
  const base = { method, path, status, requestId: requestIdFrom(headers, parsed.extra), detail }
  if (status === 401) return new AuthenticationError(base)
  if (status === 402) return new LimitExceeded({ ...base, extra: parsed.extra })
  if (status === 403) {
    const scope = MISSING_SCOPE.exec(detail)?.[1]
    return new PermissionDenied({ ...base, missingScope: scope, sessionOnly: detail.includes(SESSION_ONLY) })
  }
  if (status === 404) return new NotFound(base)
  if (status === 405) return new MethodNotAllowed(base)
  if (status === 408) return new Timeout(base)
  if (status === 429) {
    return new RateLimited({
      ...base,
      retryAfter: parseRetryAfter(header(headers, "retry-after"), detail, facts.now)
    })
  }
  if (status >= 500) {
    return new ServerError({
      ...base,
      retryAfter: parseRetryAfter(header(headers, "retry-after"), undefined, facts.now)
    })
  }
  return new ValidationError({ ...base, attr: parsed.attr ?? null, code: parsed.code ?? `http_${status}` })
}

// Error codes of Node's fetch (undici) and the OS that mean the connection never carried the request.
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_INVALID_ARG",
  "ERR_INVALID_URL",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE"
])

const causeChain = (cause: unknown): Array<unknown> => {
  const out: Array<unknown> = []
  let current = cause
  for (let i = 0; i < 5 && current !== undefined && current !== null; i++) {
    out.push(current)
    current = (current as { cause?: unknown }).cause
  }
  return out
}

/** Whether a transport failure happened before any byte of the request left (safe to replay a POST). */
export const failedBeforeSending = (cause: unknown): boolean =>
  causeChain(cause).some((c) => {
    const code = (c as { code?: unknown }).code
    if (typeof code === "string" && NOT_SENT_CODES.has(code)) return true
    // fetch refuses some ports (6, 7, 25, …) itself, before opening a connection
    return c instanceof Error && c.message === "bad port"
  })

/** A short description of a transport failure, e.g. `connect ECONNREFUSED 127.0.0.1:9`. */
export const describeTransportCause = (cause: unknown): string => {
  const chain = causeChain(cause)
  const deepest = [...chain].reverse().find((c) => c instanceof Error && c.message !== "") as
    | Error
    | undefined
  const code = chain.map((c) => (c as { code?: unknown }).code).find((c) => typeof c === "string")
  if (deepest)
    return deepest.message.includes(String(code)) || code === undefined
      ? deepest.message
      : `${code}: ${deepest.message}`
  return typeof code === "string" ? code : "the connection failed"
}

/**
 * A transport failure as a `NetworkError`. `answerStarted`: the status line was in when it broke, so
 * PostHog has the request (`midAnswer`); otherwise the cause tells whether anything left (`beforeSend`)
 * or the request may have arrived (`sent`).
 */
export const networkError = (
  method: string,
  path: string,
  cause: unknown,
  answerStarted = false
): NetworkError =>
  new NetworkError({
    method,
    path,
    detail: describeTransportCause(cause),
    phase: answerStarted ? "midAnswer" : failedBeforeSending(cause) ? "beforeSend" : "sent"
  })

/** A failure after which PostHog may have acted on the request (so only an idempotent one may be resent). */
export const mayHaveReachedPostHog = (reason: HogkitErrorReason): boolean => {
  switch (reason._tag) {
    case "NetworkError":
      return reason.phase !== "beforeSend"
    // A 5xx may come from PostHog after it wrote, or from a proxy that had forwarded the request; a timeout
    // (ours, or a 408 from a proxy) says nothing about what happened upstream.
    case "ServerError":
    case "Timeout":
      return true
    default:
      return false
  }
}

/**
 * The reason as the caller must see it, knowing whether the request was idempotent: a non-idempotent
 * request that may have reached PostHog has an unknown outcome, and is therefore not retryable.
 */
export const settleOutcome = (reason: HogkitErrorReason, idempotent: boolean): HogkitErrorReason => {
  if (idempotent || !mayHaveReachedPostHog(reason)) return reason
  // A copy of the same class (NetworkError, ServerError or Timeout) with its own fields and the flag.
  const Reason = reason.constructor as new (fields: object) => HogkitErrorReason
  const { _tag: _, ...fields } = { ...reason } as Record<string, unknown>
  return new Reason({ ...fields, outcomeUnknown: true })
}

export const timeoutError = (method: string, path: string, what: string): Timeout =>
  new Timeout({ method, path, detail: what })

export const decodeError = (
  method: string,
  path: string,
  status: number | undefined,
  detail: string
): DecodeError => new DecodeError({ method, path, status, detail })

export const configError = (detail: string): ConfigError => new ConfigError({ method: "", path: "", detail })

/** PostHog-style `attr` for a zod issue path: nested keys joined with `__`. */
const attrOf = (path: ReadonlyArray<PropertyKey>): string | null =>
  path.length === 0 ? null : path.map((p) => (typeof p === "symbol" ? p.toString() : String(p))).join("__")

/** Turns the first zod issue of a request into the ValidationError PostHog would have answered. */
export const fromRequestIssues = (
  method: string,
  path: string,
  issues: ReadonlyArray<z.core.$ZodIssue>
): ValidationError => {
  const issue = issues[0]
  if (issue === undefined) {
    return new ValidationError({
      method,
      path,
      detail: "Invalid request.",
      attr: null,
      code: "invalid_input"
    })
  }
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? ""
    const prefix = attrOf(issue.path)
    return new ValidationError({
      method,
      path,
      attr: prefix ? `${prefix}__${key}` : key,
      code: "unrecognized_field",
      detail: `Unknown field "${key}": PostHog does not accept it here. Remove it or check its spelling.`
    })
  }
  const attr = attrOf(issue.path)
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return new ValidationError({ method, path, attr, code: "required", detail: "This field is required." })
  }
  const code =
    issue.message === "This field is required."
      ? "required"
      : issue.code === "too_big"
        ? "max_length"
        : issue.code === "too_small"
          ? "min_length"
          : "invalid_input"
  return new ValidationError({ method, path, attr, code, detail: issue.message })
}
