/**
 * `@hogkit/web/proxy`: the server-side half of the widgets. It keeps the PostHog personal API key on the
 * server and forwards only the endpoints the widgets use.
 */
export { LOOPBACK_HOSTS } from "./AllowedHosts.js"
export type { ProxyBudget } from "./Budget.js"
export { MAX_PAGE_LIMIT } from "./Limits.js"
export { type NodeHandlerOptions, toNodeHandler } from "./NodeHandler.js"
export { type ClientInfo, createProxyHandler, type ProxyHandler, type ProxyOptions } from "./ProxyHandler.js"
