/**
 * `@hogkit/core/promise`: the same operations as the Effect services, as Promises, for code that does
 * not use Effect. Every operation takes an optional last argument `{ signal, timeout, retries }`;
 * aborting the signal cancels the request in flight. `list()` can be awaited for one page or iterated
 * with `for await` for every item. Failures reject with `HogkitError`, whose `reason._tag` says what
 * went wrong.
 *
 * @example
 * ```ts
 * import { createClient, isHogkitError } from "@hogkit/core/promise"
 *
 * // The key (and host, project) from the environment, or pass { apiKey, host: "eu", projectId: 12345 }.
 * const posthog = createClient()
 * const page = await posthog.dashboards.list({ limit: 10 })
 * for await (const dashboard of posthog.dashboards.list()) console.log(dashboard.id, dashboard.name)
 * try {
 *   await posthog.comments.create({ scope: "Notebook", content: "hi" })
 * } catch (error) {
 *   if (isHogkitError(error) && error.reason._tag === "PermissionDenied") console.error(error.reason.missingScope)
 * }
 * await posthog.close()
 * ```
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { Comments } from "../Comments.js"
import { processEnvironment } from "../config/Environment.js"
import { Dashboards } from "../Dashboards.js"
import { DashboardTemplates } from "../DashboardTemplates.js"
import { ConfigError, HogkitError, Timeout } from "../Errors.js"
import { optionsFromEnvironment } from "../internal/optionsFromEnvironment.js"
import * as PostHog from "../PostHog.js"
import type { CallOptions, HttpMethod, PostHogOptions, QueryValue } from "../PostHogClient.js"
import { PostHogClient } from "../PostHogClient.js"
import { Sharing } from "../Sharing.js"
import type {
  Comment,
  CommentCreate,
  CommentFilters,
  CommentListParams,
  CommentPage,
  CommentThreadParams,
  CommentUpdate
} from "../schema/Comments.js"
import type {
  Dashboard,
  DashboardBasic,
  DashboardCreate,
  DashboardListParams,
  DashboardPage,
  DashboardUpdate
} from "../schema/Dashboards.js"
import type {
  DashboardTemplate,
  DashboardTemplateCreate,
  DashboardTemplateJsonSchema,
  DashboardTemplateListParams,
  DashboardTemplatePage,
  DashboardTemplateUpdate
} from "../schema/DashboardTemplates.js"
import type {
  SharePasswordCreate,
  SharePasswordCreated,
  SharingConfiguration,
  SharingUpdate
} from "../schema/Sharing.js"

export * from "../Errors.js"
export {
  type AdviceRenderer,
  type ConnectionSetting,
  describeFailure,
  type FailureAdvice
} from "../FailureAdvice.js"
export type { PostHogOptions } from "../PostHogClient.js"

/** The optional last argument of every operation. @category models */
export interface RequestOptions {
  /** Aborting cancels the request in flight; the Promise rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined
  /** Time allowed for one attempt. */
  readonly timeout?: Duration.Input | undefined
  /** Retries allowed for this call (0 disables retrying). */
  readonly retries?: number | undefined
}

/** Options of `createClient`: the `PostHog.layer` options (`fetch` included). @category models */
export type ClientOptions = PostHogOptions

/**
 * A list call: `await` it for one page, or `for await` over it for every item (pages fetched as needed).
 *
 * @category models
 */
export class ListCall<Page, Item> implements PromiseLike<Page>, AsyncIterable<Item> {
  #page: Promise<Page> | undefined
  readonly #loadPage: () => Promise<Page>
  readonly #items: () => AsyncIterable<Item>
  constructor(loadPage: () => Promise<Page>, items: () => AsyncIterable<Item>) {
    this.#loadPage = loadPage
    this.#items = items
  }
  // biome-ignore lint/suspicious/noThenProperty: a ListCall is deliberately awaitable
  then<R1 = Page, R2 = never>(
    onfulfilled?: ((value: Page) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null
  ): Promise<R1 | R2> {
    this.#page ??= this.#loadPage()
    return this.#page.then(onfulfilled, onrejected)
  }
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page | R> {
    return this.then(undefined, onrejected)
  }
  finally(onfinally?: (() => void) | null): Promise<Page> {
    return this.then().finally(onfinally)
  }
  [Symbol.asyncIterator](): AsyncIterator<Item> {
    return this.#items()[Symbol.asyncIterator]()
  }
  get [Symbol.toStringTag](): string {
    return "ListCall"
  }
}

/** What `createClient` returns. @category models */
export interface PostHogPromiseClient {
  readonly comments: {
    list(params?: CommentListParams, options?: RequestOptions): ListCall<CommentPage, Comment>
    get(id: string, options?: RequestOptions): Promise<Comment>
    create(body: CommentCreate, options?: RequestOptions): Promise<Comment>
    update(id: string, patch: CommentUpdate, options?: RequestOptions): Promise<Comment>
    delete(id: string, options?: RequestOptions): Promise<Comment>
    complete(id: string, options?: RequestOptions): Promise<Comment>
    reopen(id: string, options?: RequestOptions): Promise<Comment>
    thread(id: string, params?: CommentThreadParams, options?: RequestOptions): ListCall<CommentPage, Comment>
    count(params?: CommentFilters, options?: RequestOptions): Promise<number>
  }
  readonly dashboardTemplates: {
    list(
      params?: DashboardTemplateListParams,
      options?: RequestOptions
    ): ListCall<DashboardTemplatePage, DashboardTemplate>
    get(id: string, options?: RequestOptions): Promise<DashboardTemplate>
    create(body: DashboardTemplateCreate, options?: RequestOptions): Promise<DashboardTemplate>
    update(id: string, patch: DashboardTemplateUpdate, options?: RequestOptions): Promise<DashboardTemplate>
    delete(id: string, options?: RequestOptions): Promise<DashboardTemplate>
    restore(id: string, options?: RequestOptions): Promise<DashboardTemplate>
    copyBetweenProjects(
      input: { readonly sourceTemplateId: string },
      options?: RequestOptions
    ): Promise<DashboardTemplate>
    jsonSchema(options?: RequestOptions): Promise<DashboardTemplateJsonSchema>
  }
  readonly dashboards: {
    list(params?: DashboardListParams, options?: RequestOptions): ListCall<DashboardPage, DashboardBasic>
    get(id: number, options?: RequestOptions): Promise<Dashboard>
    create(body: DashboardCreate, options?: RequestOptions): Promise<Dashboard>
    update(id: number, patch: DashboardUpdate, options?: RequestOptions): Promise<Dashboard>
    /** Soft delete; `deleteInsights` also deletes insights used by no other dashboard. */
    delete(
      id: number,
      options?: RequestOptions & { readonly deleteInsights?: boolean | undefined }
    ): Promise<Dashboard>
    restore(id: number, options?: RequestOptions): Promise<Dashboard>
  }
  readonly sharing: {
    get(dashboardId: number, options?: RequestOptions): Promise<SharingConfiguration>
    update(dashboardId: number, patch: SharingUpdate, options?: RequestOptions): Promise<SharingConfiguration>
    refresh(dashboardId: number, options?: RequestOptions): Promise<SharingConfiguration>
    createPassword(
      dashboardId: number,
      body?: SharePasswordCreate,
      options?: RequestOptions
    ): Promise<SharePasswordCreated>
    deletePassword(dashboardId: number, passwordId: string | number, options?: RequestOptions): Promise<void>
  }
  /** Any endpoint, with the same auth, retries and errors. `path` as in `PostHogClient.request`. */
  request(
    request: {
      readonly method: HttpMethod
      readonly path: string
      readonly query?: Readonly<Record<string, QueryValue>> | undefined
      readonly body?: unknown
    },
    options?: RequestOptions
  ): Promise<unknown>
  /** Releases the client's resources. Calls after `close` fail. */
  close(): Promise<void>
}

type Services = PostHog.Services

const callOptions = (options: RequestOptions | undefined): CallOptions | undefined =>
  options === undefined ? undefined : { timeout: options.timeout, retries: options.retries }

const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ??
  new HogkitError({
    operation: "request",
    reason: new Timeout({ method: "", path: "", detail: "The request was aborted." })
  })

/**
 * Creates a Promise client. It holds no connection until the first call; call `close()` when done.
 *
 * Options left out are read from the environment, as openai-node reads `OPENAI_API_KEY`: the key from
 * `POSTHOG_PERSONAL_API_KEY` (else `POSTHOG_API_KEY`), the host from `POSTHOG_HOST`, the project from
 * `POSTHOG_PROJECT_ID` (names in `ENV` of `@hogkit/core/config`). With no key anywhere, every call rejects
 * with a `HogkitError` whose `ConfigError` reason names the variable to set.
 *
 * @category constructors
 */
export const createClient = (options: Partial<ClientOptions> = {}): PostHogPromiseClient => {
  // Read now, from `process.env` itself: the environment at creation is the one the user set up.
  const resolved = optionsFromEnvironment(options, processEnvironment(), "createClient")
  const failed: Effect.Effect<Layer.Layer<Services>, HogkitError> | undefined =
    resolved instanceof HogkitError ? Effect.fail(resolved) : undefined
  const runtime = ManagedRuntime.make(
    failed !== undefined ? Layer.unwrap(failed) : PostHog.layer(resolved as PostHogOptions)
  )
  let closed = false
  const closedError = (operation: string) =>
    new HogkitError({
      operation,
      reason: new ConfigError({
        method: "",
        path: "",
        detail: "This client was closed; create a new one with createClient()."
      })
    })

  /** Runs an effect; rejects with the HogkitError itself (never a wrapper) or the abort reason. */
  const run = async <A>(
    effect: Effect.Effect<A, HogkitError, Services>,
    signal?: AbortSignal
  ): Promise<A> => {
    if (closed) throw closedError("request")
    if (signal?.aborted) throw abortReason(signal)
    const exit = await runtime.runPromiseExit(effect, signal ? { signal } : undefined)
    if (Exit.isSuccess(exit)) return exit.value
    if (signal?.aborted) throw abortReason(signal)
    throw Cause.squash(exit.cause)
  }

  const iterate = <A>(
    stream: Stream.Stream<A, HogkitError, Services>,
    signal?: AbortSignal
  ): AsyncIterable<A> => ({
    async *[Symbol.asyncIterator]() {
      if (closed) throw closedError("stream")
      if (signal?.aborted) throw abortReason(signal)
      const context: Context.Context<Services> = await runtime.context().catch((error: unknown) => {
        throw unwrapError(error)
      })
      const iterator = Stream.toAsyncIterableWith(stream, context)[Symbol.asyncIterator]()
      let onAbort: (() => void) | undefined
      const aborted = signal
        ? new Promise<never>((_, reject) => {
            onAbort = () => reject(abortReason(signal))
            signal.addEventListener("abort", onAbort, { once: true })
          })
        : undefined
      aborted?.catch(() => {})
      try {
        while (true) {
          if (signal?.aborted) throw abortReason(signal)
          const next = aborted ? await Promise.race([iterator.next(), aborted]) : await iterator.next()
          if (next.done) return
          yield next.value
        }
      } catch (error) {
        throw unwrapError(error)
      } finally {
        if (onAbort && signal) signal.removeEventListener("abort", onAbort)
        await iterator.return?.()
      }
    }
  })

  const list = <Page, Item>(
    page: Effect.Effect<Page, HogkitError, Services>,
    items: Stream.Stream<Item, HogkitError, Services>,
    options: RequestOptions | undefined
  ) =>
    new ListCall<Page, Item>(
      () => run(page, options?.signal),
      () => iterate(items, options?.signal)
    )

  return {
    comments: {
      list: (params, o) =>
        list(
          Comments.use((c) => c.list(params, callOptions(o))),
          Stream.unwrap(Comments.use((c) => Effect.succeed(c.stream(params, callOptions(o))))),
          o
        ),
      get: (id, o) =>
        run(
          Comments.use((c) => c.get(id, callOptions(o))),
          o?.signal
        ),
      create: (body, o) =>
        run(
          Comments.use((c) => c.create(body, callOptions(o))),
          o?.signal
        ),
      update: (id, patch, o) =>
        run(
          Comments.use((c) => c.update(id, patch, callOptions(o))),
          o?.signal
        ),
      delete: (id, o) =>
        run(
          Comments.use((c) => c.delete(id, callOptions(o))),
          o?.signal
        ),
      complete: (id, o) =>
        run(
          Comments.use((c) => c.complete(id, callOptions(o))),
          o?.signal
        ),
      reopen: (id, o) =>
        run(
          Comments.use((c) => c.reopen(id, callOptions(o))),
          o?.signal
        ),
      thread: (id, params, o) =>
        list(
          Comments.use((c) => c.thread(id, params, callOptions(o))),
          Stream.unwrap(Comments.use((c) => Effect.succeed(c.streamThread(id, params, callOptions(o))))),
          o
        ),
      count: (params, o) =>
        run(
          Comments.use((c) => c.count(params, callOptions(o))),
          o?.signal
        )
    },
    dashboardTemplates: {
      list: (params, o) =>
        list(
          DashboardTemplates.use((t) => t.list(params, callOptions(o))),
          Stream.unwrap(DashboardTemplates.use((t) => Effect.succeed(t.stream(params, callOptions(o))))),
          o
        ),
      get: (id, o) =>
        run(
          DashboardTemplates.use((t) => t.get(id, callOptions(o))),
          o?.signal
        ),
      create: (body, o) =>
        run(
          DashboardTemplates.use((t) => t.create(body, callOptions(o))),
          o?.signal
        ),
      update: (id, patch, o) =>
        run(
          DashboardTemplates.use((t) => t.update(id, patch, callOptions(o))),
          o?.signal
        ),
      delete: (id, o) =>
        run(
          DashboardTemplates.use((t) => t.delete(id, callOptions(o))),
          o?.signal
        ),
      restore: (id, o) =>
        run(
          DashboardTemplates.use((t) => t.restore(id, callOptions(o))),
          o?.signal
        ),
      copyBetweenProjects: (input, o) =>
        run(
          DashboardTemplates.use((t) => t.copyBetweenProjects(input, callOptions(o))),
          o?.signal
        ),
      jsonSchema: (o) =>
        run(
          DashboardTemplates.use((t) => t.jsonSchema(callOptions(o))),
          o?.signal
        )
    },
    dashboards: {
      list: (params, o) =>
        list(
          Dashboards.use((d) => d.list(params, callOptions(o))),
          Stream.unwrap(Dashboards.use((d) => Effect.succeed(d.stream(params, callOptions(o))))),
          o
        ),
      get: (id, o) =>
        run(
          Dashboards.use((d) => d.get(id, callOptions(o))),
          o?.signal
        ),
      create: (body, o) =>
        run(
          Dashboards.use((d) => d.create(body, callOptions(o))),
          o?.signal
        ),
      update: (id, patch, o) =>
        run(
          Dashboards.use((d) => d.update(id, patch, callOptions(o))),
          o?.signal
        ),
      delete: (id, o) =>
        run(
          Dashboards.use((d) => d.delete(id, { deleteInsights: o?.deleteInsights }, callOptions(o))),
          o?.signal
        ),
      restore: (id, o) =>
        run(
          Dashboards.use((d) => d.restore(id, callOptions(o))),
          o?.signal
        )
    },
    sharing: {
      get: (id, o) =>
        run(
          Sharing.use((s) => s.get(id, callOptions(o))),
          o?.signal
        ),
      update: (id, patch, o) =>
        run(
          Sharing.use((s) => s.update(id, patch, callOptions(o))),
          o?.signal
        ),
      refresh: (id, o) =>
        run(
          Sharing.use((s) => s.refresh(id, callOptions(o))),
          o?.signal
        ),
      createPassword: (id, body, o) =>
        run(
          Sharing.use((s) => s.createPassword(id, body, callOptions(o))),
          o?.signal
        ),
      deletePassword: (id, pid, o) =>
        run(
          Sharing.use((s) => s.deletePassword(id, pid, callOptions(o))),
          o?.signal
        )
    },
    request: (req, o) =>
      run(
        PostHogClient.use((client) =>
          client.request({ operation: "request", ...req, options: callOptions(o) })
        ),
        o?.signal
      ),
    close: () => {
      closed = true
      return runtime.dispose()
    }
  }
}

/** Errors thrown out of a stream's async iterator may arrive wrapped; surface the HogkitError itself. */
const unwrapError = (error: unknown): unknown => {
  if (error instanceof HogkitError) return error
  if (Cause.isCause(error)) return Cause.squash(error)
  const cause = (error as { cause?: unknown } | null)?.cause
  return cause instanceof HogkitError ? cause : error
}
