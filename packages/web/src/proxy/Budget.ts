/**
 * How many requests the proxy forwards, per browser and in total. Every request a page makes becomes a
 * request with the server's key, and PostHog counts them against that key (480 a minute, 4800 an hour):
 * without a budget one busy or hostile page spends the whole allowance for everyone. Token buckets, so a
 * page may burst up to its budget and then gets one more request per refill interval.
 */

/** Budgets of {@link createProxyHandler}, in forwarded requests per minute. @category models */
export interface ProxyBudget {
  /** Per client (browser address, or what `clientId` returns). Default 120. */
  readonly perClientPerMinute?: number
  /** For the whole proxy, all clients together. Default 480, PostHog's per-key burst limit. */
  readonly perMinute?: number
}

export const DEFAULT_PER_CLIENT_PER_MINUTE = 120
export const DEFAULT_PER_MINUTE = 480
/** Clients remembered at once; beyond it the longest-idle are forgotten (they come back with a full bucket). */
const MAX_CLIENTS = 10_000

interface Bucket {
  tokens: number
  at: number
}

const positive = (value: number | undefined, fallback: number, name: string): number => {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`createProxyHandler: budget.${name} must be a positive number of requests per minute.`)
  }
  return value
}

/** Takes one request from a client's and the global budget; returns the seconds to wait when either is spent. */
export type TakeBudget = (client: string) => number | undefined

export const makeBudget = (budget: ProxyBudget = {}, now: () => number = Date.now): TakeBudget => {
  const perClient = positive(budget.perClientPerMinute, DEFAULT_PER_CLIENT_PER_MINUTE, "perClientPerMinute")
  const global = positive(budget.perMinute, DEFAULT_PER_MINUTE, "perMinute")
  const clients = new Map<string, Bucket>()
  const all: Bucket = { tokens: global, at: now() }

  const refill = (bucket: Bucket, perMinute: number, t: number) => {
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((t - bucket.at) * perMinute) / 60_000)
    bucket.at = t
  }
  const waitSeconds = (bucket: Bucket, perMinute: number) =>
    Math.max(1, Math.ceil(((1 - bucket.tokens) * 60) / perMinute))

  return (client) => {
    const t = now()
    let mine = clients.get(client)
    if (mine === undefined) {
      if (clients.size >= MAX_CLIENTS) {
        const oldest = clients.keys().next()
        if (oldest.done !== true) clients.delete(oldest.value)
      }
      mine = { tokens: perClient, at: t }
    }
    // Re-inserted on every use, so the Map's order is least recently seen first.
    clients.delete(client)
    clients.set(client, mine)
    refill(mine, perClient, t)
    refill(all, global, t)
    if (mine.tokens < 1) return waitSeconds(mine, perClient)
    if (all.tokens < 1) return waitSeconds(all, global)
    mine.tokens -= 1
    all.tokens -= 1
    return undefined
  }
}
