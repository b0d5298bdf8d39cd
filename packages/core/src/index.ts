/**
 * `@hogkit/core`: an Effect SDK for PostHog's comments, dashboard templates, dashboards and dashboard
 * sharing. `PostHog.layer` (or `PostHog.layerConfig`) provides the four services over one HTTP pipeline;
 * every failure is a `HogkitError` with a typed `reason`. The zod wire schemas live in
 * `@hogkit/core/schema`, the Promise facade in `@hogkit/core/promise`.
 *
 * @since 0.1.0
 */

/** Who is calling: the key's user and the key itself. */
export { Account, type Service as AccountService } from "./Account.js"
/** What each PostHog operation means: one entry per operation, which the services and adapters derive from. */
export * as Catalogue from "./Catalogue.js"
/** The comments service (`yield* Comments`, `Comments.use(...)`). */
export { Comments, type Service as CommentsService } from "./Comments.js"
/** The dashboards service. */
export { Dashboards, type DeleteDashboardOptions, type Service as DashboardsService } from "./Dashboards.js"
/** The dashboard templates service. */
export {
  type CopyBetweenProjectsInput,
  DashboardTemplates,
  type Service as DashboardTemplatesService
} from "./DashboardTemplates.js"
/** The error and its reasons. */
export * from "./Errors.js"
/** What to tell a person or an agent about a failure: `describeFailure(error, renderer)`. */
export {
  type AdviceRenderer,
  type ConnectionSetting,
  describeFailure,
  type FailureAdvice
} from "./FailureAdvice.js"
/** What comes after a page: `Paging.nextOffsetParams`, `Paging.nextCursorParams`, positions for readers that resume. */
export * as Paging from "./Paging.js"
/** Layers that provide everything: `PostHog.layer(options)`, `PostHog.layerConfig(overrides)`. */
export * as PostHog from "./PostHog.js"
/** The HTTP pipeline and escape hatch. */
export {
  type CallOptions,
  type HttpMethod,
  PostHogClient,
  type PostHogOptions,
  type PostHogRequest,
  /** Every item of any paginated endpoint, following `next`: `paginate({ operation, method: "GET", path })`. */
  paginate,
  type QueryValue,
  type RetryWait,
  type Service as PostHogClientService
} from "./PostHogClient.js"
/** The sharing service. */
export { type Service as SharingService, Sharing } from "./Sharing.js"
/** The zod wire schemas, also at `@hogkit/core/schema`. */
export * as Schema from "./schema/index.js"
