/**
 * The endpoints the proxy forwards: exactly the catalogue operations the widgets call, with the methods
 * and id shapes the catalogue gives them. Everything else is a 404, so a leaked proxy URL can do only
 * what the widgets can do. Which operations the widgets call is this package's own choice
 * (`WIDGET_OPERATIONS`); what each of them is — method, path, ids, whether it reads — is core's.
 */
import { Catalogue } from "@hogkit/core"

type Method = Catalogue.Operation["method"]

/** The operations the widgets call, by catalogue name. */
export const WIDGET_OPERATIONS: ReadonlyArray<string> = [
  "Comments.list",
  "Comments.count",
  "Comments.get",
  "Comments.create",
  "Comments.update",
  "Comments.delete",
  "Comments.restore",
  "Comments.complete",
  "Comments.reopen",
  "Comments.thread",
  "Dashboards.list",
  "Dashboards.get",
  "Dashboards.create",
  "Dashboards.delete",
  "Dashboards.restore",
  "Sharing.get",
  "Sharing.update",
  "Sharing.refresh",
  "Sharing.createPassword",
  "Sharing.deletePassword",
  "DashboardTemplates.list",
  "DashboardTemplates.get",
  "DashboardTemplates.copyBetweenProjects",
  "Account.currentUser"
]

/**
 * The operations browsers never reach through the proxy, and why: a new catalogue operation must be put in
 * one list or the other (the proxy's tests check), so nothing is exposed by accident.
 */
export const NOT_FOR_BROWSERS: Readonly<Record<string, string>> = {
  "Dashboards.update":
    "the widgets edit no dashboard (the same PATCH path is open for delete and restore, which the proxy cannot tell apart by path)",
  "DashboardTemplates.create": "templates are authored with the CLI or SDK",
  "DashboardTemplates.update": "templates are authored with the CLI or SDK",
  "DashboardTemplates.delete": "templates are authored with the CLI or SDK",
  "DashboardTemplates.restore": "templates are authored with the CLI or SDK",
  "DashboardTemplates.jsonSchema": "only authoring tools need the schema",
  "Account.currentKey": "the key's scopes are the server's business, not the page's"
}

interface Route {
  readonly pattern: RegExp
  readonly methods: ReadonlyArray<Method>
  /** The widget operations on this path, which the proxy checks a write's body against. */
  readonly operations: ReadonlyArray<Catalogue.Operation>
  /** Read on the extra read-only projects too (templates to copy from another project). */
  readonly readableElsewhere: boolean
}

const idPattern: Record<Catalogue.IdKind, string> = {
  integer: "[0-9]{1,12}",
  uuid: "[0-9a-fA-F-]{36}",
  string: "[A-Za-z0-9_-]{1,64}"
}

/** One route per path template, with the methods of every widget operation on it. */
const buildRoutes = (root: "project" | "api"): ReadonlyArray<Route> => {
  const byPath = new Map<
    string,
    { methods: Set<Method>; operations: Array<Catalogue.Operation>; readableElsewhere: boolean }
  >()
  for (const name of WIDGET_OPERATIONS) {
    const op = Catalogue.operation(name)
    if (op === undefined || op.root !== root) continue
    let source = op.path.replace(/\/$/, "")
    for (const param of op.params) source = source.replace(`{${param.name}}`, idPattern[param.kind])
    const route = byPath.get(source) ?? {
      methods: new Set<Method>(),
      operations: [],
      readableElsewhere: false
    }
    route.methods.add(op.method)
    route.operations.push(op)
    route.readableElsewhere ||= op.crossProject === true && op.kind === "read"
    byPath.set(source, route)
  }
  return [...byPath].map(([source, route]) => ({
    pattern: new RegExp(`^${source}$`),
    methods: [...route.methods],
    operations: route.operations,
    readableElsewhere: route.readableElsewhere
  }))
}

// Paths are relative to /api/projects/:project_id/ (or /api/ for global ones) and matched with and
// without the trailing slash.
const routes = buildRoutes("project")
const globalRoutes = buildRoutes("api")

export type RouteMatch =
  | {
      readonly _tag: "Allowed"
      readonly upstreamPath: string
      /** The widget operations this path and method may be (several PATCHes share a path: edit, delete, restore). */
      readonly operations: ReadonlyArray<Catalogue.Operation>
    }
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
    const route = routes.find((r) => r.pattern.test(sub) && (own || r.readableElsewhere))
    if (!route) return { _tag: "NotFound" }
    const methods = own ? route.methods : route.methods.filter((m) => m === "GET")
    if (!methods.includes(method as Method)) return { _tag: "MethodNotAllowed", allow: methods }
    return {
      _tag: "Allowed",
      upstreamPath: `/api/projects/${id}/${sub}/`,
      operations: route.operations.filter((op) => op.method === method)
    }
  }
  const global = /^\/api\/(.+)$/.exec(apiPath)
  if (global) {
    const sub = stripSlash(global[1] ?? "")
    const route = globalRoutes.find((r) => r.pattern.test(sub))
    if (!route) return { _tag: "NotFound" }
    if (!route.methods.includes(method as Method)) return { _tag: "MethodNotAllowed", allow: route.methods }
    return {
      _tag: "Allowed",
      upstreamPath: `/api/${sub}/`,
      operations: route.operations.filter((op) => op.method === method)
    }
  }
  return { _tag: "NotFound" }
}
