/**
 * MCP resources: dashboards, dashboard templates and comment threads addressed as
 * `posthog://projects/{project}/…`, for clients that let a user attach PostHog objects to a conversation.
 * A resource is read through the read-only tool that returns the same object, so its contents carry the
 * same shaping, `_posthogUrl` links and `_user_data` notes as a tool result; a template is offered only
 * when the server offers the tool it reads through. Listing resources and templates is static: nothing
 * here loads Effect or `@hogkit/core` before the first read.
 */
import {
  ErrorCode,
  McpError,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate
} from "@modelcontextprotocol/sdk/types.js"

export const SCHEME = "posthog"

/** How a resource is read: which tool, with which arguments, from the URI's path and query. */
interface Route {
  readonly template: ResourceTemplate
  /** The path after `posthog://projects/{project}/`, as segments; `{id}` matches one segment. */
  readonly path: ReadonlyArray<string>
  readonly tool: string
  /** The query parameters the URI may carry (`{?search}`), passed to the tool as arguments. */
  readonly query?: ReadonlyArray<string>
  readonly args: (id: string | undefined, query: Record<string, string>) => Record<string, unknown>
}

const JSON_TYPE = "application/json"

const route = (
  uriTemplate: string,
  name: string,
  description: string,
  tool: string,
  args: Route["args"],
  query?: ReadonlyArray<string>
): Route => {
  const path = uriTemplate
    .replace(/^posthog:\/\/projects\/\{project\}\//, "")
    .replace(/\{\?[^}]*\}$/, "")
    .split("/")
  return {
    template: { uriTemplate, name, description, mimeType: JSON_TYPE },
    path,
    tool,
    args,
    ...(query ? { query } : {})
  }
}

const ROUTES: ReadonlyArray<Route> = [
  route(
    "posthog://projects/{project}/dashboards{?search}",
    "dashboards",
    "A project's dashboards (first 20; search filters by name or description), as dashboards-get-all returns them.",
    "dashboards-get-all",
    (_, q) => q,
    ["search"]
  ),
  route(
    "posthog://projects/{project}/dashboards/{id}",
    "dashboard",
    "One dashboard with its tiles, as dashboard-get returns it.",
    "dashboard-get",
    (id) => ({ id })
  ),
  route(
    "posthog://projects/{project}/dashboards/{id}/comments",
    "dashboard-comments",
    "The comments and tasks on a dashboard (first 20, replies included), as comments-list returns them.",
    "comments-list",
    (id) => ({ scope: "Dashboard", item_id: id })
  ),
  route(
    "posthog://projects/{project}/dashboard_templates{?search}",
    "dashboard-templates",
    "A project's dashboard templates (first 20; search filters by name, description or tags), as dashboard-templates-list returns them.",
    "dashboard-templates-list",
    (_, q) => q,
    ["search"]
  ),
  route(
    "posthog://projects/{project}/dashboard_templates/{id}",
    "dashboard-template",
    "One dashboard template with its tiles, as dashboard-templates-retrieve returns it.",
    "dashboard-templates-retrieve",
    (id) => ({ id })
  ),
  route(
    "posthog://projects/{project}/comments/{id}/thread",
    "comment-thread",
    "A comment and its replies (first 20), as comment-thread returns them.",
    "comment-thread",
    (id) => ({ id })
  )
]

/** The resource URI of a listing or an object in a project, e.g. `posthog://projects/1/dashboards/42`. */
export const resourceUri = (project: number | "@current", ...path: ReadonlyArray<string | number>): string =>
  `${SCHEME}://projects/${project}/${path.join("/")}`

/** The resource templates a server offering `tools` lists. */
export const resourceTemplates = (tools: ReadonlySet<string>): ReadonlyArray<ResourceTemplate> =>
  ROUTES.filter((r) => tools.has(r.tool)).map((r) => r.template)

/** The concrete resources listed: the configured project's dashboards and templates, when offered. */
export const listedResources = (
  tools: ReadonlySet<string>,
  project: number | "@current"
): ReadonlyArray<Resource> => {
  const where = project === "@current" ? "the configured project" : `project ${project}`
  const out: Array<Resource> = []
  if (tools.has("dashboards-get-all"))
    out.push({
      uri: resourceUri(project, "dashboards"),
      name: "dashboards",
      title: `Dashboards in ${where}`,
      mimeType: JSON_TYPE
    })
  if (tools.has("dashboard-templates-list"))
    out.push({
      uri: resourceUri(project, "dashboard_templates"),
      name: "dashboard-templates",
      title: `Dashboard templates in ${where}`,
      mimeType: JSON_TYPE
    })
  return out
}

/** A tool call a resource read amounts to: which tool, its arguments, and the project it runs in. */
export interface ResourceCall {
  readonly tool: string
  readonly args: Record<string, unknown>
  /** undefined: the configured project. */
  readonly project: number | undefined
}

const unknownResource = (uri: string, why: string): McpError =>
  new McpError(
    -32002,
    `Resource ${uri} not found: ${why} This server's resources: ${ROUTES.map((r) => r.template.uriTemplate).join(", ")} ({project} is a project id, or @current for the configured one).`
  )

/** The tool call that reads `uri`, or an McpError saying what is wrong with the URI. */
export const resolveResource = (uri: string, tools: ReadonlySet<string>): ResourceCall => {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    throw unknownResource(uri, "it is not a URI.")
  }
  if (url.protocol !== `${SCHEME}:` || url.hostname !== "projects") {
    throw unknownResource(uri, `hogkit-mcp's resources start with ${SCHEME}://projects/.`)
  }
  const [projectSegment, ...rest] = url.pathname.replace(/^\//, "").replace(/\/$/, "").split("/")
  const project =
    projectSegment === "@current"
      ? undefined
      : /^[1-9]\d{0,15}$/.test(projectSegment ?? "")
        ? Number(projectSegment)
        : Number.NaN
  if (Number.isNaN(project)) {
    throw unknownResource(uri, `the project "${projectSegment ?? ""}" is neither a project id nor @current.`)
  }
  for (const r of ROUTES) {
    if (r.path.length !== rest.length || !tools.has(r.tool)) continue
    let id: string | undefined
    const matches = r.path.every((segment, i) => {
      if (segment === "{id}") {
        id = decodeURIComponent(rest[i] ?? "")
        return id.length > 0
      }
      return segment === rest[i]
    })
    if (!matches) continue
    const query: Record<string, string> = {}
    for (const [key, value] of url.searchParams) {
      if (!r.query?.includes(key)) {
        throw unknownResource(
          uri,
          `${r.template.uriTemplate} takes ${r.query ? r.query.join(", ") : "no query parameters"}, not "${key}".`
        )
      }
      query[key] = value
    }
    return { tool: r.tool, args: r.args(id, query), project }
  }
  throw unknownResource(uri, "no resource of this server has that path.")
}

/** A tool's result as the contents of a resource read; a failed read is a JSON-RPC error with the tool's sentence. */
export const asResource = (
  uri: string,
  result: { readonly content: ReadonlyArray<unknown>; readonly isError?: boolean | undefined }
): ReadResourceResult => {
  const text = (result.content[0] as { text?: string } | undefined)?.text ?? ""
  if (result.isError) throw new McpError(ErrorCode.InvalidParams, `Cannot read ${uri}: ${text}`)
  return { contents: [{ uri, mimeType: JSON_TYPE, text }] }
}
