/**
 * The proxy as a user mounts it: `createProxyHandler` through `toNodeHandler` in a real node:http server
 * on 127.0.0.1, in front of the real emulator (or of a small upstream a test controls).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { createProxyHandler, type ProxyOptions, toNodeHandler } from "@hogkit/web/proxy"

export interface Listening {
  readonly port: number
  readonly url: string
  readonly server: Server
  readonly close: () => Promise<void>
}

export const listen = (handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Listening> =>
  new Promise((resolve, reject) => {
    const server = createServer(handler)
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        port,
        url: `http://127.0.0.1:${port}`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })

/** The proxy mounted at `/posthog/`, as the web demo mounts it. */
export const startProxy = (options: ProxyOptions): Promise<Listening> => {
  const proxy = toNodeHandler(createProxyHandler(options))
  return listen((req, res) => proxy(req, res))
}

/** The emulator's admin API, as the web demo calls it. */
export const admin = async <T>(
  emu: { readonly url: string; readonly apiKey: string },
  method: string,
  path: string,
  body?: unknown
): Promise<T> => {
  const res = await fetch(emu.url + path, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${emu.apiKey}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  return (await res.json()) as T
}
