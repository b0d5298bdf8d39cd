/**
 * Runs a fetch-style handler inside node:http (or Express/Connect, which hand out the same objects).
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import { Readable } from "node:stream"
import type { ProxyHandler } from "./ProxyHandler.js"

/** Options of {@link toNodeHandler}. @category models */
export interface NodeHandlerOptions {
  /** Scheme the browser used, when a TLS-terminating server sits in front (default: from `x-forwarded-proto`, else http). */
  readonly protocol?: "http" | "https"
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
    const forwarded = req.headers["x-forwarded-proto"]
    const protocol = options.protocol ?? (forwarded === "https" ? "https" : "http")
    const url = `${protocol}://${req.headers.host ?? "localhost"}${req.url ?? "/"}`
    const headers = new Headers()
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined) continue
      if (Array.isArray(v)) for (const item of v) headers.append(k, item)
      else headers.set(k, v)
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD"
    const request = new Request(url, {
      method: req.method ?? "GET",
      headers,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {})
    } as RequestInit)
    handler(request)
      .then(async (response) => {
        res.statusCode = response.status
        for (const [key, value] of response.headers) res.setHeader(key, value)
        res.end(response.body === null ? undefined : Buffer.from(await response.arrayBuffer()))
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" })
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
