/**
 * `@hogkit/core/requests`: the one-request operations of the four resources, without their streams, over
 * one pipeline. For code that must stay small — the browser widgets — since a bundle built from this entry
 * never carries Effect's `Stream` (about 7 KB gzipped). The operations are the very ones the services
 * offer (the services are built from them), with the same validation, retries, errors and spans.
 *
 * @example
 * ```ts
 * import { Effect, ManagedRuntime } from "effect"
 * import { clientLayer, dashboards, PostHogClient } from "@hogkit/core/requests"
 *
 * const runtime = ManagedRuntime.make(clientLayer({ apiKey: "phx_…", host: "eu" }))
 * const page = runtime.runPromise(Effect.flatMap(PostHogClient, (c) => dashboards(c).list()))
 * ```
 *
 * @since 0.2.0
 */
export { type Requests as AccountRequests, requests as account } from "./Account.js"
export { type Requests as CommentsRequests, requests as comments } from "./Comments.js"
export { type Requests as DashboardsRequests, requests as dashboards } from "./Dashboards.js"
export {
  type Requests as DashboardTemplatesRequests,
  requests as dashboardTemplates
} from "./DashboardTemplates.js"
export { HogkitError, type HogkitErrorReason, isHogkitError } from "./Errors.js"
export {
  type AdviceRenderer,
  type ConnectionSetting,
  describeFailure,
  type FailureAdvice
} from "./FailureAdvice.js"
export {
  layer as clientLayer,
  PostHogClient,
  type PostHogOptions,
  type Service as PostHogClientService
} from "./PostHogClient.js"
export { type Requests as SharingRequests, requests as sharing } from "./Sharing.js"
