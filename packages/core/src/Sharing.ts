/**
 * A dashboard's public sharing: read the configuration (reading persists nothing), enable or disable it,
 * change its settings or require a password, rotate the link token, and add or remove passwords.
 *
 * Password management needs PostHog's Advanced Permissions feature; its refusals come back as
 * `PermissionDenied` / `ValidationError` with PostHog's sentence as `detail`.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { sharing as ops } from "./catalogue/Sharing.js"
import type { HogkitError } from "./Errors.js"
import { execute } from "./internal/execute.js"
import type { CallOptions } from "./PostHogClient.js"
import * as PostHogClient from "./PostHogClient.js"
import type {
  SharePasswordCreate,
  SharePasswordCreated,
  SharingConfiguration,
  SharingUpdate
} from "./schema/Sharing.js"

/** The sharing operations. @category models */
export interface Service {
  /** The dashboard's sharing configuration. */
  readonly get: (
    dashboardId: number,
    options?: CallOptions
  ) => Effect.Effect<SharingConfiguration, HogkitError>
  /** Changes `enabled`, `settings` or `password_required`. */
  readonly update: (
    dashboardId: number,
    patch: SharingUpdate,
    options?: CallOptions
  ) => Effect.Effect<SharingConfiguration, HogkitError>
  /** Issues a new link token; the old one keeps working for a short grace period. */
  readonly refresh: (
    dashboardId: number,
    options?: CallOptions
  ) => Effect.Effect<SharingConfiguration, HogkitError>
  /** Adds a password (generated when `raw_password` is absent); the answer is the only time it is shown. */
  readonly createPassword: (
    dashboardId: number,
    body?: SharePasswordCreate,
    options?: CallOptions
  ) => Effect.Effect<SharePasswordCreated, HogkitError>
  /** Deactivates a password. */
  readonly deletePassword: (
    dashboardId: number,
    passwordId: string | number,
    options?: CallOptions
  ) => Effect.Effect<void, HogkitError>
}

/** The sharing service. @category services */
export class Sharing extends Context.Service<Sharing, Service>()("@hogkit/core/Sharing") {}

/** The sharing operations (each one request), over a pipeline. @category models */
export type Requests = Service

/** Every operation over a pipeline; the service is built from it. @category constructors */
export const requests = (client: PostHogClient.Service): Requests => ({
  get: (dashboardId, options) => execute(client, ops.get, { params: { dashboard_id: dashboardId }, options }),
  update: (dashboardId, patch, options) =>
    execute(client, ops.update, { params: { dashboard_id: dashboardId }, body: patch, options }),
  refresh: (dashboardId, options) =>
    execute(client, ops.refresh, { params: { dashboard_id: dashboardId }, options }),
  createPassword: (dashboardId, body, options) =>
    execute(client, ops.createPassword, { params: { dashboard_id: dashboardId }, body, options }),
  deletePassword: (dashboardId, passwordId, options) =>
    execute(client, ops.deletePassword, {
      params: { dashboard_id: dashboardId, password_id: passwordId },
      options
    })
})

/** Builds the service on the `PostHogClient` in context. @category constructors */
export const make: Effect.Effect<Service, never, PostHogClient.PostHogClient> = /* @__PURE__ */ Effect.map(
  PostHogClient.PostHogClient,
  requests
)

/** The service as a layer over `PostHogClient`. @category layers */
export const layerFromClient: Layer.Layer<Sharing, never, PostHogClient.PostHogClient> =
  /* @__PURE__ */ Layer.effect(Sharing, make)

/** The service with its own pipeline (sending with `fetch`). @category layers */
export const layer = (options: PostHogClient.PostHogOptions): Layer.Layer<Sharing> =>
  Layer.provide(layerFromClient, PostHogClient.layer(options))
