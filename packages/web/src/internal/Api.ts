/**
 * The widgets' only door to PostHog: `@hogkit/core`'s pipeline (the browser's fetch) pointed at the proxy,
 * and the resources' one-request operations from `@hogkit/core/requests` — the widgets page by hand and
 * never stream, and that entry keeps Effect's Stream out of the bundle. Widgets get Promises (cancelled
 * through an AbortSignal) and never see Effect.
 *
 * Imports are deep (`effect/Effect`, not `effect`) so the bundler can drop what the widgets do not use.
 */
import {
  clientLayer,
  comments as commentRequests,
  dashboards as dashboardRequests,
  PostHogClient,
  sharing as sharingRequests,
  dashboardTemplates as templateRequests
} from "@hogkit/core/requests"
import type {
  Comment,
  CommentCreate,
  CommentFilters,
  CommentListParams,
  CommentPage,
  CommentUpdate,
  Dashboard,
  DashboardCreate,
  DashboardListParams,
  DashboardPage,
  DashboardTemplate,
  DashboardTemplateListParams,
  DashboardTemplatePage,
  SharePasswordCreate,
  SharePasswordCreated,
  SharingConfiguration,
  SharingUpdate
} from "@hogkit/core/schema"
import * as Cause from "effect/Cause"
import type * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as ManagedRuntime from "effect/ManagedRuntime"

/** Who the proxy's key belongs to (the fields of PostHog's `UserBasic` the widgets show). */
export interface Me {
  readonly id: number
  readonly first_name?: string | null | undefined
  readonly last_name?: string | null | undefined
  readonly email?: string | null | undefined
}

export interface Api {
  readonly comments: {
    list(params: CommentListParams, signal?: AbortSignal): Promise<CommentPage>
    count(params: CommentFilters, signal?: AbortSignal): Promise<number>
    create(body: CommentCreate): Promise<Comment>
    update(id: string, patch: CommentUpdate): Promise<Comment>
    remove(id: string): Promise<unknown>
    complete(id: string): Promise<Comment>
    reopen(id: string): Promise<Comment>
  }
  readonly dashboards: {
    list(params: DashboardListParams, signal?: AbortSignal): Promise<DashboardPage>
    create(body: DashboardCreate): Promise<Dashboard>
    remove(id: number): Promise<unknown>
    restore(id: number): Promise<unknown>
  }
  readonly templates: {
    list(params: DashboardTemplateListParams, signal?: AbortSignal): Promise<DashboardTemplatePage>
    /** Project templates of another project of the organization (read through the proxy's allow-list). */
    listIn(
      projectId: number,
      params: DashboardTemplateListParams,
      signal?: AbortSignal
    ): Promise<DashboardTemplatePage>
    copy(sourceTemplateId: string): Promise<DashboardTemplate>
  }
  readonly sharing: {
    get(dashboardId: number, signal?: AbortSignal): Promise<SharingConfiguration>
    update(dashboardId: number, patch: SharingUpdate): Promise<SharingConfiguration>
    refresh(dashboardId: number): Promise<SharingConfiguration>
    createPassword(dashboardId: number, body: SharePasswordCreate): Promise<SharePasswordCreated>
    deletePassword(dashboardId: number, passwordId: string | number): Promise<unknown>
  }
  me(signal?: AbortSignal): Promise<Me | null>
  dispose(): void
}

const resolveBase = (apiBase: string): string =>
  new URL(apiBase, globalThis.location?.href).href.replace(/\/+$/, "")

export const makeApi = (apiBase: string, projectId: string | undefined): Api => {
  const project = projectId && /^[0-9]+$/.test(projectId) ? Number(projectId) : "@current"
  const layer = clientLayer({
    // The proxy swaps this for the real key; the browser never holds one.
    apiKey: "proxied",
    host: resolveBase(apiBase),
    projectId: project,
    retry: { maxRetries: 2 }
  })
  const runtime = ManagedRuntime.make(layer)

  // The pipeline is built synchronously (no I/O), so the operations can be bound to it up front.
  const client = runtime.runSync(PostHogClient)
  const commentsOps = commentRequests(client)
  const dashboardsOps = dashboardRequests(client)
  const templatesOps = templateRequests(client)
  const sharingOps = sharingRequests(client)

  const run = async <A>(effect: Effect.Effect<A, unknown>, signal?: AbortSignal): Promise<A> => {
    const exit = await runtime.runPromiseExit(effect, signal ? { signal } : undefined)
    if (Exit.isSuccess(exit)) return exit.value
    if (Cause.hasInterruptsOnly(exit.cause)) throw new DOMException("Aborted", "AbortError")
    throw Cause.squash(exit.cause)
  }

  return {
    comments: {
      list: (params, signal) => run(commentsOps.list(params), signal),
      count: (params, signal) => run(commentsOps.count(params), signal),
      create: (body) => run(commentsOps.create(body)),
      update: (id, patch) => run(commentsOps.update(id, patch)),
      remove: (id) => run(commentsOps.delete(id)),
      complete: (id) => run(commentsOps.complete(id)),
      reopen: (id) => run(commentsOps.reopen(id))
    },
    dashboards: {
      list: (params, signal) => run(dashboardsOps.list(params), signal),
      create: (body) => run(dashboardsOps.create(body)),
      remove: (id) => run(dashboardsOps.delete(id)),
      restore: (id) => run(dashboardsOps.restore(id))
    },
    templates: {
      list: (params, signal) => run(templatesOps.list(params), signal),
      listIn: (projectId, params, signal) =>
        run(
          client.request({
            operation: "DashboardTemplates.list",
            method: "GET",
            path: `/api/projects/${projectId}/dashboard_templates/`,
            query: { ...params }
          }),
          signal
        ) as Promise<DashboardTemplatePage>,
      copy: (sourceTemplateId) => run(templatesOps.copyBetweenProjects({ sourceTemplateId }))
    },
    sharing: {
      get: (id, signal) => run(sharingOps.get(id), signal),
      update: (id, patch) => run(sharingOps.update(id, patch)),
      refresh: (id) => run(sharingOps.refresh(id)),
      createPassword: (id, body) => run(sharingOps.createPassword(id, body)),
      deletePassword: (id, passwordId) => run(sharingOps.deletePassword(id, passwordId))
    },
    me: async (signal) => {
      try {
        const me = await run(
          client.request({
            operation: "Users.me",
            method: "GET",
            path: "/api/users/@me/",
            options: { retries: 0 }
          }),
          signal
        )
        const u = (me ?? {}) as { id?: unknown; first_name?: unknown; last_name?: unknown; email?: unknown }
        if (typeof u.id !== "number") return null
        const text = (v: unknown) => (typeof v === "string" ? v : null)
        return {
          id: u.id,
          first_name: text(u.first_name),
          last_name: text(u.last_name),
          email: text(u.email)
        }
      } catch (e) {
        if (e instanceof DOMException) throw e
        return null
      }
    },
    dispose: () => {
      void runtime.dispose()
    }
  }
}
