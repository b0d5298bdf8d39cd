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
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import type * as z from "zod"
import { ENV } from "./config/Environment.js"
import { DEFAULT_HOST, resolveHost as resolveConnectionHost } from "./config/Host.js"
import { missingKeyMessage, OPTION_NAMES } from "./config/Resolver.js"
import { HogkitError, type HogkitErrorReason, ValidationError } from "./Errors.js"
import * as Mapping from "./internal/errorMapping.js"
import { httpClientTransport } from "./internal/httpClientTransport.js"
import { nodeBuiltins, nodeTransport } from "./internal/nodeTransport.js"
import { followNext } from "./internal/pageStreams.js"
import {
  defaultRetryPolicy,
  isIdempotentMethod,
  type RetryPolicy,
  retryDelay,
  shouldRetry
} from "./internal/retry.js"
import {
  describeIssue,
  type OutputOf,
  type StandardResult,
  type StandardSchema
} from "./internal/standardSchema.js"

import {
  type AttemptTimeout,
  fetchTransport,
  type Transport,
  type WireRequest
} from "./internal/transport.js"
import { VERSION } from "./internal/version.js"

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

/** `us`/`eu` shorthands, a bare host name, or a URL → an origin without a trailing slash, or why not. */
const hostOf = (options: PostHogOptions, keyText: string): string | HogkitErrorReason => {
  try {
    return resolveConnectionHost(options.host, {
      source: OPTION_NAMES.host,
      allowInsecureHttp: options.allowInsecureHttp,
      insecureHint: OPTION_NAMES.allowInsecureHttp,
      apiKey: keyText
    })
  } catch (error) {
    return Mapping.configError(error instanceof Error ? error.message : String(error))
  }
}

const durationOr = (input: Duration.Input | undefined, fallback: Duration.Duration): Duration.Duration => {
  if (input === undefined) return fallback
  const d = Duration.fromInput(input)
  return d._tag === "Some" ? d.value : fallback
}

const isPromiseLike = <A>(value: A | PromiseLike<A>): value is PromiseLike<A> =>
  typeof (value as { then?: unknown } | null)?.then === "function"

/**
 * The longest URL sent. PostHog sits behind proxies that refuse longer request lines (nginx's default is
 * 8 KB) with a 414 or 431, or by closing the connection; no valid id or query comes near it.
 */
const MAX_URL_LENGTH = 8_192

/** Joins the origin and a path with exactly one slash between them, as `HttpClientRequest.prependUrl` does. */
const joinUrl = (first: string, second: string): string => {
  const endsWithSlash = first.endsWith("/")
  const startsWithSlash = second.startsWith("/")
  if (endsWithSlash && startsWithSlash) return first + second.slice(1)
  if (!endsWithSlash && !startsWithSlash) return `${first}/${second}`
  return first + second
}

const toPairs = (query: Readonly<Record<string, QueryValue>> | undefined): Array<[string, string]> => {
  const out: Array<[string, string]> = []
  if (!query) return out
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) for (const v of value) out.push([key, String(v)])
    else out.push([key, String(value)])
  }
  return out
}

/** The pipeline over one transport; everything but the transport is the same for every layer. */
const makeWith = (options: PostHogOptions, transport: Transport): Service => {
  const apiKey = Redacted.isRedacted(options.apiKey) ? options.apiKey : Redacted.make(options.apiKey)
  const keyText = Redacted.value(apiKey)
  const host = hostOf(options, keyText)
  const projectId = options.projectId ?? "@current"

  const setupError: HogkitErrorReason | undefined =
    typeof host !== "string"
      ? host
      : keyText.trim() === ""
        ? Mapping.configError(missingKeyMessage(["pass apiKey"]))
        : projectId !== "@current" && !(Number.isInteger(projectId) && projectId > 0)
          ? Mapping.configError(
              `Project id ${String(projectId)} is not valid: use a positive integer or "@current" (${ENV.projectId}).`
            )
          : undefined
  const baseUrl = typeof host === "string" ? host : DEFAULT_HOST
  const attemptTimeout = durationOr(options.timeout, Duration.seconds(30))
  const totalTimeout = durationOr(options.totalTimeout, Duration.seconds(120))
  const policy: RetryPolicy = {
    maxRetries: Math.max(0, Math.floor(options.retry?.maxRetries ?? defaultRetryPolicy.maxRetries)),
    baseDelay: durationOr(options.retry?.baseDelay, defaultRetryPolicy.baseDelay),
    maxDelay: durationOr(options.retry?.maxDelay, defaultRetryPolicy.maxDelay)
  }
  const pageConcurrency = Math.max(1, Math.floor(options.pageConcurrency ?? 8))
  const userAgent = options.userAgent ?? `hogkit/${VERSION}`

  // The key must never come back in an error detail, even if a server or proxy echoes it.
  const scrub = (text: string): string =>
    keyText !== "" && text.includes(keyText) ? text.split(keyText).join("[redacted]") : text

  // Built once: every request carries the same headers, so they are not re-derived per call.
  const fixedHeaders: Readonly<Record<string, string>> = {
    authorization: `Bearer ${keyText}`,
    accept: "application/json",
    "user-agent": userAgent
  }
  const jsonHeaders: Readonly<Record<string, string>> = {
    ...fixedHeaders,
    "content-type": "application/json"
  }

  const projectPrefix = `/api/projects/${projectId}/`
  const prefixFor = (project: number | undefined) =>
    project === undefined ? projectPrefix : `/api/projects/${project}/`
  // A self-hosted PostHog may live under a path (https://example.com/posthog); its `next` links carry it.
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "")
  const resolvePath = (path: string, project?: number): string => {
    if (/^https?:\/\//i.test(path)) {
      // Links PostHog returns (`next`) are followed on the configured host: a proxy may rewrite hosts,
      // and the key must never be sent anywhere else.
      let url: URL
      try {
        url = new URL(path)
      } catch {
        return path
      }
      const pathname =
        basePath !== "" && url.pathname.startsWith(`${basePath}/`)
          ? url.pathname.slice(basePath.length)
          : url.pathname
      return `${pathname}${url.search}`
    }
    return path.startsWith("/") ? path : `${prefixFor(project)}${path}`
  }

  /** The path as errors show it: base path included, query left out. */
  const displayPath = (path: string, project?: number): string =>
    `${basePath}${resolvePath(path, project).split("?")[0] ?? ""}`

  /** The wire request, or why it cannot be sent. */
  const buildRequest = (req: PostHogRequest): WireRequest | ValidationError => {
    const project = req.options?.projectId
    if (project !== undefined && !(Number.isSafeInteger(project) && project > 0)) {
      return new ValidationError({
        method: req.method,
        path: displayPath(req.path),
        attr: "projectId",
        code: "invalid_input",
        detail: `Project id ${String(project)} is not valid: use a positive integer.`
      })
    }
    const full = resolvePath(req.path, project)
    const q = full.indexOf("?")
    const pathname = q === -1 ? full : full.slice(0, q)
    const path = `${basePath}${pathname}`
    let url = joinUrl(baseUrl, pathname)
    const extra = toPairs(req.query)
    if (q !== -1 || extra.length > 0) {
      // Query parameters given in `query` replace those of the same name already in the path (a `next` link).
      const overridden = new Set(extra.map(([k]) => k))
      const params = new URLSearchParams(q === -1 ? "" : full.slice(q + 1))
      for (const key of overridden) params.delete(key)
      for (const [key, value] of extra) params.append(key, value)
      const search = params.toString()
      if (search !== "") url = `${url}?${search}`
    }
    if (url.length > MAX_URL_LENGTH) {
      return new ValidationError({
        method: req.method,
        path,
        attr: null,
        code: "url_too_long",
        detail: `The request URL is ${url.length.toLocaleString("en")} characters long; PostHog's servers refuse URLs over ${MAX_URL_LENGTH.toLocaleString("en")}. Check the id and shorten the query.`
      })
    }
    if (req.body === undefined)
      return { method: req.method, url, path, headers: fixedHeaders, body: undefined }
    let body: string | undefined
    try {
      body = JSON.stringify(req.body)
    } catch {
      body = undefined
    }
    if (body === undefined) {
      return new ValidationError({
        method: req.method,
        path,
        attr: null,
        code: "invalid_body",
        detail: "The request body cannot be written as JSON (a circular structure, a BigInt or a function?)."
      })
    }
    return { method: req.method, url, path, headers: jsonHeaders, body }
  }

  const scrubReason = <R extends HogkitErrorReason>(reason: R): R => {
    if (!reason.detail.includes(keyText) || keyText === "") return reason
    const Ctor = reason.constructor as new (args: object) => R
    const { _tag: _, ...fields } = { ...reason } as { _tag: string } & Record<string, unknown>
    return new Ctor({ ...fields, detail: scrub(reason.detail) })
  }

  /**
   * One attempt: send, then map the status (the transport enforces the attempt's timeout). Each attempt is
   * an `http.client <METHOD>` span with OpenTelemetry's attribute names (the URL never holds the key;
   * headers are not recorded), so a trace shows every retry and its status under the operation's span.
   */
  const attemptOnce = (wire: WireRequest, timeout: AttemptTimeout, attempt: number) =>
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
          Effect.mapError(scrubReason),
          Effect.flatMap((response) => {
            const { status, body } = response
            span.attribute("http.response.status_code", status)
            if (status >= 200 && status < 300) {
              if (body === "" || body.trim() === "") return Effect.succeed(undefined as unknown)
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
                  body: scrub(body),
                  now
                })
              )
            )
          })
        )
    )

  const totalMillis = Duration.toMillis(totalTimeout)
  const totalDetail = `No answer within ${Duration.format(totalTimeout)} including retries (total timeout).`

  const send = (req: PostHogRequest): Effect.Effect<unknown, HogkitErrorReason> =>
    Effect.suspend(() => {
      if (setupError) return Effect.fail(setupError)
      const wire = buildRequest(req)
      if (wire instanceof ValidationError) return Effect.fail(wire)
      const timeout = durationOr(req.options?.timeout, attemptTimeout)
      const timeoutMillis = Duration.toMillis(timeout)
      const perAttemptTimeout: AttemptTimeout = {
        duration: timeout,
        millis: timeoutMillis,
        detail: `No answer within ${Duration.format(timeout)} (per-attempt timeout).`
      }
      const maxRetries =
        req.options?.retries === undefined ? policy.maxRetries : Math.max(0, Math.floor(req.options.retries))
      const idempotent = req.idempotent ?? isIdempotentMethod(req.method)
      return Effect.flatMap(Clock.currentTimeMillis, (start) => {
        const deadline = start + totalMillis
        const loop = (attempt: number, now: number): Effect.Effect<unknown, HogkitErrorReason> => {
          // The total timeout only ever ends during an attempt: waits that would cross it are never started.
          const left = Math.max(0, deadline - now)
          const perAttempt = timeoutMillis < left
          return attemptOnce(
            wire,
            perAttempt
              ? perAttemptTimeout
              : { duration: Duration.millis(left), millis: left, detail: totalDetail },
            attempt
          ).pipe(
            Effect.catch((failure: HogkitErrorReason) => {
              // What the caller will be told is also what this loop goes by: one truth about retrying.
              const reason = Mapping.settleOutcome(failure, idempotent)
              if (attempt >= maxRetries || !shouldRetry(reason)) return Effect.fail(reason)
              return Effect.flatMap(Random.next, (random) => {
                const wait = retryDelay(policy, attempt + 1, reason, random)
                return Effect.flatMap(Clock.currentTimeMillis, (now) => {
                  const waitMillis = Duration.toMillis(wait)
                  // A wait that would end past the overall deadline cannot help: report the real failure.
                  return now + waitMillis > deadline
                    ? Effect.fail(reason)
                    : Effect.andThen(
                        Effect.sleep(wait),
                        Effect.flatMap(Clock.currentTimeMillis, (after) => loop(attempt + 1, after))
                      )
                })
              })
            })
          )
        }
        return loop(0, start)
      })
    })

  const request = (req: PostHogRequest): Effect.Effect<unknown, HogkitError> =>
    send(req).pipe(Effect.mapError((reason) => new HogkitError({ operation: req.operation, reason })))

  const requestWith = <S extends StandardSchema>(
    schema: S,
    req: PostHogRequest
  ): Effect.Effect<OutputOf<S>, HogkitError> =>
    send(req).pipe(
      Effect.flatMap((body) => {
        const onResult = (result: StandardResult<unknown>): Effect.Effect<OutputOf<S>, HogkitErrorReason> =>
          result.issues
            ? Effect.fail(
                Mapping.decodeError(
                  req.method,
                  displayPath(req.path, req.options?.projectId),
                  undefined,
                  result.issues.slice(0, 3).map(describeIssue).join("; ")
                )
              )
            : Effect.succeed(result.value as OutputOf<S>)
        // zod validates synchronously; only a schema with async checks needs a trip through a promise.
        const result = schema["~standard"].validate(body)
        return isPromiseLike(result)
          ? Effect.flatMap(
              Effect.promise(() => result),
              onResult
            )
          : onResult(result)
      }),
      Effect.mapError((reason) => new HogkitError({ operation: req.operation, reason }))
    )

  const validate = <S extends z.ZodType>(
    operation: string,
    method: HttpMethod,
    path: string,
    schema: S,
    input: unknown
  ): Effect.Effect<z.output<S>, HogkitError> =>
    Effect.suspend(() => {
      const result = schema.safeParse(input, { reportInput: true })
      if (result.success) return Effect.succeed(result.data)
      const reason = Mapping.fromRequestIssues(method, displayPath(path), result.error.issues)
      return Effect.fail(new HogkitError({ operation, reason }))
    })

  const service: Service = {
    baseUrl,
    projectId,
    pageConcurrency,
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
