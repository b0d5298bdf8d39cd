/**
 * Node's own HTTP client as a transport, used wherever `process.getBuiltinModule` exists (Node ≥ 20.16,
 * Deno, Bun) unless a `fetch` is passed in the options. Node's `fetch` (undici) spends about twice the CPU
 * of `node:http` per request, and hogkit's CLI and MCP server page through thousands of items; its abort
 * signals are dear too. Built-ins are looked up at run time rather than imported, so this module costs a
 * browser bundle nothing but its own few lines and never breaks it.
 *
 * It does what `fetch` did for hogkit: compressed answers (gzip, deflate, br), redirects of reads (at most
 * 5; the key is dropped when one leaves the origin), the per-attempt timeout and interruption both
 * destroying the request, and errors that say whether the request got out. A write (anything but GET and
 * HEAD) is never redirected: its body would go wherever the `Location` points, so it fails with a
 * ConfigError naming the new address instead.
 */
import * as Effect from "effect/Effect"
import { ConfigError, type HogkitErrorReason } from "../Errors.js"
import * as Mapping from "./errorMapping.js"
import { MAX_TIMER_MILLIS, type Transport, type WireResponse } from "./transport.js"

// The few shapes of node:http, node:https and node:zlib used here (core has no Node types: it runs in browsers).
interface Emitter {
  // biome-ignore lint/suspicious/noExplicitAny: listeners of different events take different arguments
  on(event: string, listener: (...args: Array<any>) => void): this
}
interface IncomingMessage extends Emitter {
  readonly statusCode?: number | undefined
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  readonly complete: boolean
  pipe<T>(destination: T): T
  resume(): void
}
interface ClientRequest extends Emitter {
  end(body?: Uint8Array): void
  destroy(error?: Error): void
}
interface HttpModule {
  request(
    url: string,
    options: { method: string; headers: Record<string, string | number> },
    onResponse: (response: IncomingMessage) => void
  ): ClientRequest
}
interface ZlibModule {
  createGunzip(): Emitter
  createInflate(): Emitter
  createBrotliDecompress(): Emitter
}
interface Builtins {
  readonly http: HttpModule
  readonly https: HttpModule
  readonly zlib: ZlibModule
}

type GetBuiltin = (id: string) => unknown

/** Node's modules, or `undefined` where there is no `process.getBuiltinModule` (browsers, old Node). */
export const nodeBuiltins = (): Builtins | undefined => {
  const proc = (globalThis as { process?: { getBuiltinModule?: GetBuiltin } }).process
  const get = proc?.getBuiltinModule
  if (typeof get !== "function") return undefined
  const http = get.call(proc, "node:http") as HttpModule | undefined
  const https = get.call(proc, "node:https") as HttpModule | undefined
  const zlib = get.call(proc, "node:zlib") as ZlibModule | undefined
  return http && https && zlib ? { http, https, zlib } : undefined
}

const MAX_REDIRECTS = 5
const REDIRECTS = new Set([301, 302, 303, 307, 308])

const flatHeaders =
  (headers: IncomingMessage["headers"]) => (): Readonly<Record<string, string | undefined>> => {
    const out: Record<string, string | undefined> = {}
    for (const [name, value] of Object.entries(headers))
      out[name] = Array.isArray(value) ? value.join(", ") : (value as string | undefined)
    return out
  }

const encoder = new TextEncoder()

const timedOutMarker = new Error("per-attempt timeout")
const interruptedMarker = new Error("interrupted")

export const nodeTransport =
  (builtins: Builtins): Transport =>
  (request, timeout) =>
    Effect.callback<WireResponse, HogkitErrorReason>((resume) => {
      let current: ClientRequest | undefined
      let finished = false
      let answered = false
      const timer =
        timeout.millis <= MAX_TIMER_MILLIS
          ? setTimeout(() => current?.destroy(timedOutMarker), timeout.millis)
          : undefined
      const done = (result: Effect.Effect<WireResponse, HogkitErrorReason>) => {
        if (finished) return
        finished = true
        if (timer !== undefined) clearTimeout(timer)
        resume(result)
      }
      const fail = (cause: unknown) => {
        if (cause === interruptedMarker) return
        done(
          Effect.fail(
            cause === timedOutMarker
              ? Mapping.timeoutError(request.method, request.path, timeout.detail)
              : Mapping.networkError(request.method, request.path, cause, answered)
          )
        )
      }

      const send = (
        url: string,
        method: string,
        headers: Record<string, string>,
        body: string | undefined,
        hops: number
      ) => {
        let target: URL
        try {
          target = new URL(url)
        } catch (cause) {
          return fail(cause)
        }
        const module = target.protocol === "https:" ? builtins.https : builtins.http
        const outgoing: Record<string, string | number> = {
          ...headers,
          "accept-encoding": "gzip, deflate, br"
        }
        const bytes = body === undefined ? undefined : encoder.encode(body)
        if (bytes !== undefined) outgoing["content-length"] = bytes.length
        let req: ClientRequest
        try {
          req = module.request(url, { method, headers: outgoing }, (res) => {
            const status = res.statusCode ?? 0
            const location = res.headers.location
            if (REDIRECTS.has(status) && typeof location === "string" && hops < MAX_REDIRECTS) {
              res.resume()
              let next: URL
              try {
                next = new URL(location, target)
              } catch (cause) {
                return fail(cause)
              }
              if (method !== "GET" && method !== "HEAD") {
                answered = true
                return done(
                  Effect.fail(
                    new ConfigError({
                      method: request.method,
                      path: request.path,
                      status,
                      detail: `The server answered ${request.method} with a redirect to ${next.origin}${next.pathname}; hogkit does not send a write's body to another address. If PostHog moved, configure the host it points to.`
                    })
                  )
                )
              }
              // Only reads get here, and they have no body to carry along.
              const nextHeaders = { ...headers }
              // The key goes to the configured host only.
              if (next.origin !== target.origin) delete nextHeaders.authorization
              return send(next.href, method, nextHeaders, undefined, hops + 1)
            }
            answered = true
            const encoding = String(res.headers["content-encoding"] ?? "").toLowerCase()
            const stream: Emitter =
              encoding === "gzip" || encoding === "x-gzip"
                ? res.pipe(builtins.zlib.createGunzip())
                : encoding === "deflate"
                  ? res.pipe(builtins.zlib.createInflate())
                  : encoding === "br"
                    ? res.pipe(builtins.zlib.createBrotliDecompress())
                    : res
            const decoder = new TextDecoder()
            let text = ""
            stream.on("data", (chunk: Uint8Array) => {
              text += decoder.decode(chunk, { stream: true })
            })
            stream.on("end", () => {
              text += decoder.decode()
              if (stream === res && !res.complete) return fail(new Error("the response ended early"))
              done(Effect.succeed({ status, headers: flatHeaders(res.headers), body: text }))
            })
            stream.on("error", fail)
            if (stream !== res) res.on("error", fail)
            res.on("close", () => {
              if (!finished && !res.complete)
                fail(Object.assign(new Error("the connection closed mid-answer"), { code: "ECONNRESET" }))
            })
          })
        } catch (cause) {
          return fail(cause)
        }
        current = req
        // A server may answer before it has read the whole request (a 413, a 431) and close: once an answer
        // has started, the answer decides, not the broken upload.
        req.on("error", (cause: unknown) => {
          if (!answered || cause === timedOutMarker) fail(cause)
        })
        req.end(bytes)
      }

      send(request.url, request.method, { ...request.headers }, request.body, 0)
      return Effect.sync(() => {
        finished = true
        if (timer !== undefined) clearTimeout(timer)
        current?.destroy(interruptedMarker)
      })
    })
