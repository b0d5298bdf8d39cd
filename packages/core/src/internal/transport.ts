/**
 * How one attempt reaches PostHog. The pipeline (PostHogClient) decides what to send, when to retry and how
 * to read the answer; a transport only moves bytes and reports how it failed.
 *
 * The default transport calls `fetch` directly. Effect's `HttpClient` is the other one (see
 * `httpClientTransport.ts`), for callers who bring their own client: a fake in tests, Node's http agent, a
 * client with their own middleware. The direct one exists because per-request cost is a feature of an SDK
 * that pages through thousands of items: on the 2,000-request benchmark, HttpClient's per-request span,
 * URL rebuilding and racing timeout fibers cost more than PostHog's own parsing, and 12 KB (gzipped) of
 * every browser bundle.
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { ConfigError, type HogkitErrorReason } from "../Errors.js"
import * as Mapping from "./errorMapping.js"

/** One attempt, ready to send. */
export interface WireRequest {
  readonly method: string
  /** The full URL, query included. */
  readonly url: string
  /** The path as errors show it (no query). */
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  /** JSON text, or `undefined` for no body. */
  readonly body: string | undefined
}

/** What came back, body read to the end. */
export interface WireResponse {
  readonly status: number
  /** Response headers by lower-case name; read only for failures, so built on demand. */
  readonly headers: () => Readonly<Record<string, string | undefined>>
  readonly body: string
}

/** The time one attempt may take, and how to say it ran out. */
export interface AttemptTimeout {
  readonly duration: Duration.Duration
  readonly millis: number
  readonly detail: string
}

/** Sends one attempt; fails only with `NetworkError`, `Timeout` or `ConfigError` reasons. */
export type Transport = (
  request: WireRequest,
  timeout: AttemptTimeout
) => Effect.Effect<WireResponse, HogkitErrorReason>

/** The largest delay `setTimeout` honours; longer ones fire at once, so they mean "no per-attempt timer". */
export const MAX_TIMER_MILLIS = 2_147_483_647

const headersOf = (headers: Headers) => (): Readonly<Record<string, string | undefined>> => {
  const out: Record<string, string> = {}
  headers.forEach((value, name) => {
    out[name] = value
  })
  return out
}

/**
 * `fetch` as a transport. The per-attempt timeout is one timer that aborts the request (no racing fibers),
 * and interrupting the calling fiber aborts it too, so nothing is left in flight either way.
 *
 * The default calls `globalThis.fetch` at request time (not a reference taken once), so test doubles
 * installed later and browsers' `this` binding both work.
 */
export const fetchTransport =
  (fetchFn: typeof globalThis.fetch = (input, init) => globalThis.fetch(input, init)): Transport =>
  (request, timeout) =>
    Effect.callback<WireResponse, HogkitErrorReason>((resume) => {
      const controller = new AbortController()
      let timedOut = false
      let answered = false
      const timer =
        timeout.millis <= MAX_TIMER_MILLIS
          ? setTimeout(() => {
              timedOut = true
              controller.abort()
            }, timeout.millis)
          : undefined
      const fail = (cause: unknown) => {
        if (timer !== undefined) clearTimeout(timer)
        resume(
          Effect.fail(
            timedOut
              ? Mapping.timeoutError(request.method, request.path, timeout.detail)
              : // Once the status line is in, the server has the request: it was sent, whatever broke after.
                Mapping.networkError(request.method, request.path, cause, answered)
          )
        )
      }
      // A redirected write would carry its body to wherever `Location` points (fetch re-sends it on 307 and
      // 308, even to another origin): writes stop at the redirect instead, as the node transport's do.
      const isWrite = request.method !== "GET" && request.method !== "HEAD"
      try {
        fetchFn(request.url, {
          method: request.method,
          headers: request.headers,
          body: request.body ?? null,
          signal: controller.signal,
          ...(isWrite ? { redirect: "manual" as const } : {})
        })
          .then((response) => {
            answered = true
            if (
              isWrite &&
              (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400))
            ) {
              if (timer !== undefined) clearTimeout(timer)
              const location = response.headers.get("location")
              let where = "another address"
              try {
                if (location) {
                  const next = new URL(location, request.url)
                  where = `${next.origin}${next.pathname}`
                }
              } catch {
                // An unparsable Location still refuses the write; the message just cannot name it.
              }
              void response.body?.cancel()
              resume(
                Effect.fail(
                  new ConfigError({
                    method: request.method,
                    path: request.path,
                    status: response.status || undefined,
                    detail: `The server answered ${request.method} with a redirect to ${where}; hogkit does not send a write's body to another address. If PostHog moved, configure the host it points to.`
                  })
                )
              )
              return
            }
            return response.text().then((body) => {
              if (timer !== undefined) clearTimeout(timer)
              resume(Effect.succeed({ status: response.status, headers: headersOf(response.headers), body }))
            })
          }, fail)
          .catch(fail)
      } catch (cause) {
        // A fetch that throws instead of rejecting (a custom one, or a URL it cannot parse).
        fail(cause)
      }
      return Effect.sync(() => {
        if (timer !== undefined) clearTimeout(timer)
        controller.abort()
      })
    })
