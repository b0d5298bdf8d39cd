/**
 * A fake HttpClient for unit tests: every request is recorded and handed to a callback that answers
 * with a web `Response`, a transport failure, or never (to test timeouts and interruption).
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as PostHog from "../../src/PostHog.js"
import type { PostHogOptions } from "../../src/PostHogClient.js"

export const KEY = "phx_TestKeyThatMustNeverLeak0123456789"

export interface Seen {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
  readonly signal: AbortSignal
}

/** Answer with a transport failure; `code` like ECONNREFUSED (never sent) or ECONNRESET (maybe sent). */
export class NetFail {
  constructor(readonly code: string) {}
}

export type Answer = Response | NetFail | "hang"

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers }
  })

export const empty = (status: number, headers: Record<string, string> = {}) =>
  new Response(null, { status, headers })

export const fakeHttp = (handler: (req: Seen, n: number) => Answer | Effect.Effect<Answer>) => {
  const seen: Array<Seen> = []
  let inFlight = 0
  let maxInFlight = 0
  const client = HttpClient.make((request, url, signal) =>
    Effect.gen(function* () {
      const body =
        request.body._tag === "Uint8Array"
          ? JSON.parse(new TextDecoder().decode(request.body.body))
          : undefined
      const s: Seen = { method: request.method, url, headers: { ...request.headers }, body, signal }
      seen.push(s)
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      const result = handler(s, seen.length)
      const answer = yield* Effect.isEffect(result) ? result : Effect.succeed(result)
      if (answer === "hang") return yield* Effect.never
      if (answer instanceof NetFail) {
        const cause = Object.assign(new TypeError("fetch failed"), {
          cause: Object.assign(new Error(`connect ${answer.code} 127.0.0.1:9`), { code: answer.code })
        })
        return yield* Effect.fail(
          new HttpClientError.HttpClientError({
            reason: new HttpClientError.TransportError({ request, cause })
          })
        )
      }
      return HttpClientResponse.fromWeb(request, answer)
    }).pipe(Effect.ensuring(Effect.sync(() => inFlight--)))
  )
  return {
    seen,
    get maxInFlight() {
      return maxInFlight
    },
    layer: Layer.succeed(HttpClient.HttpClient, client)
  }
}

/** Everything PostHog.layer provides, over the fake. */
export const testLayer = (fake: ReturnType<typeof fakeHttp>, options: Partial<PostHogOptions> = {}) =>
  PostHog.layerHttpClient({ apiKey: KEY, host: "https://ph.test", projectId: 1, ...options }).pipe(
    Layer.provide(fake.layer)
  )
