/**
 * When to try a request again and how long to wait first. Reads, PATCH and DELETE are safe to replay;
 * a POST is replayed only when PostHog said it did not process it (429) or when it never left the machine.
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

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"])

/** Whether this failure of this method may be retried at all. */
export const shouldRetry = (method: string, reason: HogkitErrorReason): boolean => {
  if (reason._tag === "RateLimited") return true
  if (reason._tag === "NetworkError" && !reason.requestSent) return true
  if (!IDEMPOTENT.has(method.toUpperCase())) return false
  switch (reason._tag) {
    case "NetworkError":
    case "ServerError":
      return true
    case "Timeout":
      // 408 from the server, or our own per-attempt timeout
      return true
    default:
      return false
  }
}

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
