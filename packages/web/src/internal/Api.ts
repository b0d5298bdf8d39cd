/**
 * The widgets' only door to PostHog: `@hogkit/core/promise`'s client — the same Promise facade users get,
 * built on core's one-request operations and free of Effect's Stream — pointed at the proxy. Pages come
 * with their next request (`hasNextPage()`, `getNextPage()`), so no widget reads a cursor or an offset
 * out of a URL. Widgets get Promises (cancelled through an AbortSignal) and never see Effect.
 */

import { createClientFromOptions, type PostHogPromiseClient } from "@hogkit/core/promise"

/** Who the proxy's key belongs to (the fields of PostHog's `UserBasic` the widgets show). */
export interface Me {
  readonly id: number
  readonly first_name?: string | null | undefined
  readonly last_name?: string | null | undefined
  readonly email?: string | null | undefined
}

/** Core's Promise client, plus who the viewer is. */
export interface Api extends PostHogPromiseClient {
  /** The user the proxy's key belongs to, or null when it cannot be read. */
  me(signal?: AbortSignal): Promise<Me | null>
}

const resolveBase = (apiBase: string): string =>
  new URL(apiBase, globalThis.location?.href).href.replace(/\/+$/, "")

export const makeApi = (apiBase: string, projectId: string | undefined): Api => {
  const project = projectId && /^[0-9]+$/.test(projectId) ? Number(projectId) : "@current"
  const client = createClientFromOptions({
    // The proxy swaps this for the real key; the browser never holds one.
    apiKey: "proxied",
    host: resolveBase(apiBase),
    projectId: project,
    retry: { maxRetries: 2 }
  })

  const me = async (signal?: AbortSignal): Promise<Me | null> => {
    try {
      const me = await client.request({ method: "GET", path: "/api/users/@me/" }, { signal, retries: 0 })
      const u = (me ?? {}) as { id?: unknown; first_name?: unknown; last_name?: unknown; email?: unknown }
      if (typeof u.id !== "number") return null
      const text = (v: unknown) => (typeof v === "string" ? v : null)
      return { id: u.id, first_name: text(u.first_name), last_name: text(u.last_name), email: text(u.email) }
    } catch (e) {
      if (e instanceof DOMException) throw e
      return null
    }
  }

  return {
    ...client,
    me
  }
}
