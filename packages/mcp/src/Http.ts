/**
 * Streamable HTTP at `/mcp`, stateless: every POST is answered by a fresh server bound to the key its
 * `Authorization: Bearer` header carries, so one client never sees another's data. Requests from a web
 * page on another origin (compared as scheme + host + port: only this server's own), or addressed to a
 * foreign Host (DNS rebinding), are refused before any work. A key PostHog refuses is a 401, like none.
 */
import { createHash } from "node:crypto"
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js"
import type * as Exit from "effect/Exit"
import { makeRunner } from "./Runtime.js"
import { createServer, type Runner } from "./Server.js"
import type { Tool } from "./Tools.js"

export interface HttpOptions {
  readonly port: number
  readonly bind: string
  readonly host: string | undefined
  readonly projectId: number | "@current"
  readonly allowInsecureHttp?: boolean | undefined
  readonly tools: ReadonlyArray<Tool>
  /** Tools read-only mode left out: a call to one is refused with the sentence stdio gives. */
  readonly withheldByReadOnly?: ReadonlyArray<string>
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

/**
 * An Origin as scheme + host + port, or undefined for opaque and non-web origins (`null`,
 * `chrome-extension://…`), which no list vouches for.
 */
const originOf = (value: string): string | undefined => {
  try {
    const url = new URL(value)
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : undefined
  } catch {
    return undefined
  }
}

const UNAUTHORIZED_HEADERS = { "www-authenticate": 'Bearer realm="hogkit-mcp"' }

/** Did a tool call end because PostHog refused the key itself (401), as opposed to a missing scope (403)? */
const keyRefused = async (exit: Exit.Exit<unknown, unknown>): Promise<boolean> => {
  if (exit._tag !== "Failure") return false
  // Loaded here, not at start-up: a tool call has loaded Effect already.
  const [Cause, { isHogkitError }] = await Promise.all([import("effect/Cause"), import("@hogkit/core")])
  const failure = Cause.findErrorOption(exit.cause)
  if (failure._tag !== "Some") return false
  return isHogkitError(failure.value) && failure.value.reason._tag === "AuthenticationError"
}

/**
 * Keys PostHog refused lately, by hash (the key itself is not kept), so a client that keeps sending one
 * gets 401 at once, like a client sending none. Bounded and forgotten after a while: a key may be fixed.
 */
const makeRefusedKeys = (max = 1000, ttlMs = 10 * 60_000) => {
  const refused = new Map<string, number>()
  const hash = (key: string) => createHash("sha256").update(key).digest("base64")
  return {
    add: (key: string) => {
      const h = hash(key)
      refused.delete(h)
      refused.set(h, Date.now() + ttlMs)
      if (refused.size > max) refused.delete(refused.keys().next().value as string)
    },
    has: (key: string) => {
      const h = hash(key)
      const until = refused.get(h)
      if (until === undefined) return false
      if (until < Date.now()) {
        refused.delete(h)
        return false
      }
      return true
    }
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
  const refusedKeys = makeRefusedKeys()
  // Filled in once the server listens and its port is known: the only web origins it answers are its own.
  const allowedOrigins = new Set<string>()

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // Origin-form targets only; anything else (`//`, `http://[`, `*`) names no path of ours.
    const target = req.url ?? "/"
    const path = target.startsWith("/") && !target.startsWith("//") ? target.split("?")[0] : undefined
    if (path === undefined)
      return rpcError(res, 400, -32000, "Bad request: the target must be a path such as /mcp.")
    if (path !== "/mcp") return rpcError(res, 404, -32000, `Not found: hogkit-mcp serves MCP at /mcp only.`)

    // DNS-rebinding protection: a browser page may only reach us from a local origin, and only by a local name.
    const origin = req.headers.origin
    if (origin !== undefined && origin !== "null") {
      const normalized = originOf(origin)
      if (normalized === undefined || !allowedOrigins.has(normalized)) {
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
        UNAUTHORIZED_HEADERS
      )
    }
    if (refusedKeys.has(apiKey)) {
      return rpcError(
        res,
        401,
        -32001,
        "Unauthorized: PostHog refused this personal API key. Check that it is complete and not revoked (PostHog → Settings → Personal API keys).",
        UNAUTHORIZED_HEADERS
      )
    }

    const runner = makeRunner({
      apiKey,
      host: options.host,
      projectId: options.projectId,
      allowInsecureHttp: options.allowInsecureHttp
    })
    // A call PostHog refuses for the key itself makes the whole answer a 401, so an HTTP client reacts
    // to a wrong key the same way whether or not it sent one. The tool's explanation stays in the body.
    let refused = false
    const run: Runner = async (effect, projectId, signal) => {
      const exit = await runner.run(effect, projectId, signal)
      if (await keyRefused(exit)) {
        refused = true
        refusedKeys.add(apiKey)
      }
      return exit
    }
    const writeHead = res.writeHead.bind(res) as (status: number, ...rest: Array<unknown>) => ServerResponse
    res.writeHead = ((status: number, ...rest: Array<unknown>) => {
      if (!refused) return writeHead(status, ...rest)
      for (const [name, value] of Object.entries(UNAUTHORIZED_HEADERS)) res.setHeader(name, value)
      return writeHead(401, ...rest)
    }) as typeof res.writeHead
    const server = createServer(options.tools, run, {
      project: options.projectId,
      ...(options.withheldByReadOnly ? { withheldByReadOnly: options.withheldByReadOnly } : {})
    })
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
      // The server speaks plain http, so its own origin is http://NAME:PORT for each name it answers to.
      for (const name of [...allowedHosts].filter((h) => h !== "::1")) {
        const origin = originOf(
          `http://${name.includes(":") && !name.startsWith("[") ? `[${name}]` : name}:${port}`
        )
        if (origin !== undefined) allowedOrigins.add(origin)
      }
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
