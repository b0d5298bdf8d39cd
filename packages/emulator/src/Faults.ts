/**
 * Faults injected into `/api/…` through `PUT /_emulator/faults`: added latency with jitter, a share of
 * requests answered with a 5xx, a share of connections reset mid-response, and rate limits.
 */
import { Throttle } from "./RateLimit.js"

export interface FaultSettings {
  readonly latency_ms: number
  readonly jitter_ms: number
  readonly error_rate: number
  readonly error_status: number
  readonly reset_rate: number
  readonly rate_limit: { readonly per_minute: number | null; readonly per_hour: number | null } | null
}

export const noFaults: FaultSettings = {
  latency_ms: 0,
  jitter_ms: 0,
  error_rate: 0,
  error_status: 500,
  reset_rate: 0,
  rate_limit: null
}

export class FaultParseError extends Error {}

const num = (o: Record<string, unknown>, key: string, min: number, max: number, fallback: number): number => {
  const v = o[key]
  if (v === undefined || v === null) return fallback
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) {
    throw new FaultParseError(`${key} must be a number from ${min} to ${max}.`)
  }
  return v
}

export const parseFaults = (body: unknown): FaultSettings => {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new FaultParseError("The fault settings must be a JSON object.")
  }
  const o = body as Record<string, unknown>
  const known = ["latency_ms", "jitter_ms", "error_rate", "error_status", "reset_rate", "rate_limit"]
  for (const key of Object.keys(o)) {
    if (!known.includes(key))
      throw new FaultParseError(`Unknown fault "${key}". Known faults: ${known.join(", ")}.`)
  }
  const errorStatus = num(o, "error_status", 500, 599, 500)
  if (!Number.isInteger(errorStatus))
    throw new FaultParseError("error_status must be an integer from 500 to 599.")
  let rateLimit: FaultSettings["rate_limit"] = null
  if (o.rate_limit !== undefined && o.rate_limit !== null) {
    if (typeof o.rate_limit !== "object" || Array.isArray(o.rate_limit)) {
      throw new FaultParseError("rate_limit must be an object with per_minute and/or per_hour.")
    }
    const r = o.rate_limit as Record<string, unknown>
    const perMinute = r.per_minute === undefined ? null : Math.floor(num(r, "per_minute", 1, 1e9, 1))
    const perHour = r.per_hour === undefined ? null : Math.floor(num(r, "per_hour", 1, 1e9, 1))
    rateLimit = { per_minute: perMinute, per_hour: perHour }
  }
  return {
    latency_ms: num(o, "latency_ms", 0, 600_000, 0),
    jitter_ms: num(o, "jitter_ms", 0, 600_000, 0),
    error_rate: num(o, "error_rate", 0, 1, 0),
    error_status: errorStatus,
    reset_rate: num(o, "reset_rate", 0, 1, 0),
    rate_limit: rateLimit
  }
}

export class Faults {
  settings: FaultSettings = noFaults
  throttle: Throttle | undefined

  set(settings: FaultSettings) {
    this.settings = settings
    this.throttle =
      settings.rate_limit === null
        ? undefined
        : new Throttle({
            per_minute: settings.rate_limit.per_minute ?? undefined,
            per_hour: settings.rate_limit.per_hour ?? undefined
          })
  }

  clear() {
    this.set(noFaults)
  }

  delay(): number {
    const { latency_ms, jitter_ms } = this.settings
    return latency_ms + (jitter_ms > 0 ? Math.random() * jitter_ms : 0)
  }

  shouldFail(): boolean {
    return this.settings.error_rate > 0 && Math.random() < this.settings.error_rate
  }

  shouldReset(): boolean {
    return this.settings.reset_rate > 0 && Math.random() < this.settings.reset_rate
  }
}
