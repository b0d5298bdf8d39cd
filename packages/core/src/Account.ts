/**
 * Who is calling: the user the personal API key belongs to, and the key describing itself (its label and
 * scopes, never its value). Both live outside any project, so they work with any project setting.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Account } from "@hogkit/core"
 *
 * const whoami = Account.use((account) =>
 *   Effect.map(account.currentUser(), (user) => `${user.email} in ${user.organization?.name}`)
 * )
 * ```
 *
 * @since 0.3.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { currentKey, currentUser } from "./catalogue/Account.js"
import type { HogkitError } from "./Errors.js"
import { execute } from "./internal/execute.js"
import type { CallOptions } from "./PostHogClient.js"
import * as PostHogClient from "./PostHogClient.js"
import type { CurrentUser, PersonalApiKey } from "./schema/Account.js"

/** The account operations. @category models */
export interface Service {
  /** The user the key belongs to, with their organization and current project (`GET /api/users/@me/`). */
  readonly currentUser: (options?: CallOptions) => Effect.Effect<CurrentUser, HogkitError>
  /** The key in use: label, scopes, project and organization limits (`GET /api/personal_api_keys/@current/`). */
  readonly currentKey: (options?: CallOptions) => Effect.Effect<PersonalApiKey, HogkitError>
}

/** The operations, all one request each. @category models */
export type Requests = Service

/** The account service. @category services */
export class Account extends Context.Service<Account, Service>()("@hogkit/core/Account") {}

/** Every operation over a pipeline; the service is built from it. @category constructors */
export const requests = (client: PostHogClient.Service): Requests => ({
  currentUser: (options) => execute(client, currentUser, { options }),
  currentKey: (options) => execute(client, currentKey, { options })
})

/** Builds the service on the `PostHogClient` in context. @category constructors */
export const make: Effect.Effect<Service, never, PostHogClient.PostHogClient> = /* @__PURE__ */ Effect.map(
  PostHogClient.PostHogClient,
  requests
)

/** The service as a layer over `PostHogClient`. @category layers */
export const layerFromClient: Layer.Layer<Account, never, PostHogClient.PostHogClient> =
  /* @__PURE__ */ Layer.effect(Account, make)

/** The service with its own pipeline. @category layers */
export const layer = (options: PostHogClient.PostHogOptions): Layer.Layer<Account> =>
  Layer.provide(layerFromClient, PostHogClient.layer(options))
