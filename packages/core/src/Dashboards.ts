/**
 * Dashboards: list a page or stream them all (offset pages, fetched concurrently), read one with its
 * tiles, create one blank, from a template (`use_template`) or as a copy (`use_dashboard`), edit,
 * soft-delete (optionally with the insights only it uses) and restore.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Dashboards } from "@hogkit/core"
 *
 * const program = Dashboards.use((dashboards) =>
 *   Effect.flatMap(dashboards.create({ name: "Weekly" }), (d) => dashboards.delete(d.id, { deleteInsights: true }))
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Stream from "effect/Stream"
import { dashboards as ops } from "./catalogue/Dashboards.js"
import type { HogkitError } from "./Errors.js"
import { execute } from "./internal/execute.js"
import { listStreams } from "./internal/listStreams.js"
import type { CallOptions } from "./PostHogClient.js"
import * as PostHogClient from "./PostHogClient.js"
import type {
  Dashboard,
  DashboardBasic,
  DashboardCreate,
  DashboardListParams,
  DashboardPage,
  DashboardUpdate
} from "./schema/Dashboards.js"

/** Options of `Dashboards.delete`. @category models */
export interface DeleteDashboardOptions {
  /** Also delete the insights that appear on no other dashboard. */
  readonly deleteInsights?: boolean | undefined
}

/** The dashboards operations. @category models */
export interface Service {
  /** One page, as PostHog returns it (`count`/`next`/`previous`/`results`). */
  readonly list: (
    params?: DashboardListParams,
    options?: CallOptions
  ) => Effect.Effect<DashboardPage, HogkitError>
  /** Every dashboard, in server order, pages fetched concurrently. */
  readonly stream: (
    params?: DashboardListParams,
    options?: CallOptions
  ) => Stream.Stream<DashboardBasic, HogkitError>
  /** Every page from `params` on, one request after another, each as `list` returns it. */
  readonly pages: (
    params?: DashboardListParams,
    options?: CallOptions
  ) => Stream.Stream<DashboardPage, HogkitError>
  /** The first `n` dashboards, one page after another, fetching no page more than needed. */
  readonly take: (
    n: number,
    params?: DashboardListParams,
    options?: CallOptions
  ) => Stream.Stream<DashboardBasic, HogkitError>
  /** One dashboard with its tiles. */
  readonly get: (id: number, options?: CallOptions) => Effect.Effect<Dashboard, HogkitError>
  /** Creates a dashboard: blank, from a template (`use_template`) or a copy (`use_dashboard`). */
  readonly create: (body: DashboardCreate, options?: CallOptions) => Effect.Effect<Dashboard, HogkitError>
  /** Edits a dashboard. */
  readonly update: (
    id: number,
    patch: DashboardUpdate,
    options?: CallOptions
  ) => Effect.Effect<Dashboard, HogkitError>
  /** Soft-deletes a dashboard (`PATCH {"deleted": true}`). */
  readonly delete: (
    id: number,
    deleteOptions?: DeleteDashboardOptions,
    options?: CallOptions
  ) => Effect.Effect<Dashboard, HogkitError>
  /** Restores a soft-deleted dashboard (`PATCH {"deleted": false}`). */
  readonly restore: (id: number, options?: CallOptions) => Effect.Effect<Dashboard, HogkitError>
}

/** The operations that are one request each: the service without its streams. @category models */
export type Requests = Omit<Service, "stream" | "pages" | "take">

/** The dashboards service. @category services */
export class Dashboards extends Context.Service<Dashboards, Service>()("@hogkit/core/Dashboards") {}

/**
 * Every operation that is one request (all but the streams), over a pipeline. The service is built from
 * it; browser code calls it directly, so a bundle that never streams never carries Effect's `Stream`.
 *
 * @category constructors
 */
export const requests = (client: PostHogClient.Service): Requests => ({
  list: (params, options) => execute(client, ops.list, { query: params, options }),
  get: (id, options) => execute(client, ops.get, { params: { id }, options }),
  create: (body, options) => execute(client, ops.create, { body, options }),
  update: (id, patch, options) => execute(client, ops.update, { params: { id }, body: patch, options }),
  delete: (id, deleteOptions, options) =>
    execute(client, deleteOptions?.deleteInsights ? deleteWithInsights : ops.delete, {
      params: { id },
      options
    }),
  restore: (id, options) => execute(client, ops.restore, { params: { id }, options })
})

/** `delete` with `delete_insights`: the same operation, a larger fixed body. */
const deleteWithInsights = { ...ops.delete, fixedBody: { deleted: true, delete_insights: true } }

/** Builds the service on the `PostHogClient` in context. @category constructors */
export const make: Effect.Effect<Service, never, PostHogClient.PostHogClient> = /* @__PURE__ */ Effect.map(
  PostHogClient.PostHogClient,
  // The streams page as the catalogue's list entry says.
  (client): Service => ({ ...requests(client), ...listStreams(client, ops.list) })
)

/** The service as a layer over `PostHogClient`. @category layers */
export const layerFromClient: Layer.Layer<Dashboards, never, PostHogClient.PostHogClient> =
  /* @__PURE__ */ Layer.effect(Dashboards, make)

/** The service with its own pipeline (sending with `fetch`). @category layers */
export const layer = (options: PostHogClient.PostHogOptions): Layer.Layer<Dashboards> =>
  Layer.provide(layerFromClient, PostHogClient.layer(options))
