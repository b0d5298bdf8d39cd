/**
 * The server half of the widgets: a fetch-style handler that forwards the few PostHog endpoints the
 * widgets call, adding the personal API key on the server so it never reaches a browser.
 *
 * It runs anywhere a `Request` can be turned into a `Response`: Next.js route handlers, Hono, Deno,
 * Bun, or node:http through {@link toNodeHandler}.
 */
import {
  type FlagNames,
  isConfigProblem,
  missingKeyMessage,
  processEnvironment,
  resolveConnection
} from "@hogkit/core/config"
import * as Redacted from "effect/Redacted"
import { matchRoute } from "../internal/proxyRoutes.js"

/** Options of {@link createProxyHandler}. @category models */
export interface ProxyOptions {
  /**
   * The PostHog personal API key. Stays on the server. Default: the environment, as every hogkit adapter
   * reads it (`ENV` of `@hogkit/core/config`).
   */
  readonly apiKey?: string | undefined
  /** `"us"`, `"eu"` or the base URL of a self-hosted PostHog (or of `@hogkit/emulator`). Default: the environment, else `us`. */
  readonly host?: string | undefined
  /** The project the widgets work in; `@current` in a widget's path means this one. Default: the environment. */
  readonly projectId?: number | undefined
  /** Let the key travel over plain `http://` to a host that is not this machine (default false: refused). */
  readonly allowInsecureHttp?: boolean | undefined
  /**
   * Origins allowed to send writes (POST, PATCH, DELETE), besides the proxy's own origin. Listing an
   * origin here also answers its CORS preflights, for widgets served from another origin.
   */
  readonly allowedOrigins?: ReadonlyArray<string>
  /** Other projects of the organization whose project templates the widgets may list (read only), to copy from. */
  readonly templateSourceProjects?: ReadonlyArray<number>
  /** Largest request body forwarded, in bytes (default 64 KiB). */
  readonly maxBodyBytes?: number
  /** Per-request timeout towards PostHog, in milliseconds (default 30 000). */
  readonly timeoutMs?: number
  /** The fetch used to reach PostHog (default: the global one). */
  readonly fetch?: typeof globalThis.fetch
}

/** A fetch-style request handler. @category models */
export type ProxyHandler = (request: Request) => Promise<Response>

/** How the options are named in messages. */
const optionNames: FlagNames = {
  apiKey: "createProxyHandler's apiKey",
  host: "createProxyHandler's host",
  projectId: "createProxyHandler's projectId",
  profile: "createProxyHandler's profile",
  allowInsecureHttp: "allowInsecureHttp: true"
}
const unsafeMethods = new Set(["POST", "PATCH", "DELETE", "PUT"])
// Query parameters PostHog reads credentials from; a browser must not be able to pass its own.
const credentialParams = new Set(["personal_api_key", "token", "api_key", "project_api_key"])
// Only these response headers reach the browser; in particular never Set-Cookie or WWW-Authenticate.
const forwardedResponseHeaders = ["content-type", "retry-after", "x-request-id"]
const userFields = ["id", "uuid", "distinct_id", "first_name", "last_name", "email"]

const errorResponse = (
  status: number,
  type: string,
  code: string,
  detail: string,
  headers: Record<string, string> = {}
): Response =>
  new Response(JSON.stringify({ type, code, detail, attr: null }), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers }
  })

const sameOrigin = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** Reads at most `max` bytes of a body, or reports that it is larger. */
const readCapped = async (request: Request, max: number): Promise<Uint8Array<ArrayBuffer> | "too-large"> => {
  const declared = Number(request.headers.get("content-length") ?? "0")
  if (Number.isFinite(declared) && declared > max) return "too-large"
  if (request.body === null) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Array<Uint8Array> = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => undefined)
      return "too-large"
    }
    chunks.push(value)
  }
  const out = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.byteLength
  }
  return out
}

/**
 * Creates the proxy. Mount it under any prefix (`/posthog/*`): the part of the path from `/api/` on is
 * what is matched, and widgets take the prefix as their `api-base`.
 *
 * @example
 * // The key from the environment (as the CLI reads it), or pass apiKey.
 * const handler = createProxyHandler({ host: "eu", projectId: 12345 })
 * export const GET = handler, POST = handler, PATCH = handler, DELETE = handler // Next.js route handler
 * @category constructors
 */
export const createProxyHandler = (options: ProxyOptions): ProxyHandler => {
  // Key, host and project resolve as in every hogkit adapter: options, then the environment, then defaults;
  // plain http to another machine and a key-shaped host are refused here, before any request.
  let connection: ReturnType<typeof resolveConnection>
  try {
    connection = resolveConnection({
      flags: {
        apiKey: options.apiKey,
        host: options.host,
        projectId: options.projectId,
        allowInsecureHttp: options.allowInsecureHttp
      },
      flagNames: optionNames,
      env: processEnvironment()
    })
  } catch (error) {
    throw new Error(`createProxyHandler: ${isConfigProblem(error) ? error.message : String(error)}`)
  }
  if (connection.apiKey === undefined) {
    throw new Error(`createProxyHandler needs \`apiKey\`: ${missingKeyMessage(["pass apiKey"])}`)
  }
  const projectId = connection.projectId.value
  if (projectId === "@current") {
    throw new Error(
      "createProxyHandler needs `projectId`: the numeric id of the PostHog project the widgets use."
    )
  }
  const upstreamBase = connection.host.value
  const apiKey = Redacted.value(connection.apiKey.value).trim()
  const allowedOrigins = new Set((options.allowedOrigins ?? []).map((o) => new URL(o).origin.toLowerCase()))
  const readableProjects = new Set(options.templateSourceProjects ?? [])
  const maxBody = options.maxBodyBytes ?? 64 * 1024
  const timeoutMs = options.timeoutMs ?? 30_000
  const doFetch = options.fetch ?? globalThis.fetch
  const ctx = { projectId, readableProjects }

  const scrub = (text: string) => (text.includes(apiKey) ? text.split(apiKey).join("[redacted]") : text)

  return async (request) => {
    const url = new URL(request.url)
    const method = request.method.toUpperCase()
    const origin = request.headers.get("origin")
    const ownOrigin = url.origin
    const crossAllowed =
      origin !== null && !sameOrigin(origin, ownOrigin) && allowedOrigins.has(origin.toLowerCase())
    const cors: Record<string, string> = crossAllowed
      ? { "access-control-allow-origin": origin, vary: "Origin" }
      : {}

    if (method === "OPTIONS") {
      if (!crossAllowed)
        return errorResponse(
          403,
          "authentication_error",
          "permission_denied",
          "This origin may not use the proxy."
        )
      return new Response(null, {
        status: 204,
        headers: {
          ...cors,
          "access-control-allow-methods": "GET, POST, PATCH, DELETE",
          "access-control-allow-headers": "content-type, authorization, accept",
          "access-control-max-age": "600"
        }
      })
    }

    const at = url.pathname.indexOf("/api/")
    const route = at < 0 ? ({ _tag: "NotFound" } as const) : matchRoute(url.pathname.slice(at), method, ctx)
    if (route._tag === "NotFound") {
      return errorResponse(
        404,
        "invalid_request",
        "not_found",
        "This endpoint is not available through the hogkit proxy.",
        cors
      )
    }
    if (route._tag === "MethodNotAllowed") {
      return errorResponse(405, "invalid_request", "method_not_allowed", `Method "${method}" not allowed.`, {
        ...cors,
        allow: route.allow.join(", ")
      })
    }

    // A browser always sends Origin on writes; a write without one, or from a page elsewhere, is refused
    // so another site cannot make a visitor's browser act through the proxy.
    if (unsafeMethods.has(method)) {
      const fetchSite = request.headers.get("sec-fetch-site")
      const trusted = origin !== null && (sameOrigin(origin, ownOrigin) || crossAllowed)
      if (!trusted || (fetchSite === "cross-site" && !crossAllowed)) {
        return errorResponse(
          403,
          "authentication_error",
          "permission_denied",
          "Writes through the hogkit proxy must come from the page's own origin or one listed in allowedOrigins."
        )
      }
    }

    let body: Uint8Array<ArrayBuffer> | undefined
    if (method === "POST" || method === "PATCH") {
      const read = await readCapped(request, maxBody)
      if (read === "too-large") {
        return errorResponse(
          413,
          "invalid_request",
          "too_large",
          `Request body is larger than ${maxBody} bytes.`,
          cors
        )
      }
      const type = request.headers.get("content-type") ?? ""
      if (read.byteLength > 0 && !/^application\/json\b/i.test(type)) {
        return errorResponse(
          415,
          "invalid_request",
          "unsupported_media_type",
          "Send the body as application/json.",
          cors
        )
      }
      body = read.byteLength > 0 ? read : undefined
    }

    const target = new URL(upstreamBase + route.upstreamPath)
    for (const [k, v] of url.searchParams)
      if (!credentialParams.has(k.toLowerCase())) target.searchParams.append(k, v)

    const headers: Record<string, string> = { authorization: `Bearer ${apiKey}`, accept: "application/json" }
    if (body !== undefined) headers["content-type"] = "application/json"

    let upstreamResponse: Response
    try {
      upstreamResponse = await doFetch(target, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs)
      })
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")
      return errorResponse(
        timedOut ? 504 : 502,
        "server_error",
        timedOut ? "gateway_timeout" : "bad_gateway",
        timedOut ? "PostHog did not answer in time." : "PostHog could not be reached from the proxy.",
        cors
      )
    }

    const out = new Headers({ "cache-control": "no-store", "x-content-type-options": "nosniff", ...cors })
    for (const name of forwardedResponseHeaders) {
      const value = upstreamResponse.headers.get(name)
      if (value !== null) out.set(name, scrub(value))
    }
    if (upstreamResponse.status >= 300 && upstreamResponse.status < 400) {
      return errorResponse(
        502,
        "server_error",
        "bad_gateway",
        "PostHog answered with a redirect the proxy does not follow.",
        cors
      )
    }
    let text = await upstreamResponse.text()
    if (route.upstreamPath === "/api/users/@me/" && upstreamResponse.ok) {
      // The widgets only need to know who "you" are; the rest of the user record stays on the server.
      try {
        const me = JSON.parse(text) as Record<string, unknown>
        text = JSON.stringify(Object.fromEntries(userFields.filter((f) => f in me).map((f) => [f, me[f]])))
      } catch {
        return errorResponse(
          502,
          "server_error",
          "bad_gateway",
          "PostHog sent an unreadable user record.",
          cors
        )
      }
    }
    // Page links (`next`, `previous`) point at PostHog; point them back at the proxy so the browser follows them here.
    const proxyBase = ownOrigin + url.pathname.slice(0, at)
    text = scrub(text.split(`${upstreamBase}/api/`).join(`${proxyBase}/api/`))
    const status = upstreamResponse.status
    const nullBody = status === 204 || status === 205 || status === 304
    return new Response(nullBody ? null : text, { status, headers: out })
  }
}
