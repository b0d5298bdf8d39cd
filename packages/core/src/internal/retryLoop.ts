/**
 * Runs attempts until one succeeds, the failure may not be retried, the retries are spent, or the total
 * timeout is reached. Each attempt gets the per-attempt timeout, or what is left of the total one when that
 * is shorter, so the total timeout only ever ends during an attempt.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import type { HogkitErrorReason } from "../Errors.js"
import type { PostHogRequest } from "../PostHogClient.js"
import type { Attempt } from "./attempt.js"
import * as Mapping from "./errorMapping.js"
import { durationOr, type PipelineSettings } from "./pipelineOptions.js"
import { isIdempotentMethod, retryDelay, shouldRetry } from "./retry.js"
import type { AttemptTimeout, WireRequest } from "./transport.js"

/**
 * Sends the wire form of `req` with retries; fails with the reason the caller is told (already settled).
 * `req` brings the call's own timeout and retries, and its idempotence (the catalogue's word), which wins
 * over the method's since it decides what may be retried after the request may have reached PostHog.
 */
export type RetryLoop = (wire: WireRequest, req: PostHogRequest) => Effect.Effect<unknown, HogkitErrorReason>

export const retryLoop = (
  attemptOnce: Attempt,
  { timeout: attemptTimeout, totalTimeout, retry: policy, onRetryWait }: PipelineSettings
): RetryLoop => {
  // Worked out once per client: the total timeout is the same for every call.
  const totalMillis = Duration.toMillis(totalTimeout)
  const totalDetail = `No answer within ${Duration.format(totalTimeout)} including retries (total timeout).`

  // The wait, told to `onRetryWait` first (and its end, when it asked): the CLI's countdown, say.
  const sleepTold = (
    wait: Duration.Duration,
    millis: number,
    operation: string,
    retry: number,
    reason: HogkitErrorReason
  ): Effect.Effect<void> =>
    onRetryWait === undefined
      ? Effect.sleep(wait)
      : Effect.suspend(() => {
          const serverWait =
            reason._tag === "RateLimited" || reason._tag === "ServerError" ? reason.retryAfter : undefined
          const done = onRetryWait({
            operation,
            millis,
            retry,
            reason:
              reason._tag === "RateLimited"
                ? "rate_limit"
                : reason._tag === "ServerError"
                  ? "server"
                  : "network",
            serverAsked: serverWait !== undefined
          })
          return done === undefined
            ? Effect.sleep(wait)
            : Effect.ensuring(Effect.sleep(wait), Effect.sync(done))
        })

  return (wire, req) => {
    const timeout = durationOr(req.options?.timeout, attemptTimeout)
    const timeoutMillis = Duration.toMillis(timeout)
    const perAttemptTimeout: AttemptTimeout = {
      duration: timeout,
      millis: timeoutMillis,
      detail: `No answer within ${Duration.format(timeout)} (per-attempt timeout).`
    }
    const maxRetries =
      req.options?.retries === undefined ? policy.maxRetries : Math.max(0, Math.floor(req.options.retries))
    const idempotent = req.idempotent ?? isIdempotentMethod(req.method)
    return Effect.flatMap(Clock.currentTimeMillis, (start) => {
      const deadline = start + totalMillis
      const loop = (attempt: number, now: number): Effect.Effect<unknown, HogkitErrorReason> => {
        // The total timeout only ever ends during an attempt: waits that would cross it are never started.
        const left = Math.max(0, deadline - now)
        const perAttempt = timeoutMillis < left
        return attemptOnce(
          wire,
          perAttempt
            ? perAttemptTimeout
            : { duration: Duration.millis(left), millis: left, detail: totalDetail },
          attempt
        ).pipe(
          Effect.catch((failure: HogkitErrorReason) => {
            // What the caller will be told is also what this loop goes by: one truth about retrying.
            const reason = Mapping.settleOutcome(failure, idempotent)
            if (attempt >= maxRetries || !shouldRetry(reason)) return Effect.fail(reason)
            return Effect.flatMap(Random.next, (random) => {
              const wait = retryDelay(policy, attempt + 1, reason, random)
              return Effect.flatMap(Clock.currentTimeMillis, (now) => {
                const waitMillis = Duration.toMillis(wait)
                // A wait that would end past the overall deadline cannot help: report the real failure.
                return now + waitMillis > deadline
                  ? Effect.fail(reason)
                  : Effect.andThen(
                      sleepTold(wait, waitMillis, req.operation, attempt + 1, reason),
                      Effect.flatMap(Clock.currentTimeMillis, (after) => loop(attempt + 1, after))
                    )
              })
            })
          })
        )
      }
      return loop(0, start)
    })
  }
}
