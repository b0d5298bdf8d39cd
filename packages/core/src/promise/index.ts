/**
 * `@hogkit/core/promise`: the same operations as the Effect services, as Promises, for code that does
 * not use Effect. Every operation takes an optional last argument
 * `{ signal, timeout, retries, projectId }`; aborting the signal cancels the request in flight. `list()` can be awaited for one page (which knows
 * its next one: `hasNextPage()`, `getNextPage()`), iterated with `for await` for every item, or asked for
 * `pages()` or `take(n)`. Failures reject with `HogkitError`, whose `reason._tag` says what went wrong.
 *
 * Built on the one-request operations of `@hogkit/core/requests` and plain Promises (no Effect `Stream`),
 * so browser code can carry it: the `@hogkit/web` widgets use this very client.
 *
 * @example
 * ```ts
 * import { createClient, isHogkitError } from "@hogkit/core/promise"
 *
 * // The key (and host, project) from the environment, or pass { apiKey, host: "eu", projectId: 12345 }.
 * const posthog = createClient()
 * const page = await posthog.dashboards.list({ limit: 10 })
 * if (page.hasNextPage()) console.log((await page.getNextPage()).results)
 * const newest = await posthog.comments.list({ scope: "Dashboard" }).take(5)
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
import type * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { requests as commentRequests } from "../Comments.js"
import { comments as commentOps } from "../catalogue/Comments.js"
import { dashboards as dashboardOps } from "../catalogue/Dashboards.js"
import { dashboardTemplates as templateOps } from "../catalogue/DashboardTemplates.js"
import { processEnvironment } from "../config/Environment.js"
import { requests as dashboardRequests } from "../Dashboards.js"
import { requests as templateRequests } from "../DashboardTemplates.js"
import { ConfigError, HogkitError } from "../Errors.js"
import type { ItemOf, ListOperation, PageOf, ParamsOf } from "../internal/listOperation.js"
import { optionsFromEnvironment } from "../internal/optionsFromEnvironment.js"
import type { CallOptions, HttpMethod, PostHogOptions, QueryValue } from "../PostHogClient.js"
import * as PostHogClient from "../PostHogClient.js"
import { requests as sharingRequests } from "../Sharing.js"
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
import type { RequestOptions } from "./options.js"
import { ListCall, type Page, type PageMethods } from "./pages.js"

export * from "../Errors.js"
export {
  type AdviceRenderer,
  type ConnectionSetting,
  describeFailure,
  type FailureAdvice
} from "../FailureAdvice.js"
export type { PostHogOptions } from "../PostHogClient.js"
export type { RequestOptions } from "./options.js"
export { ListCall, type Page, type PageMethods }

/** Options of `createClient`: the `PostHog.layer` options (`fetch` included). @category models */
export type ClientOptions = PostHogOptions

/** What `createClient` returns. @category models */
export interface PostHogPromiseClient {
  readonly comments: {
    list(
      params?: CommentListParams,
      options?: RequestOptions
    ): ListCall<CommentPage, Comment, CommentListParams>
    get(id: string, options?: RequestOptions): Promise<Comment>
    create(body: CommentCreate, options?: RequestOptions): Promise<Comment>
    update(id: string, patch: CommentUpdate, options?: RequestOptions): Promise<Comment>
    delete(id: string, options?: RequestOptions): Promise<Comment>
    complete(id: string, options?: RequestOptions): Promise<Comment>
    reopen(id: string, options?: RequestOptions): Promise<Comment>
    thread(
      id: string,
      params?: CommentThreadParams,
      options?: RequestOptions
    ): ListCall<CommentPage, Comment, CommentThreadParams>
    count(params?: CommentFilters, options?: RequestOptions): Promise<number>
  }
  readonly dashboardTemplates: {
    list(
      params?: DashboardTemplateListParams,
      options?: RequestOptions
    ): ListCall<DashboardTemplatePage, DashboardTemplate, DashboardTemplateListParams>
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
    list(
      params?: DashboardListParams,
      options?: RequestOptions
    ): ListCall<DashboardPage, DashboardBasic, DashboardListParams>
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

const callOptions = (options: RequestOptions | undefined): CallOptions | undefined =>
  options === undefined
    ? undefined
    : { timeout: options.timeout, retries: options.retries, projectId: options.projectId }

/** What an aborted call rejects with: the signal's reason (an `AbortError` unless the caller gave one). */
const abortReason = (signal: AbortSignal): unknown => signal.reason

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
  return resolved instanceof HogkitError
    ? bindClient(ManagedRuntime.make(PostHogClient.layer({ ...options, apiKey: "" })), resolved)
    : createClientFromOptions(resolved)
}

/**
 * Creates a Promise client from these options alone: nothing is read from the environment or a stored
 * profile. For browsers (the `@hogkit/web` widgets) and for code that wants no implicit configuration;
 * it keeps bundles free of the configuration resolver.
 *
 * @category constructors
 */
export const createClientFromOptions = (options: ClientOptions): PostHogPromiseClient =>
  bindClient(ManagedRuntime.make(PostHogClient.layer(options)))

/** The operations of the four resources as Promises, over one pipeline run by `runtime`. */
const bindClient = (
  runtime: ManagedRuntime.ManagedRuntime<PostHogClient.PostHogClient, never>,
  /** Set when the configuration is unusable: every call rejects with it. */
  unusable?: HogkitError
): PostHogPromiseClient => {
  // The pipeline is built synchronously (no I/O), so the operations are bound to it up front.
  const client = runtime.runSync(PostHogClient.PostHogClient)
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
  const run = async <A>(effect: Effect.Effect<A, HogkitError>, o: RequestOptions | undefined): Promise<A> => {
    const signal = o?.signal
    if (closed) throw closedError("request")
    if (unusable !== undefined) throw unusable
    if (signal?.aborted) throw abortReason(signal)
    const exit = await runtime.runPromiseExit(effect, signal ? { signal } : undefined)
    if (Exit.isSuccess(exit)) return exit.value
    if (signal?.aborted) throw abortReason(signal)
    throw Cause.squash(exit.cause)
  }

  /** An operation of one argument (then options) as a Promise. */
  const one =
    <A, R>(op: (a: A, call?: CallOptions) => Effect.Effect<R, HogkitError>) =>
    (a: A, o?: RequestOptions) =>
      run(op(a, callOptions(o)), o)
  /** An operation of two arguments (then options) as a Promise. */
  const two =
    <A, B, R>(op: (a: A, b: B, call?: CallOptions) => Effect.Effect<R, HogkitError>) =>
    (a: A, b: B, o?: RequestOptions) =>
      run(op(a, b, callOptions(o)), o)

  /** A list call over `fetch`, paging as the catalogue entry `op` says its list pages. */
  const listCall = <Op extends ListOperation>(
    op: Op,
    fetch: (params: ParamsOf<Op>, call: CallOptions | undefined) => Effect.Effect<PageOf<Op>, HogkitError>,
    params: ParamsOf<Op> | undefined,
    o: RequestOptions | undefined
  ) =>
    new ListCall<PageOf<Op>, ItemOf<Op>, ParamsOf<Op>>(
      {
        shape: op.page,
        concurrency: client.pageConcurrency,
        fetch: one(fetch)
      },
      // Every list's parameters are optional: none is the first page, unfiltered.
      params ?? ({} as ParamsOf<Op>),
      o
    )

  const comments = commentRequests(client)
  const dashboards = dashboardRequests(client)
  const templates = templateRequests(client)
  const sharing = sharingRequests(client)

  return {
    comments: {
      list: (params, o) => listCall(commentOps.list, comments.list, params, o),
      get: one(comments.get),
      create: one(comments.create),
      update: two(comments.update),
      delete: one(comments.delete),
      complete: one(comments.complete),
      reopen: one(comments.reopen),
      thread: (id, params, o) =>
        listCall(commentOps.thread, (p, call) => comments.thread(id, p, call), params, o),
      count: one(comments.count)
    },
    dashboardTemplates: {
      list: (params, o) => listCall(templateOps.list, templates.list, params, o),
      get: one(templates.get),
      create: one(templates.create),
      update: two(templates.update),
      delete: one(templates.delete),
      restore: one(templates.restore),
      copyBetweenProjects: one(templates.copyBetweenProjects),
      jsonSchema: (o) => run(templates.jsonSchema(callOptions(o)), o)
    },
    dashboards: {
      list: (params, o) => listCall(dashboardOps.list, dashboards.list, params, o),
      get: one(dashboards.get),
      create: one(dashboards.create),
      update: two(dashboards.update),
      delete: (id, o) => run(dashboards.delete(id, { deleteInsights: o?.deleteInsights }, callOptions(o)), o),
      restore: one(dashboards.restore)
    },
    sharing: {
      get: one(sharing.get),
      update: two(sharing.update),
      refresh: one(sharing.refresh),
      createPassword: two(sharing.createPassword),
      deletePassword: two(sharing.deletePassword)
    },
    request: (req, o) => run(client.request({ operation: "request", ...req, options: callOptions(o) }), o),
    close: () => {
      closed = true
      return runtime.dispose()
    }
  }
}
