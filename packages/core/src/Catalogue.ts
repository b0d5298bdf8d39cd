/**
 * What each PostHog operation means, written once. One entry per operation: the service method that runs
 * it, its HTTP method and path, the id it takes, the API-key scope PostHog requires, whether it reads,
 * writes or destroys, whether sending it twice is harmless, how its lists page, its request and response
 * schemas, and the facts of the resource it acts on (server-managed fields, user-written text, bulky
 * fields, where the object lives in PostHog's UI).
 *
 * The services are built from these entries (`Dashboards.get` runs `Catalogue.operation("Dashboards.get")`),
 * and every adapter derives from them rather than knowing PostHog itself: an MCP tool's annotations and
 * input schema, a CLI command's wording and confirmation, the web proxy's allow-list, the docs' tables.
 * Core knows no adapter: names such as a CLI command or an MCP tool are the adapters' own vocabulary, kept
 * in each adapter and checked against this list by their tests.
 *
 * @example
 * ```ts
 * import { Catalogue } from "@hogkit/core"
 *
 * const op = Catalogue.operation("Dashboards.update")
 * op?.kind              // "destructive": a PATCH with `deleted: true` soft-deletes
 * op?.destroys?.({ deleted: true }) // "soft-deletes the dashboard"
 * Catalogue.uiUrl("dashboard", { id: 42 }, { host: "https://us.posthog.com", projectId: 1 })
 * // "https://us.posthog.com/project/1/dashboard/42"
 * ```
 *
 * @since 0.3.0
 */
import type * as z from "zod"
import { currentKey, currentUser } from "./catalogue/Account.js"
import { comments } from "./catalogue/Comments.js"
import { dashboards } from "./catalogue/Dashboards.js"
import { dashboardTemplates } from "./catalogue/DashboardTemplates.js"
import type { Operation, Resource, ResourceName } from "./catalogue/model.js"
import { resources } from "./catalogue/resources.js"
import { sharing } from "./catalogue/Sharing.js"

export type {
  IdKind,
  Operation,
  OperationKind,
  PageShape,
  PathParam,
  Resource,
  ResourceName,
  ServiceName
} from "./catalogue/model.js"

/** Every operation hogkit offers, grouped by service in the order the docs list them. @category catalogue */
// Annotated pure so a bundle that uses only the links (the sharing widget) leaves the list out.
export const operations: ReadonlyArray<Operation> = /* @__PURE__ */ (() => [
  ...Object.values(comments),
  ...Object.values(dashboardTemplates),
  ...Object.values(dashboards),
  ...Object.values(sharing),
  currentUser,
  currentKey
])()

const byName: ReadonlyMap<string, Operation> = /* @__PURE__ */ new Map(operations.map((op) => [op.name, op]))

/**
 * The entry of one operation by its name (`"Dashboards.create"`, the `operation` of a `HogkitError`).
 * A stream's name finds the list it walks (`Dashboards.stream` → `Dashboards.list`).
 * @category catalogue
 */
export const operation = (name: string): Operation | undefined =>
  byName.get(name) ?? byName.get(name.replace(/\.stream$/, ".list").replace(/\.streamThread$/, ".thread"))

export { checkInput, type RequestCheck, type RequestInput } from "./catalogue/checkInput.js"
export { checkQueryString, type QueryCheck } from "./catalogue/checkQueryString.js"

/** The resources the operations act on. @category catalogue */
export { resources }

/** The facts of one resource. @category catalogue */
export const resource = (name: ResourceName): Resource => resources[name]

/** Where a UI or share link points: the API host and the project the object lives in. @category catalogue */
export interface LinkContext {
  /** The API origin hogkit talks to, e.g. `https://us.posthog.com` or an emulator's URL. */
  readonly host: string
  /** The object's project; `@current` links to the user's current project. */
  readonly projectId: number | "@current"
}

const trimHost = (host: string) => host.replace(/\/+$/, "")

/**
 * The page of an object in PostHog's UI, or `undefined` for a resource that has no page of its own.
 * PostHog's app lives on the same origin as its API, so the link is built on the API host; with project
 * `@current` the link leaves the project out and PostHog opens it in the user's current project.
 *
 * @category catalogue
 */
export const uiUrl = (
  name: ResourceName,
  object: Readonly<Record<string, unknown>>,
  context: LinkContext
): string | undefined => {
  const path = resources[name].uiPath?.(object)
  if (path === undefined) return undefined
  const project = context.projectId === "@current" ? "" : `/project/${context.projectId}`
  return `${trimHost(context.host)}${project}${path}`
}

/**
 * The page in PostHog's UI that lists a resource's objects (`/project/1/dashboard`), or `undefined` for a
 * resource PostHog lists nowhere. Built like {@link uiUrl}: on the API host, in the given project.
 *
 * @category catalogue
 */
export const uiListUrl = (name: ResourceName, context: LinkContext): string | undefined => {
  const path = resources[name].uiListPath
  if (path === undefined) return undefined
  const project = context.projectId === "@current" ? "" : `/project/${context.projectId}`
  return `${trimHost(context.host)}${project}${path}`
}

/**
 * The public link of a shared dashboard (`/shared/<access_token>`), or `undefined` while sharing has no
 * token (never enabled). Anyone with the link sees the dashboard, behind a password when one is required.
 *
 * @category catalogue
 */
export const shareUrl = (
  configuration: {
    readonly access_token?: string | null | undefined
    readonly enabled?: boolean | undefined
  },
  host: string
): string | undefined =>
  typeof configuration.access_token === "string" && configuration.access_token !== ""
    ? `${trimHost(host)}/shared/${encodeURIComponent(configuration.access_token)}`
    : undefined

/**
 * The fields of a request body an adapter should offer as inputs: the schema's own keys less the
 * server-managed ones and those the operation sets itself. @category catalogue
 */
export const inputFields = (op: Operation): ReadonlyArray<string> => {
  const schema = op.body as z.ZodObject | undefined
  if (!schema?.shape) return []
  const hidden = new Set([...op.resource.serverManaged, ...(op.hiddenInputs ?? [])])
  return Object.keys(schema.shape).filter((key) => !hidden.has(key))
}
