/**
 * A loopback HTTP forwarder put between a client and the emulator. The emulator does not count the
 * requests it serves nor the faults it injects, so the suites count them here: every request, its
 * status, whether the emulator cut the response short (an injected reset, passed on to the client as a
 * reset), and when it arrived. One proxy per client tells clients apart without touching them.
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo, Socket } from "node:net"

export interface Exchange {
  readonly method: string
  readonly path: string
  /** Milliseconds since the epoch when the request arrived. */
  readonly at: number
  /** The emulator's status, when it sent headers. */
  status?: number
  /** `Retry-After` of the answer, when present. */
  retryAfter?: string
  /** For a 429: the wait PostHog's body names ("Expected available in N seconds"), in seconds. */
  waitSeconds?: number
  /** The emulator dropped the connection before the body was complete. */
  cut: boolean
  /** The request never got any answer (refused, dropped before headers). */
  unanswered: boolean
}

export interface CountingProxy {
  readonly url: string
  readonly exchanges: ReadonlyArray<Exchange>
  /** Exchanges for `/api/…` only (the admin API is not a client's traffic). */
  api(): ReadonlyArray<Exchange>
  clear(): void
  close(): Promise<void>
}

export const startCountingProxy = async (upstream: string): Promise<CountingProxy> => {
  const target = new URL(upstream)
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  const exchanges: Exchange[] = []
  const sockets = new Set<Socket>()
  const server: Server = createServer((req, res) => {
    const exchange: Exchange = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      at: Date.now(),
      cut: false,
      unanswered: false
    }
    exchanges.push(exchange)
    const headers = { ...req.headers, host: target.host }
    const out = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers,
        agent
      },
      (upstreamRes: IncomingMessage) => {
        exchange.status = upstreamRes.statusCode ?? 0
        const retryAfter = upstreamRes.headers["retry-after"]
        if (typeof retryAfter === "string") exchange.retryAfter = retryAfter
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers)
        let throttledBody = ""
        upstreamRes.on("data", (chunk: Buffer) => {
          if (exchange.status === 429) throttledBody += chunk.toString("utf8")
          res.write(chunk)
        })
        upstreamRes.on("end", () => {
          const wait = /available in (\d+) second/.exec(throttledBody)
          if (wait) exchange.waitSeconds = Number(wait[1])
          if (upstreamRes.complete) res.end()
        })
        // A reset mid-response: hand the same experience to the client.
        upstreamRes.on("aborted", () => {
          exchange.cut = true
          res.socket?.destroy()
        })
        upstreamRes.on("error", () => {
          exchange.cut = true
          res.socket?.destroy()
        })
        upstreamRes.on("close", () => {
          if (!upstreamRes.complete && !exchange.cut) {
            exchange.cut = true
            res.socket?.destroy()
          }
        })
      }
    )
    out.on("error", () => {
      if (exchange.status === undefined) {
        exchange.unanswered = true
        res.socket?.destroy()
      }
    })
    req.pipe(out)
  })
  server.on("connection", (s) => {
    sockets.add(s)
    s.on("close", () => sockets.delete(s))
  })
  server.keepAliveTimeout = 5_000
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    api: () => exchanges.filter((e) => e.path.startsWith("/api/")),
    clear: () => {
      exchanges.length = 0
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        agent.destroy()
        server.close(() => resolve())
      })
  }
}
