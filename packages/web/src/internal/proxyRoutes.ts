/**
 * The endpoints the widgets call, with the methods they use. The proxy forwards these and nothing else,
 * so a leaked proxy URL can only do what the widgets can do.
 */

type Method = "GET" | "POST" | "PATCH" | "DELETE"

interface Route {
  readonly pattern: RegExp
  readonly methods: ReadonlyArray<Method>
  /** Also allowed on the extra read-only projects (templates to copy from another project). */
  readonly readableElsewhere?: boolean
}

const uuid = "[0-9a-fA-F-]{36}"
const int = "[0-9]{1,12}"

// Paths are relative to /api/projects/:project_id/ and matched with and without the trailing slash.
const routes: ReadonlyArray<Route> = [
  { pattern: /^comments$/, methods: ["GET", "POST"] },
  { pattern: /^comments\/count$/, methods: ["GET"] },
  { pattern: new RegExp(`^comments/${uuid}$`), methods: ["GET", "PATCH"] },
  { pattern: new RegExp(`^comments/${uuid}/thread$`), methods: ["GET"] },
  { pattern: new RegExp(`^comments/${uuid}/(complete|reopen)$`), methods: ["POST"] },
  { pattern: /^dashboards$/, methods: ["GET", "POST"] },
  { pattern: new RegExp(`^dashboards/${int}$`), methods: ["GET", "PATCH"] },
  { pattern: new RegExp(`^dashboards/${int}/sharing$`), methods: ["GET", "PATCH"] },
  { pattern: new RegExp(`^dashboards/${int}/sharing/refresh$`), methods: ["POST"] },
  { pattern: new RegExp(`^dashboards/${int}/sharing/passwords$`), methods: ["POST"] },
  { pattern: new RegExp(`^dashboards/${int}/sharing/passwords/[A-Za-z0-9_-]{1,64}$`), methods: ["DELETE"] },
  { pattern: /^dashboard_templates$/, methods: ["GET"], readableElsewhere: true },
  { pattern: new RegExp(`^dashboard_templates/${uuid}$`), methods: ["GET"] },
  { pattern: /^dashboard_templates\/copy_between_projects$/, methods: ["POST"] }
]

/** Routes outside a project: who the key belongs to, so the widgets know which comments are "yours". */
const globalRoutes: ReadonlyArray<Route> = [{ pattern: /^users\/@me$/, methods: ["GET"] }]

export type RouteMatch =
  | { readonly _tag: "Allowed"; readonly upstreamPath: string }
  | { readonly _tag: "NotFound" }
  | { readonly _tag: "MethodNotAllowed"; readonly allow: ReadonlyArray<Method> }

export interface RouteContext {
  readonly projectId: number
  readonly readableProjects: ReadonlySet<number>
}

const stripSlash = (s: string) => (s.endsWith("/") ? s.slice(0, -1) : s)

/** Matches the part of the request path starting at `/api/`; whatever comes before it is the mount prefix. */
export const matchRoute = (apiPath: string, method: string, ctx: RouteContext): RouteMatch => {
  // Reject anything that could walk out of the allowed tree once a server normalises it.
  if (/(^|\/)\.\.?(\/|$)|%2e|%2f|%5c|\\|\/\//i.test(apiPath)) return { _tag: "NotFound" }
  const project = /^\/api\/projects\/([^/]+)\/(.+)$/.exec(apiPath)
  if (project) {
    const [, rawProject = "", rest = ""] = project
    const id =
      rawProject === "@current" ? ctx.projectId : /^[0-9]{1,12}$/.test(rawProject) ? Number(rawProject) : NaN
    const own = id === ctx.projectId
    if (!own && !ctx.readableProjects.has(id)) return { _tag: "NotFound" }
    const sub = stripSlash(rest)
    const route = routes.find((r) => r.pattern.test(sub) && (own || r.readableElsewhere === true))
    if (!route) return { _tag: "NotFound" }
    const methods = own ? route.methods : route.methods.filter((m) => m === "GET")
    if (!methods.includes(method as Method)) return { _tag: "MethodNotAllowed", allow: methods }
    return { _tag: "Allowed", upstreamPath: `/api/projects/${id}/${sub}/` }
  }
  const global = /^\/api\/(.+)$/.exec(apiPath)
  if (global) {
    const sub = stripSlash(global[1] ?? "")
    const route = globalRoutes.find((r) => r.pattern.test(sub))
    if (!route) return { _tag: "NotFound" }
    if (!route.methods.includes(method as Method)) return { _tag: "MethodNotAllowed", allow: route.methods }
    return { _tag: "Allowed", upstreamPath: `/api/${sub}/` }
  }
  return { _tag: "NotFound" }
}
