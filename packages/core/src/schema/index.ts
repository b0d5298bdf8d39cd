/**
 * `@hogkit/core/schema`: the zod schemas of PostHog's wire format for comments, dashboard templates,
 * dashboards and sharing, and their inferred types. Every hogkit package (SDK, CLI, MCP server, emulator,
 * web widgets) uses these definitions; none defines a body or a filter of its own.
 */

export * from "./Account.js"
export * from "./Comments.js"
export * from "./Common.js"
export * from "./Dashboards.js"
export * from "./DashboardTemplates.js"
export * from "./Sharing.js"
