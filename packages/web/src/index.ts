/**
 * `@hogkit/web`: custom elements for PostHog discussions, dashboards, dashboard templates and sharing.
 * Importing this module defines all four elements; each also has its own entry in `dist/browser/`.
 * The widgets talk only to the proxy from `@hogkit/web/proxy`, never to PostHog with a key.
 */
export { type CommentsStrings, defaultCommentsStrings, HogkitComments } from "./HogkitComments.js"
export { type DashboardsStrings, defaultDashboardsStrings, HogkitDashboards } from "./HogkitDashboards.js"
export {
  defaultTemplatesStrings,
  HogkitDashboardTemplates,
  type SourceProject,
  type TemplatesStrings
} from "./HogkitDashboardTemplates.js"
export { defaultSharingStrings, HogkitSharing, type SharingStrings } from "./HogkitSharing.js"
export { type CommonStrings, commonStrings } from "./internal/HogkitElement.js"
