/**
 * DRF's `SimpleRateThrottle` as PostHog configures it: per personal API key, a burst window (480/minute)
 * and a sustained window (4800/hour). A request refused by any window answers 429 with the longest wait.
 */

export interface RateLimits {
  readonly per_minute?: number | undefined
  readonly per_hour?: number | undefined
}

export const POSTHOG_RATE_LIMITS: RateLimits = { per_minute: 480, per_hour: 4800 }

export class Throttle {
  /** key hash → window duration → timestamps, newest first (DRF's history list). */
  private readonly history = new Map<string, Map<number, number[]>>()

  constructor(readonly limits: RateLimits) {}

  private windows(): Array<[number, number]> {
    const out: Array<[number, number]> = []
    if (this.limits.per_minute !== undefined) out.push([60_000, this.limits.per_minute])
    if (this.limits.per_hour !== undefined) out.push([3_600_000, this.limits.per_hour])
    return out
  }

  /** Records the request; returns the wait in whole seconds when it must be refused. */
  check(key: string, now = Date.now()): number | undefined {
    let perKey = this.history.get(key)
    if (perKey === undefined) {
      perKey = new Map()
      this.history.set(key, perKey)
    }
    const waits: number[] = []
    for (const [duration, allowed] of this.windows()) {
      const history = (perKey.get(duration) ?? []).filter((t) => t > now - duration)
      if (history.length >= allowed) {
        const oldest = history[history.length - 1] ?? now
        const available = allowed - history.length + 1
        if (available > 0) waits.push((duration - (now - oldest)) / 1000 / available)
        else waits.push((duration - (now - oldest)) / 1000)
      } else {
        history.unshift(now)
      }
      perKey.set(duration, history)
    }
    if (waits.length === 0) return undefined
    return Math.max(1, Math.ceil(Math.max(...waits)))
  }

  clear() {
    this.history.clear()
  }
}
