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
import { LOOPBACK_HOSTS, makeHostCheck, normalizeOrigin, parseHostHeader } from "./AllowedHosts.js"
import { makeBudget, type ProxyBudget } from "./Budget.js"
import { clampLimit, DEFAULT_MAX_RESPONSE_BYTES, readTextCapped } from "./Limits.js"
import { checkQuery, checkWriteBody } from "./RequestValidation.js"
import { checkTemplateSource, isTemplateCopy, sourceTemplateId } from "./TemplateSource.js"

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
   * Host names the proxy answers to, checked on every request against its `Host` header (as Vite's
   * `allowedHosts` and Django's `ALLOWED_HOSTS`): a page on any other name, including a DNS-rebinding one
   * that resolves to your server, gets 403. Entries: `"app.example.com"` (any port),
   * `"app.example.com:8443"`, or `".example.com"` (the name and its subdomains). Default: `localhost`,
   * `127.0.0.1` and `[::1]`, enough for a development server; list your real names when you deploy.
   */
  readonly allowedHosts?: ReadonlyArray<string>
  /**
   * Origins allowed to send writes (POST, PATCH, DELETE), besides the proxy's own origin, compared as
   * scheme + host + port. Listing an origin here also answers its CORS preflights, for widgets served
   * from another origin.
   */
  readonly allowedOrigins?: ReadonlyArray<string>
  /** Forwarded requests per minute, per client and in total; over budget is 429 with `Retry-After`. */
  readonly budget?: ProxyBudget
  /**
   * Who a request comes from, for the per-client budget. Default: the peer address {@link toNodeHandler}
   * passes in; elsewhere every request counts as one client unless you return, say, your session id.
   * Do not return a header the browser sets (`X-Forwarded-For`) unless your own front server sets it.
   */
  readonly clientId?: (request: Request, info: ClientInfo) => string | undefined
  /** Other projects of the organization whose project templates the widgets may list (read only), to copy from. */
  readonly templateSourceProjects?: ReadonlyArray<number>
  /** Largest request body forwarded, in bytes (default 64 KiB). */
  readonly maxBodyBytes?: number
  /** Largest answer read from PostHog, in bytes (default 8 MiB); a larger one becomes a 502. */
  readonly maxResponseBytes?: number
  /** Per-request timeout towards PostHog, in milliseconds (default 30 000). */
  readonly timeoutMs?: number
  /** The fetch used to reach PostHog (default: the global one). */
  readonly fetch?: typeof globalThis.fetch
}

/** What the server knows about a request besides the request itself. @category models */
export interface ClientInfo {
  /** The peer's IP address, when the server knows it ({@link toNodeHandler} passes it). */
  readonly clientAddress?: string
}

/** A fetch-style request handler. @category models */
export type ProxyHandler = (request: Request, info?: ClientInfo) => Promise<Response>

/** How the options are named in messages. */
const optionNames: FlagNames = {
  apiKey: "createProxyHandler's apiKey",
  host: "createProxyHandler's host",
  projectId: "createProxyHandler's projectId",
  profile: "createProxyHandler's profile",
  allowInsecureHttp: "allowInsecureHttp: true"
}
const unsafeMethods = new Set(["POST", "PATCH", "DELETE", "PUT"])
// Only these response headers reach the browser; in particular never Set-Cookie or WWW-Authenticate.
const forwardedResponseHeaders = ["content-type", "retry-after", "x-request-id"]
const userFields = ["id", "uuid", "distinct_id", "first_name", "last_name", "email"]

const errorResponse = (
  status: number,
  type: string,
  code: string,
  detail: string,
  headers: Record<string, string> = {},
  attr: string | null = null
): Response =>
  new Response(JSON.stringify({ type, code, detail, attr }), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers }
  })

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
  const allowedOrigins = new Set(
    (options.allowedOrigins ?? []).map((o) => {
      const origin = normalizeOrigin(o)
      if (origin === undefined) {
        throw new Error(
          `createProxyHandler: allowedOrigins entry "${o}" is not an http(s) origin; write it as "https://app.example.com".`
        )
      }
      return origin
    })
  )
  const hostAllowed = makeHostCheck(options.allowedHosts ?? LOOPBACK_HOSTS)
  const takeBudget = makeBudget(options.budget)
  const maxResponse = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
  const readableProjects = new Set(options.templateSourceProjects ?? [])
  const maxBody = options.maxBodyBytes ?? 64 * 1024
  const timeoutMs = options.timeoutMs ?? 30_000
  const doFetch = options.fetch ?? globalThis.fetch
  const ctx = { projectId, readableProjects }

  const scrub = (text: string) => (text.includes(apiKey) ? text.split(apiKey).join("[redacted]") : text)

  return async (request, info = {}) => {
    let url: URL
    try {
      url = new URL(request.url)
    } catch {
      return errorResponse(400, "invalid_request", "bad_request", "The request URL is not valid.")
    }
    // The Host header names the proxy's own origin (and, in front of node:http, built the URL): it must
    // be a plain name, and one this server answers to, or a rebinding page could pose as this origin.
    const hostHeader = request.headers.get("host") ?? url.host
    const host = parseHostHeader(hostHeader)
    if (host === undefined) {
      return errorResponse(
        400,
        "invalid_request",
        "bad_request",
        "The Host header must be a plain host name with an optional port."
      )
    }
    if (!hostAllowed(host)) {
      return errorResponse(
        403,
        "authentication_error",
        "permission_denied",
        "This host name is not served by the hogkit proxy: add it to allowedHosts in createProxyHandler's options."
      )
    }
    const method = request.method.toUpperCase()
    const ownOrigin = normalizeOrigin(`${url.protocol}//${hostHeader}`)
    const originHeader = request.headers.get("origin")
    const origin = normalizeOrigin(originHeader)
    const crossAllowed = origin !== undefined && origin !== ownOrigin && allowedOrigins.has(origin)
    const cors: Record<string, string> =
      crossAllowed && origin !== undefined ? { "access-control-allow-origin": origin, vary: "Origin" } : {}

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
      const trusted = origin !== undefined && (origin === ownOrigin || crossAllowed)
      if (!trusted || (fetchSite === "cross-site" && !crossAllowed)) {
        return errorResponse(
          403,
          "authentication_error",
          "permission_denied",
          "Writes through the hogkit proxy must come from the page's own origin or one listed in allowedOrigins."
        )
      }
    }

    // Every query is checked with the SDK's schemas, reads' above all: a page could otherwise add parameters
    // no widget sends, or values PostHog would read differently from what they look like.
    const query = checkQuery(route.operations, url.searchParams, route.upstreamPath)
    if (query._tag === "Invalid") {
      const { code, detail, attr } = query.error
      return errorResponse(400, "validation_error", code, detail, cors, attr)
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
      // What the user typed is checked here, with the SDK's schemas, since the browser bundles carry none.
      const check = checkWriteBody(route.operations, body, route.upstreamPath)
      if (check._tag === "NotJson") {
        return errorResponse(
          400,
          "invalid_request",
          "parse_error",
          "The request body is not valid JSON.",
          cors
        )
      }
      if (check._tag === "Invalid") {
        const { code, detail, attr } = check.error
        return errorResponse(400, "validation_error", code, detail, cors, attr)
      }
    }

    const target = new URL(upstreamBase + route.upstreamPath)
    // The query goes on as the page sent it, not re-encoded from the decoded values: the check proved each
    // parameter known, given once (or a list) and of its type, so PostHog reads what was checked, and a
    // second encoder would only have to be kept in step with the SDK's.
    for (const [k, v] of url.searchParams) target.searchParams.append(k, v)
    clampLimit(target.searchParams)

    const client = options.clientId?.(request, info) ?? info.clientAddress ?? "unknown"
    const wait = takeBudget(client)
    if (wait !== undefined) {
      return errorResponse(
        429,
        "throttled_error",
        "throttled",
        `Too many requests through the hogkit proxy. Expected available in ${wait} second${wait === 1 ? "" : "s"}.`,
        { ...cors, "retry-after": String(wait) }
      )
    }

    const headers: Record<string, string> = { authorization: `Bearer ${apiKey}`, accept: "application/json" }
    if (body !== undefined) headers["content-type"] = "application/json"

    // A copy names its source template in the body; the URL's project is only the target.
    if (isTemplateCopy(route.upstreamPath)) {
      const id = sourceTemplateId(body)
      if (id === undefined) {
        return errorResponse(
          400,
          "validation_error",
          "invalid_input",
          'Send the template to copy as {"source_template_id": "<uuid>"} and nothing else.',
          cors
        )
      }
      const check = await checkTemplateSource(id, readableProjects, (path) =>
        doFetch(upstreamBase + path, {
          headers: { authorization: `Bearer ${apiKey}`, accept: "application/json" },
          redirect: "manual",
          signal: AbortSignal.timeout(timeoutMs)
        })
      )
      if (check._tag === "Unreachable") {
        return errorResponse(
          502,
          "server_error",
          "bad_gateway",
          "PostHog could not be reached from the proxy.",
          cors
        )
      }
      if (check._tag === "Refused") {
        return errorResponse(
          403,
          "authentication_error",
          "permission_denied",
          "Templates may only be copied from the projects listed in templateSourceProjects.",
          cors
        )
      }
    }

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
    const read = await readTextCapped(upstreamResponse, maxResponse)
    if (read === "too-large") {
      return errorResponse(
        502,
        "server_error",
        "bad_gateway",
        `PostHog's answer is larger than the proxy's limit of ${maxResponse} bytes (maxResponseBytes).`,
        cors
      )
    }
    let text = read
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
    const proxyBase = (ownOrigin ?? url.origin) + url.pathname.slice(0, at)
    text = scrub(text.split(`${upstreamBase}/api/`).join(`${proxyBase}/api/`))
    const status = upstreamResponse.status
    const nullBody = status === 204 || status === 205 || status === 304
    return new Response(nullBody ? null : text, { status, headers: out })
  }
}
