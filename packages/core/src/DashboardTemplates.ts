/**
 * Dashboard templates: list a page or stream them all, read, create, edit, soft-delete and restore,
 * copy a project template from another project of the same organization into this client's project, and
 * fetch the JSON Schema PostHog validates templates with.
 *
 * `copyBetweenProjects` and `jsonSchema` refuse personal API keys on PostHog Cloud (no scope exists for
 * them): they fail with `PermissionDenied` and `sessionOnly: true` there.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Stream from "effect/Stream"
import { dashboardTemplates as ops } from "./catalogue/DashboardTemplates.js"
import type { HogkitError } from "./Errors.js"
import { execute } from "./internal/execute.js"
import { listStreams } from "./internal/listStreams.js"
import type { CallOptions } from "./PostHogClient.js"
import * as PostHogClient from "./PostHogClient.js"
import type {
  DashboardTemplate,
  DashboardTemplateCreate,
  DashboardTemplateJsonSchema,
  DashboardTemplateListParams,
  DashboardTemplatePage,
  DashboardTemplateUpdate
} from "./schema/DashboardTemplates.js"

/** What `copyBetweenProjects` copies. @category models */
export interface CopyBetweenProjectsInput {
  /** The id of a team-scoped template in another project of the same organization. */
  readonly sourceTemplateId: string
}

/** The dashboard templates operations. @category models */
export interface Service {
  /** One page, as PostHog returns it. */
  readonly list: (
    params?: DashboardTemplateListParams,
    options?: CallOptions
  ) => Effect.Effect<DashboardTemplatePage, HogkitError>
  /** Every template, in server order, pages fetched concurrently. */
  readonly stream: (
    params?: DashboardTemplateListParams,
    options?: CallOptions
  ) => Stream.Stream<DashboardTemplate, HogkitError>
  /** Every page from `params` on, one request after another, each as `list` returns it. */
  readonly pages: (
    params?: DashboardTemplateListParams,
    options?: CallOptions
  ) => Stream.Stream<DashboardTemplatePage, HogkitError>
  /** The first `n` templates, one page after another, fetching no page more than needed. */
  readonly take: (
    n: number,
    params?: DashboardTemplateListParams,
    options?: CallOptions
  ) => Stream.Stream<DashboardTemplate, HogkitError>
  /** One template (soft-deleted ones too, so they can be restored). */
  readonly get: (id: string, options?: CallOptions) => Effect.Effect<DashboardTemplate, HogkitError>
  /** Creates a template (PostHog needs at least one tile). */
  readonly create: (
    body: DashboardTemplateCreate,
    options?: CallOptions
  ) => Effect.Effect<DashboardTemplate, HogkitError>
  /** Edits a template. */
  readonly update: (
    id: string,
    patch: DashboardTemplateUpdate,
    options?: CallOptions
  ) => Effect.Effect<DashboardTemplate, HogkitError>
  /** Soft-deletes a template (`PATCH {"deleted": true}`). */
  readonly delete: (id: string, options?: CallOptions) => Effect.Effect<DashboardTemplate, HogkitError>
  /** Restores a soft-deleted template. */
  readonly restore: (id: string, options?: CallOptions) => Effect.Effect<DashboardTemplate, HogkitError>
  /** Copies a template from another project of the organization into this client's project. */
  readonly copyBetweenProjects: (
    input: CopyBetweenProjectsInput,
    options?: CallOptions
  ) => Effect.Effect<DashboardTemplate, HogkitError>
  /** The JSON Schema of a template file. */
  readonly jsonSchema: (options?: CallOptions) => Effect.Effect<DashboardTemplateJsonSchema, HogkitError>
}

/** The operations that are one request each: the service without its streams. @category models */
export type Requests = Omit<Service, "stream" | "pages" | "take">

/** The dashboard templates service. @category services */
export class DashboardTemplates extends Context.Service<DashboardTemplates, Service>()(
  "@hogkit/core/DashboardTemplates"
) {}

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
  delete: (id, options) => execute(client, ops.delete, { params: { id }, options }),
  restore: (id, options) => execute(client, ops.restore, { params: { id }, options }),
  copyBetweenProjects: (input, options) =>
    execute(client, ops.copyBetweenProjects, {
      body: { source_template_id: input?.sourceTemplateId },
      options
    }),
  jsonSchema: (options) => execute(client, ops.jsonSchema, { options })
})

/** Builds the service on the `PostHogClient` in context. @category constructors */
export const make: Effect.Effect<Service, never, PostHogClient.PostHogClient> = /* @__PURE__ */ Effect.map(
  PostHogClient.PostHogClient,
  // The streams page as the catalogue's list entry says.
  (client): Service => ({ ...requests(client), ...listStreams(client, ops.list) })
)

/** The service as a layer over `PostHogClient`. @category layers */
export const layerFromClient: Layer.Layer<DashboardTemplates, never, PostHogClient.PostHogClient> =
  /* @__PURE__ */ Layer.effect(DashboardTemplates, make)

/** The service with its own pipeline (sending with `fetch`). @category layers */
export const layer = (options: PostHogClient.PostHogOptions): Layer.Layer<DashboardTemplates> =>
  Layer.provide(layerFromClient, PostHogClient.layer(options))
