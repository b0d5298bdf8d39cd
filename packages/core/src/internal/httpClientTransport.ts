/**
 * Effect's `HttpClient` as a transport, for callers who provide their own client (a fake in tests, Node's
 * http agent, a client with tracing or proxies of their own). Kept apart from the fetch transport so a
 * bundle that never uses it never carries Effect's HTTP modules.
 */
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type { HogkitErrorReason } from "../Errors.js"
import * as Mapping from "./errorMapping.js"
import type { Transport, WireRequest } from "./transport.js"

const fromHttpError = (request: WireRequest, error: HttpClientError.HttpClientError): HogkitErrorReason => {
  const reason = error.reason
  switch (reason._tag) {
    case "TransportError":
      return Mapping.networkError(request.method, request.path, reason.cause ?? reason.description)
    case "InvalidUrlError":
      return Mapping.configError(`The request URL ${request.path} is not valid.`)
    case "EncodeError":
      return Mapping.decodeError(
        request.method,
        request.path,
        undefined,
        "the request body could not be encoded"
      )
    default:
      // The body stream broke after the server started answering.
      return Mapping.networkError(request.method, request.path, reason, true)
  }
}

export const httpClientTransport =
  (client: HttpClient.HttpClient): Transport =>
  (request, timeout) => {
    let outgoing = HttpClientRequest.make(request.method as "GET")(request.url, { headers: request.headers })
    if (request.body !== undefined)
      outgoing = HttpClientRequest.bodyText(outgoing, request.body, "application/json")
    return client.execute(outgoing).pipe(
      Effect.flatMap((response) =>
        Effect.map(response.text, (body) => ({
          status: response.status,
          headers: () => response.headers,
          body
        }))
      ),
      Effect.mapError((error) => fromHttpError(request, error)),
      // Effect's timeout runs on the fiber's Clock, so tests can drive it with TestClock.
      Effect.timeoutOrElse({
        duration: timeout.duration,
        orElse: () => Effect.fail(Mapping.timeoutError(request.method, request.path, timeout.detail))
      })
    )
  }
