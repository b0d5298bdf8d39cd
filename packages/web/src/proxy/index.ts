/**
 * `@hogkit/web/proxy`: the server-side half of the widgets. It keeps the PostHog personal API key on the
 * server and forwards only the endpoints the widgets use.
 */
export { type NodeHandlerOptions, toNodeHandler } from "./NodeHandler.js"
export { createProxyHandler, type ProxyHandler, type ProxyOptions } from "./ProxyHandler.js"
