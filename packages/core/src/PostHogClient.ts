/**
 * The one HTTP pipeline every hogkit call goes through: it resolves the host (`us`, `eu` or a URL) and the
 * project, sends the personal API key as a redacted bearer token with `User-Agent: hogkit/<version>`,
 * validates request bodies before sending, retries what is safe to retry, enforces per-attempt and overall
 * timeouts, and turns every failure into a `HogkitError`.
 *
 * It is also the escape hatch for endpoints the services do not cover:
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { PostHogClient } from "@hogkit/core"
 *
 * const insights = PostHogClient.use((client) =>
 *   client.request({ operation: "api", method: "GET", path: "insights/", query: { limit: 5 } })
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import type * as z from "zod"
import { HogkitError, type HogkitErrorReason, ValidationError } from "./Errors.js"
import { makeAttempt } from "./internal/attempt.js"
import { httpClientTransport } from "./internal/httpClientTransport.js"
import { nodeBuiltins, nodeTransport } from "./internal/nodeTransport.js"
import { followNext } from "./internal/pageStreams.js"
import { pipelineSettings } from "./internal/pipelineOptions.js"
import { requestBuilder } from "./internal/requestBuilder.js"
import { retryLoop } from "./internal/retryLoop.js"
import { decodeBody, validateInput } from "./internal/schemaChecks.js"
import type { OutputOf, StandardSchema } from "./internal/standardSchema.js"
import { fetchTransport, type Transport } from "./internal/transport.js"

/** How to reach PostHog. @category options */
export interface PostHogOptions {
  /** A personal API key (`phx_…`). Kept `Redacted`: it never prints. */
  readonly apiKey: Redacted.Redacted<string> | string
  /** `us` (default), `eu`, or the URL of a self-hosted PostHog or the emulator. */
  readonly host?: "us" | "eu" | (string & {}) | undefined
  /**
   * Send the key over plain `http://` to a host that is not this machine (default false: such a host is
   * refused before anything is sent, since the key would cross the network unencrypted).
   */
  readonly allowInsecureHttp?: boolean | undefined
  /** A project id, or `@current` (default): the key owner's current project. */
  readonly projectId?: number | "@current" | undefined
  /** Time allowed for one attempt (default 30 s). */
  readonly timeout?: Duration.Input | undefined
  /** Time allowed for a whole call including retries and waits (default 120 s). */
  readonly totalTimeout?: Duration.Input | undefined
  /** Retry policy: retries after the first attempt (default 3), backoff base (0.5 s) and cap (8 s). */
  readonly retry?:
    | {
        readonly maxRetries?: number | undefined
        readonly baseDelay?: Duration.Input | undefined
        readonly maxDelay?: Duration.Input | undefined
      }
    | undefined
  /**
   * Pages fetched at once by offset streams (default 8). PostHog's limit is on requests per minute and
   * hour, not on concurrency, so this changes how fast a stream goes, not how many requests it makes.
   */
  readonly pageConcurrency?: number | undefined
  /** Sent as `User-Agent` (default `hogkit/<version>`; browsers ignore it). */
  readonly userAgent?: string | undefined
  /**
   * A `fetch` to send requests with. By default hogkit uses Node's own HTTP client where there is one
   * (Node, Deno, Bun: it costs half the CPU of Node's fetch) and the global `fetch` elsewhere. Ignored by
   * the `…HttpClient` layers, which send through the `HttpClient` in context instead.
   */
  readonly fetch?: typeof globalThis.fetch | undefined
  /**
   * Told before each wait between two attempts, so a program can show why it is waiting (a countdown,
   * a log line). A returned function is called when the wait ends, however it ends. Never changes what
   * the pipeline does.
   */
  readonly onRetryWait?: ((wait: RetryWait) => (() => void) | undefined) | undefined
}

/** A wait before the next attempt of a call (see `PostHogOptions.onRetryWait`). @category options */
export interface RetryWait {
  /** The call's operation, e.g. `Dashboards.list`. */
  readonly operation: string
  /** How long the pipeline waits before the next attempt. */
  readonly millis: number
  /** The attempt about to be made (1 for the first retry). */
  readonly retry: number
  /**
   * Why: `rate_limit` (429), `server` (a 5xx), or `network` (no answer). `serverAsked` says the wait is
   * PostHog's own (Retry-After, or the wait in a 429's text) rather than hogkit's backoff.
   */
  readonly reason: "rate_limit" | "server" | "network"
  readonly serverAsked: boolean
}

/** Overrides for one call, the optional last argument of every operation. @category options */
export interface CallOptions {
  /** Time allowed for one attempt of this call. */
  readonly timeout?: Duration.Input | undefined
  /** Retries allowed for this call (0 disables retrying). */
  readonly retries?: number | undefined
  /**
   * Another project of the same organization for this call only (reading its templates, say); by
   * default the client's project.
   */
  readonly projectId?: number | undefined
}

/** HTTP methods PostHog's API uses. @category models */
export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE"

/** A query parameter value; arrays repeat the key, `undefined`/`null` drop it. @category models */
export type QueryValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | ReadonlyArray<string | number | boolean>

/** One request through the pipeline. @category models */
export interface PostHogRequest {
  /** Names the call in errors and spans, e.g. `Dashboards.get`. */
  readonly operation: string
  readonly method: HttpMethod
  /** Relative to `/api/projects/<project>/` (`"dashboards/"`), absolute (`"/api/users/@me/"`), or a full URL PostHog returned (`next`). */
  readonly path: string
  readonly query?: Readonly<Record<string, QueryValue>> | undefined
  /** Sent as JSON. */
  readonly body?: unknown
  /**
   * Whether sending it twice leaves PostHog as sending it once. Decides what may be retried after the
   * request may have reached PostHog (decisions.md §10). The services pass the catalogue's word; default:
   * true for every method but POST.
   */
  readonly idempotent?: boolean | undefined
  readonly options?: CallOptions | undefined
}

/** What the pipeline offers. @category models */
export interface Service {
  /** The API origin, e.g. `https://us.posthog.com`. */
  readonly baseUrl: string
  /** The project every relative path is under. */
  readonly projectId: number | "@current"
  /** Pages fetched at once by offset streams. */
  readonly pageConcurrency: number
  /** Sends a request; succeeds with the parsed JSON body (`undefined` for an empty one). */
  readonly request: (request: PostHogRequest) => Effect.Effect<unknown, HogkitError>
  /** Sends a request and decodes the body with a Standard Schema (zod). Unknown fields survive when the schema is loose. */
  readonly requestWith: <S extends StandardSchema>(
    schema: S,
    request: PostHogRequest
  ) => Effect.Effect<OutputOf<S>, HogkitError>
  /** Checks what a user is about to send against a zod request schema, with PostHog's field names and messages. */
  readonly validate: <S extends z.ZodType>(
    operation: string,
    method: HttpMethod,
    path: string,
    schema: S,
    input: unknown
  ) => Effect.Effect<z.output<S>, HogkitError>
  /** The full path a relative one resolves to, e.g. `/api/projects/1/dashboards/` (or under `project`). */
  readonly resolvePath: (path: string, project?: number) => string
}

/** The HTTP pipeline, as a service. @category services */
export class PostHogClient extends Context.Service<PostHogClient, Service>()("@hogkit/core/PostHogClient") {}

/**
 * The pipeline over one transport; everything but the transport is the same for every layer. Each concern
 * lives in its own module (settings, request building, one attempt, the retry loop, schema checks), so this
 * only wires them together and names the operation in every failure.
 */
const makeWith = (options: PostHogOptions, transport: Transport): Service => {
  const settings = pipelineSettings(options)
  const { resolvePath, displayPath, buildRequest } = requestBuilder(settings)
  const withRetries = retryLoop(makeAttempt(transport, settings.keyText), settings)

  const send = (req: PostHogRequest): Effect.Effect<unknown, HogkitErrorReason> =>
    Effect.suspend(() => {
      if (settings.setupError) return Effect.fail(settings.setupError)
      const wire = buildRequest(req)
      if (wire instanceof ValidationError) return Effect.fail(wire)
      return withRetries(wire, req)
    })

  // Every failure leaves the pipeline as a HogkitError naming the operation, whichever step it came from.
  const failingAs = (operation: string) =>
    Effect.mapError((reason: HogkitErrorReason) => new HogkitError({ operation, reason }))

  const request = (req: PostHogRequest): Effect.Effect<unknown, HogkitError> =>
    send(req).pipe(failingAs(req.operation))

  const requestWith = <S extends StandardSchema>(
    schema: S,
    req: PostHogRequest
  ): Effect.Effect<OutputOf<S>, HogkitError> =>
    send(req).pipe(
      Effect.flatMap((body) =>
        decodeBody(schema, body, req.method, () => displayPath(req.path, req.options?.projectId))
      ),
      failingAs(req.operation)
    )

  const validate = <S extends z.ZodType>(
    operation: string,
    method: HttpMethod,
    path: string,
    schema: S,
    input: unknown
  ): Effect.Effect<z.output<S>, HogkitError> =>
    validateInput(schema, input, method, () => displayPath(path)).pipe(failingAs(operation))

  const service: Service = {
    baseUrl: settings.baseUrl,
    projectId: settings.projectId,
    pageConcurrency: settings.pageConcurrency,
    request,
    requestWith,
    validate,
    resolvePath
  }
  return service
}

/** `options.fetch` if given; else Node's own HTTP client where there is one (Node, Deno, Bun); else `fetch`. */
const defaultTransport = (options: PostHogOptions): Transport => {
  if (options.fetch) return fetchTransport(options.fetch)
  const builtins = nodeBuiltins()
  return builtins ? nodeTransport(builtins) : fetchTransport()
}

/**
 * Every item of a paginated endpoint, following `next` page by page, through the `PostHogClient` in
 * context. A function rather than a method of the service, so bundles that never stream (the web widgets)
 * never carry Effect's `Stream`.
 *
 * @example
 * ```ts
 * const insights = PostHogClient.paginate({ operation: "api", method: "GET", path: "insights/" })
 * ```
 *
 * @category streams
 */
export const paginate = (request: PostHogRequest): Stream.Stream<unknown, HogkitError, PostHogClient> =>
  Stream.unwrap(Effect.map(PostHogClient, (client) => followNext(client.request, request)))

/**
 * Builds the pipeline from options. Requests go out through Node's `node:http`/`node:https` where they
 * exist (Node, Deno, Bun), through `fetch` elsewhere (browsers, workers), or through `options.fetch`.
 *
 * @category constructors
 */
export const make = (options: PostHogOptions): Effect.Effect<Service> =>
  Effect.sync(() => makeWith(options, defaultTransport(options)))

/**
 * Builds the pipeline over the `HttpClient` in context instead of `fetch`: a fake client in tests, Node's
 * http agent, or a client with middleware of your own. Per-attempt timeouts then run on the fiber's
 * `Clock` (so `TestClock` drives them).
 *
 * @category constructors
 */
export const makeHttpClient = (
  options: PostHogOptions
): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (client) => makeWith(options, httpClientTransport(client)))

/**
 * The pipeline as a layer, sending with `node:http` or `fetch` (see `make`). Options are checked on the first call: a bad host or an
 * empty key fails every call with a `ConfigError`.
 *
 * @category layers
 */
export const layer = (options: PostHogOptions): Layer.Layer<PostHogClient> =>
  Layer.effect(PostHogClient, make(options))

/**
 * The pipeline as a layer that sends through the `HttpClient` in context (see `makeHttpClient`).
 *
 * @category layers
 */
export const layerHttpClient = (
  options: PostHogOptions
): Layer.Layer<PostHogClient, never, HttpClient.HttpClient> =>
  Layer.effect(PostHogClient, makeHttpClient(options))
