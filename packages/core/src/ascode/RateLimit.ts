/**
 * Keeps a run of requests inside PostHog's per-key rate limits (480 a minute, 4,800 an hour for personal
 * API keys): a sliding window per limit, each request reserving the earliest start that keeps every
 * window under its budget. The budgets leave headroom below PostHog's numbers for the pipeline's own
 * retries, which this layer does not see.
 */
import * as Effect from "effect/Effect"
import type * as PostHogClient from "../PostHogClient.js"

export interface RateBudget {
  /** Requests started in any minute (default 400: PostHog allows 480). */
  readonly perMinute?: number | undefined
  /** Requests started in any hour (default 4,000: PostHog allows 4,800). */
  readonly perHour?: number | undefined
}

export const DEFAULT_BUDGET = { perMinute: 400, perHour: 4000 } as const

/** A limiter: `take` waits until a request may start, and counts it. */
export const makeLimiter = (budget: RateBudget = {}) => {
  const windows: Array<{ readonly ms: number; readonly max: number; readonly starts: number[] }> = [
    { ms: 60_000, max: budget.perMinute ?? DEFAULT_BUDGET.perMinute, starts: [] },
    { ms: 3_600_000, max: budget.perHour ?? DEFAULT_BUDGET.perHour, starts: [] }
  ]
  const take = Effect.suspend(() => {
    // Reserved synchronously: concurrent takers each get their own slot, in order.
    const now = Date.now()
    let start = now
    for (const w of windows) {
      while (w.starts.length > 0 && w.starts[0]! <= now - w.ms) w.starts.shift()
      if (w.starts.length >= w.max) start = Math.max(start, w.starts[w.starts.length - w.max]! + w.ms)
    }
    for (const w of windows) {
      w.starts.push(start)
      // Two windows can push one start past a later reservation: keep each list in time order.
      if (w.starts.length > 1 && w.starts[w.starts.length - 2]! > start) w.starts.sort((a, b) => a - b)
    }
    return start > now ? Effect.sleep(start - now) : Effect.void
  })
  return { take }
}

/** The pipeline with every request waiting for the limiter first. */
export const limitedClient = (
  client: PostHogClient.Service,
  limiter: ReturnType<typeof makeLimiter>
): PostHogClient.Service => ({
  ...client,
  request: (req) => Effect.andThen(limiter.take, client.request(req)),
  requestWith: (schema, req) => Effect.andThen(limiter.take, client.requestWith(schema, req))
})
