/**
 * One attempt: send, then map the status (the transport enforces the attempt's timeout). Each attempt is
 * an `http.client <METHOD>` span with OpenTelemetry's attribute names (the URL never holds the key;
 * headers are not recorded), so a trace shows every retry and its status under the operation's span.
 * Whether to try again is the retry loop's business; this only says what one try gave.
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type { HogkitErrorReason } from "../Errors.js"
import * as Mapping from "./errorMapping.js"
import { scrubKey, scrubKeyFromReason } from "./keyScrub.js"
import type { AttemptTimeout, Transport, WireRequest } from "./transport.js"

/** Sends one attempt; succeeds with the parsed JSON body (`undefined` for an empty one). */
export type Attempt = (
  wire: WireRequest,
  timeout: AttemptTimeout,
  attempt: number
) => Effect.Effect<unknown, HogkitErrorReason>

export const makeAttempt =
  (transport: Transport, keyText: string): Attempt =>
  (wire, timeout, attempt) =>
    Effect.useSpan(
      `http.client ${wire.method}`,
      {
        kind: "client",
        attributes: {
          "http.request.method": wire.method,
          "url.full": wire.url,
          "url.path": wire.path,
          ...(attempt > 0 ? { "http.request.resend_count": attempt } : {})
        }
      },
      (span) =>
        transport(wire, timeout).pipe(
          // A network error may quote the request (a proxy's message, say): scrubbed like a response body.
          Effect.mapError((reason) => scrubKeyFromReason(keyText, reason)),
          Effect.flatMap((response) => {
            const { status, body } = response
            span.attribute("http.response.status_code", status)
            if (status >= 200 && status < 300) {
              if (body.trim() === "") return Effect.succeed(undefined as unknown)
              try {
                return Effect.succeed(JSON.parse(body) as unknown)
              } catch {
                return Effect.fail(
                  Mapping.decodeError(wire.method, wire.path, status, "the body is not JSON")
                )
              }
            }
            span.attribute("error.type", String(status))
            return Effect.flatMap(Clock.currentTimeMillis, (now) =>
              Effect.fail(
                Mapping.fromResponse({
                  method: wire.method,
                  path: wire.path,
                  status,
                  headers: response.headers(),
                  body: scrubKey(keyText, body),
                  now
                })
              )
            )
          })
        )
    )
