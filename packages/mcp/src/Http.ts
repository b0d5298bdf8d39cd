/**
 * Streamable HTTP at `/mcp`, stateless: every POST is answered by a fresh server bound to the key its
 * `Authorization: Bearer` header carries, so one client never sees another's data. Requests from a web
 * page on another origin, or addressed to a foreign Host (DNS rebinding), are refused before any work.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js"
import { makeRunner } from "./Runtime.js"
import { createServer } from "./Server.js"
import type { Tool } from "./Tools.js"

export interface HttpOptions {
  readonly port: number
  readonly bind: string
  readonly host: string | undefined
  readonly projectId: number | "@current"
  readonly allowInsecureHttp?: boolean | undefined
  readonly tools: ReadonlyArray<Tool>
}

export interface HttpServer {
  /** `http://127.0.0.1:PORT/mcp` */
  readonly url: string
  readonly close: () => Promise<void>
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"])

const rpcError = (
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {}
) => {
  res.writeHead(status, { "content-type": "application/json", ...headers })
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }))
}

const hostnameOf = (value: string): string | undefined => {
  try {
    return new URL(value.includes("://") ? value : `http://${value}`).hostname
  } catch {
    return undefined
  }
}

/** The bearer token, or undefined when the header is absent or not a bearer. */
const bearer = (req: IncomingMessage): string | undefined => {
  const header = req.headers.authorization
  if (header === undefined) return undefined
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1]
}

/** Starts the HTTP transport; resolves once it listens. @category constructors */
export const startHttpServer = (options: HttpOptions): Promise<HttpServer> => {
  const loopbackBind = LOOPBACK.has(options.bind) || options.bind === "localhost"
  const allowedHosts = new Set([...LOOPBACK, hostnameOf(options.bind) ?? options.bind])

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname
    if (path !== "/mcp") return rpcError(res, 404, -32000, `Not found: hogkit-mcp serves MCP at /mcp only.`)

    // DNS-rebinding protection: a browser page may only reach us from a local origin, and only by a local name.
    const origin = req.headers.origin
    if (origin !== undefined && origin !== "null") {
      const h = hostnameOf(origin)
      if (h === undefined || !allowedHosts.has(h)) {
        return rpcError(
          res,
          403,
          -32000,
          `Forbidden: requests from origin ${origin} are refused; hogkit-mcp accepts only local origins.`
        )
      }
    } else if (origin === "null") {
      return rpcError(res, 403, -32000, "Forbidden: requests from an opaque origin are refused.")
    }
    if (loopbackBind) {
      const h = hostnameOf(req.headers.host ?? "")
      if (h === undefined || !LOOPBACK.has(h)) {
        return rpcError(
          res,
          403,
          -32000,
          `Forbidden: Host ${req.headers.host ?? "(none)"} is not this machine.`
        )
      }
    }

    if (req.method !== "POST") {
      return rpcError(
        res,
        405,
        -32000,
        "Method not allowed: this server is stateless; send JSON-RPC messages with POST.",
        {
          allow: "POST"
        }
      )
    }

    const apiKey = bearer(req)
    if (apiKey === undefined) {
      return rpcError(
        res,
        401,
        -32001,
        "Unauthorized: send your PostHog personal API key as 'Authorization: Bearer <key>' (create one in PostHog under Settings → Personal API keys).",
        { "www-authenticate": 'Bearer realm="hogkit-mcp"' }
      )
    }

    const runner = makeRunner({
      apiKey,
      host: options.host,
      projectId: options.projectId,
      allowInsecureHttp: options.allowInsecureHttp
    })
    const server = createServer(options.tools, runner.run)
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true })
    res.on("close", () => {
      void transport.close()
      void server.close()
      void runner.dispose()
    })
    await server.connect(transport)
    await transport.handleRequest(req, res)
  }

  const http = createHttpServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        rpcError(res, 500, -32603, "Internal error in hogkit-mcp; the request was not processed.")
      else res.end()
    })
  })
  return new Promise((resolve, reject) => {
    http.once("error", reject)
    http.listen(options.port, options.bind, () => {
      http.off("error", reject)
      const { port } = http.address() as AddressInfo
      const shown = options.bind.includes(":") ? `[${options.bind}]` : options.bind
      resolve({
        url: `http://${shown}:${port}/mcp`,
        close: () =>
          new Promise<void>((done) => {
            http.closeAllConnections()
            http.close(() => done())
          })
      })
    })
  })
}
