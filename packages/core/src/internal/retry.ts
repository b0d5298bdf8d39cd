/**
 * When to try a request again and how long to wait first. The pipeline retries exactly what the error it
 * would otherwise report calls retryable (decisions.md §10), so hogkit's own loop and a caller following
 * `isRetryable` agree: any failure before the request was sent, any failure of an idempotent request
 * (GET, PATCH, DELETE, and the POSTs the catalogue calls idempotent) that can pass, a 429; never a
 * non-idempotent request that may have reached PostHog.
 */
import * as Duration from "effect/Duration"
import type { HogkitErrorReason } from "../Errors.js"

export interface RetryPolicy {
  readonly maxRetries: number
  readonly baseDelay: Duration.Duration
  readonly maxDelay: Duration.Duration
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 3,
  baseDelay: Duration.millis(500),
  maxDelay: Duration.seconds(8)
}

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"])

/** Whether a request with this method is harmless to send twice, when nothing better is known. */
export const isIdempotentMethod = (method: string): boolean => IDEMPOTENT_METHODS.has(method.toUpperCase())

/** Whether this failure (already settled with `settleOutcome`) may be retried at all. */
export const shouldRetry = (reason: HogkitErrorReason): boolean => reason.isRetryable

/**
 * The wait before retry number `attempt` (1-based): the server's own wait when it gave one, otherwise
 * exponential backoff with full jitter, capped at `maxDelay`. `random` is in [0, 1).
 */
export const retryDelay = (
  policy: RetryPolicy,
  attempt: number,
  reason: HogkitErrorReason,
  random: number
): Duration.Duration => {
  const serverWait =
    reason._tag === "RateLimited" || reason._tag === "ServerError" ? reason.retryAfter : undefined
  if (serverWait !== undefined) return serverWait
  const base = Duration.toMillis(policy.baseDelay)
  const cap = Duration.toMillis(policy.maxDelay)
  const ceiling = Math.min(cap, base * 2 ** (attempt - 1))
  // Half fixed, half random: never zero (no hammering), never in lock-step with other clients.
  return Duration.millis(Math.round(ceiling / 2 + (random * ceiling) / 2))
}
