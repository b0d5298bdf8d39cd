/**
 * Runs a fetch-style handler inside node:http (or Express/Connect, which hand out the same objects).
 *
 * Everything a client controls is checked before a `Request` is built, and the whole exchange runs inside
 * one promise: a malformed request (a method fetch forbids, an absolute-form target, a Host that is no
 * host) gets a 4xx and the server keeps serving, never an exception that takes the process down.
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { Readable } from "node:stream"
import { parseHostHeader } from "./AllowedHosts.js"
import type { ProxyHandler } from "./ProxyHandler.js"

/** Options of {@link toNodeHandler}. @category models */
export interface NodeHandlerOptions {
  /** Scheme the browser used, when a TLS-terminating server sits in front (default: from `x-forwarded-proto`, else http). */
  readonly protocol?: "http" | "https"
}

// Methods the fetch standard refuses to put in a Request; the proxy forwards none of them anyway.
const forbiddenMethods = new Set(["CONNECT", "TRACE", "TRACK"])

const refuse = (
  res: ServerResponse,
  status: number,
  detail: string,
  headers: Record<string, string> = {}
) => {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers })
  res.end(
    JSON.stringify({
      type: "invalid_request",
      code: status === 405 ? "method_not_allowed" : "bad_request",
      detail,
      attr: null
    })
  )
}

const serve = async (
  handler: ProxyHandler,
  options: NodeHandlerOptions,
  req: IncomingMessage,
  res: ServerResponse
): Promise<void> => {
  const method = (req.method ?? "GET").toUpperCase()
  if (forbiddenMethods.has(method)) {
    return refuse(res, 405, `Method "${method}" not allowed.`, { allow: "GET, POST, PATCH, DELETE, OPTIONS" })
  }
  const target = req.url ?? "/"
  // Origin-form only: an absolute-form target (`GET http://elsewhere/…`) or `*` names no path of ours.
  if (!target.startsWith("/") || target.startsWith("//")) {
    return refuse(res, 400, "The request target must be a path starting with a single /.")
  }
  const hostHeader = req.headers.host
  if (parseHostHeader(hostHeader) === undefined) {
    return refuse(res, 400, "The Host header must be a plain host name with an optional port.")
  }
  const forwarded = req.headers["x-forwarded-proto"]
  const protocol = options.protocol ?? (forwarded === "https" ? "https" : "http")
  const headers = new Headers()
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue
    if (Array.isArray(v)) for (const item of v) headers.append(k, item)
    else headers.set(k, v)
  }
  const hasBody = method !== "GET" && method !== "HEAD"
  let request: Request
  try {
    request = new Request(`${protocol}://${hostHeader}${target}`, {
      method,
      headers,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {})
    } as RequestInit)
  } catch {
    return refuse(res, 400, "The request could not be read.")
  }
  const response = await handler(request, {
    ...(req.socket.remoteAddress === undefined ? {} : { clientAddress: req.socket.remoteAddress })
  })
  const body = response.body === null ? undefined : Buffer.from(await response.arrayBuffer())
  res.statusCode = response.status
  for (const [key, value] of response.headers) res.setHeader(key, value)
  res.end(body)
}

/**
 * Adapts a {@link ProxyHandler} to `(req, res) => void` for `http.createServer`.
 *
 * @example
 * http.createServer(toNodeHandler(createProxyHandler({ apiKey, host: "us", projectId: 1 }))).listen(3000)
 * @category adapters
 */
export const toNodeHandler =
  (handler: ProxyHandler, options: NodeHandlerOptions = {}) =>
  (req: IncomingMessage, res: ServerResponse): void => {
    serve(handler, options, req, res).catch(() => {
      if (res.headersSent || res.destroyed) {
        res.destroy()
        return
      }
      res.writeHead(500, { "content-type": "application/json" })
      res.end(
        JSON.stringify({
          type: "server_error",
          code: "error",
          detail: "The hogkit proxy failed.",
          attr: null
        })
      )
    })
  }
