/**
 * Entry point: one layer that provides the HTTP pipeline and all four resource services.
 * `layer` takes options in code; `layerConfig` reads the standard environment (the variables in
 * `ENV` of `@hogkit/core/config`: `POSTHOG_PERSONAL_API_KEY` or `POSTHOG_API_KEY`, `POSTHOG_HOST`,
 * `POSTHOG_PROJECT_ID`) through Effect's `Config`, so tests and adapters can supply another `ConfigProvider`,
 * and resolves it with the same rules as the CLI and MCP server.
 *
 * Both send with `fetch` (the global one, or `options.fetch`), in Node and in browsers. `layerHttpClient`
 * and `layerConfigHttpClient` send through the Effect `HttpClient` in context instead: a fake client in
 * tests, Node's http agent, or a client with middleware of your own.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Dashboards, PostHog } from "@hogkit/core"
 *
 * const PostHogLive = PostHog.layer({ apiKey: "phx_…", host: "eu", projectId: 12345 })
 * const program = Dashboards.use((d) => d.list({ limit: 10 }))
 * Effect.runPromise(program.pipe(Effect.provide(PostHogLive))).then(console.log)
 * ```
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Account from "./Account.js"
import * as Comments from "./Comments.js"
import { ENV } from "./config/Environment.js"
import * as Dashboards from "./Dashboards.js"
import * as DashboardTemplates from "./DashboardTemplates.js"
import { HogkitError } from "./Errors.js"
import { configError } from "./internal/errorMapping.js"
import { optionsFromEnvironment } from "./internal/optionsFromEnvironment.js"
import * as PostHogClient from "./PostHogClient.js"
import * as Sharing from "./Sharing.js"

export type { CallOptions, PostHogOptions } from "./PostHogClient.js"

/** Everything `PostHog.layer` provides. @category models */
export type Services =
  | Account.Account
  | Comments.Comments
  | DashboardTemplates.DashboardTemplates
  | Dashboards.Dashboards
  | Sharing.Sharing
  | PostHogClient.PostHogClient

// Annotated pure so bundles that use only `@hogkit/core/requests` drop the services and their streams.
const servicesOverClient = /* @__PURE__ */ Layer.mergeAll(
  Account.layerFromClient,
  Comments.layerFromClient,
  DashboardTemplates.layerFromClient,
  Dashboards.layerFromClient,
  Sharing.layerFromClient
)

// Fresh: layers are memoized by identity, so without it a second `PostHog.layer` (another project, another
// key) provided inside the first would silently get the first one's services.
const servicesOver = <R>(
  client: Layer.Layer<PostHogClient.PostHogClient, never, R>
): Layer.Layer<Services, never, R> => Layer.provideMerge(Layer.fresh(servicesOverClient), client)

/**
 * The pipeline and the four services, from options, sending with `fetch`.
 *
 * @category layers
 */
export const layer = (options: PostHogClient.PostHogOptions): Layer.Layer<Services> =>
  servicesOver(PostHogClient.layer(options))

/**
 * The pipeline and the four services, sending through the `HttpClient` in context.
 *
 * @category layers
 */
export const layerHttpClient = (
  options: PostHogClient.PostHogOptions
): Layer.Layer<Services, never, HttpClient.HttpClient> => servicesOver(PostHogClient.layerHttpClient(options))

/**
 * Reads the environment (through `Config`, so another `ConfigProvider` can stand in) and resolves it with
 * `overrides` through the same resolver the CLI and MCP server use; `overrides` win.
 */
const configured = <R>(
  build: (options: PostHogClient.PostHogOptions) => Layer.Layer<Services, never, R>,
  overrides: Partial<PostHogClient.PostHogOptions> | undefined
): Layer.Layer<Services, HogkitError, R> =>
  Layer.unwrap(
    Effect.gen(function* () {
      const fail = (detail: string) =>
        Effect.fail(new HogkitError({ operation: "PostHog.layerConfig", reason: configError(detail) }))
      const env: Record<string, string> = {}
      for (const name of Object.values(ENV)) {
        const value = yield* Effect.catchTag(Config.option(Config.String(name)), "ConfigError", (e) =>
          fail(`Could not read the configuration: ${e.message}`)
        )
        if (Option.isSome(value)) env[name] = value.value
      }
      const options = optionsFromEnvironment(overrides, env, "PostHog.layerConfig")
      if (options instanceof HogkitError) return yield* Effect.fail(options)
      return build(options)
    })
  )

/**
 * Reads the environment (through `Config`) and builds the same layer as `layer`. `overrides` win over the
 * environment (an adapter passes its flags here). A missing key fails with a `ConfigError` reason naming
 * the variable to set.
 *
 * @category layers
 */
export const layerConfig = (
  overrides?: Partial<PostHogClient.PostHogOptions>
): Layer.Layer<Services, HogkitError> => configured(layer, overrides)

/**
 * `layerConfig`, sending through the `HttpClient` in context (see `layerHttpClient`).
 *
 * @category layers
 */
export const layerConfigHttpClient = (
  overrides?: Partial<PostHogClient.PostHogOptions>
): Layer.Layer<Services, HogkitError, HttpClient.HttpClient> => configured(layerHttpClient, overrides)
