/**
 * The shape of a catalogue entry. Kept apart from the entries so the resource files and the catalogue's
 * functions can both import it without importing each other.
 */
import type * as z from "zod"
import type { StandardSchema } from "../internal/standardSchema.js"

/** The services, one per PostHog resource family. @category models */
export type ServiceName = "Comments" | "DashboardTemplates" | "Dashboards" | "Sharing" | "Account"

/** The objects operations act on. @category models */
export type ResourceName =
  | "comment"
  | "dashboard_template"
  | "dashboard"
  | "sharing_configuration"
  | "share_password"
  | "user"
  | "personal_api_key"

/**
 * What an operation does to PostHog's data: `read` changes nothing; `write` creates or edits; `destructive`
 * can delete, soft-delete, overwrite or invalidate something people rely on (a public link). @category models
 */
export type OperationKind = "read" | "write" | "destructive"

/** How a list operation pages: `offset` (limit/offset, with `count`), `cursor` (follow `next`), or not at all. @category models */
export type PageShape = "offset" | "cursor" | "none"

/** What an id looks like: dashboards use positive integers, comments and templates UUIDs, passwords either. @category models */
export type IdKind = "integer" | "uuid" | "string"

/** An id that goes into the path. @category models */
export interface PathParam {
  /** The placeholder in `path` and the argument name adapters use (`id`, `dashboard_id`, `password_id`). */
  readonly name: string
  readonly kind: IdKind
  /** How messages name it: `dashboard id`. */
  readonly label: string
  /** The resource whose id it is. */
  readonly resource: ResourceName
}

/** The facts of one resource, shared by all its operations. @category models */
export interface Resource {
  readonly name: ResourceName
  /** Lower-case words: `dashboard template`. */
  readonly singular: string
  readonly plural: string
  /** The field holding the object's id, if it has one. */
  readonly idField?: string | undefined
  readonly idKind?: IdKind | undefined
  /** The field a person would call the object by (`name`, `template_name`). */
  readonly titleField?: string | undefined
  /** Fields PostHog sets itself: never offered as inputs, dropped by exports. */
  readonly serverManaged: ReadonlyArray<string>
  /**
   * Dotted paths of fields holding text a person wrote (`[]` walks an array): content that may carry
   * instructions aimed at an agent, so agent-facing adapters mark it as data.
   */
  readonly userText: ReadonlyArray<string>
  /** Fields too large for a summary (tiles, rich content): adapters leave them out of lists unless asked. */
  readonly bulky: ReadonlyArray<string>
  /** The object's page in PostHog's UI, relative to the project (`/dashboard/42`). */
  readonly uiPath?: ((object: Readonly<Record<string, unknown>>) => string | undefined) | undefined
  /** The page in PostHog's UI that lists these objects, relative to the project (`/dashboard`). */
  readonly uiListPath?: string | undefined
}

/** One PostHog operation. @category models */
export interface Operation {
  /** `Service.verb`, the name errors and spans carry: `Dashboards.create`. */
  readonly name: string
  readonly service: ServiceName
  /** The service method: `create`. */
  readonly verb: string
  /** What it does, in lower-case words that finish "Could not …": `create a dashboard`. */
  readonly summary: string
  /** One or two sentences for people and agents: what it does and what to know before calling it. */
  readonly description: string
  readonly resource: Resource
  readonly method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE"
  /**
   * The path, relative to `/api/projects/<project>/` when `root` is `project`, or to `/api/` when `root`
   * is `api`, with `{name}` placeholders for `params`.
   */
  readonly path: string
  readonly root: "project" | "api"
  readonly params: ReadonlyArray<PathParam>
  /**
   * The personal API key scope the action needs (`dashboard:write`), as PostHog's API docs give it;
   * `undefined` where any valid key may call it.
   */
  readonly requiredScope: string | undefined
  /**
   * `sessionOnly`: PostHog's code derives no API-key scope for this action and refuses personal API keys
   * ("This action does not support personal API key access"), although its docs list it with
   * `requiredScope`; the emulator follows the docs unless `--strict-posthog`.
   */
  readonly apiKeyAccess: "allowed" | "sessionOnly"
  readonly kind: OperationKind
  /** Sending it twice leaves PostHog as sending it once: safe to retry even when the first try may have landed. */
  readonly idempotent: boolean
  readonly page: PageShape
  /** The query parameters it accepts (strict). */
  readonly query?: z.ZodType | undefined
  /** The body it accepts (strict), when the caller writes one. */
  readonly body?: z.ZodType | undefined
  /** A body the operation always sends (soft delete: `{ deleted: true }`). */
  readonly fixedBody?: Readonly<Record<string, unknown>> | undefined
  /** Body fields the operation manages itself, never offered as inputs (`deleted` on create). */
  readonly hiddenInputs?: ReadonlyArray<string> | undefined
  /** The response, decoded leniently; `undefined` for an empty answer. */
  readonly response?: StandardSchema | undefined
  /**
   * For operations whose destructiveness depends on the input (an update that may soft-delete, sharing
   * that may be turned off): why this input destroys something, or `undefined` when it does not. Absent on
   * operations that always destroy (see `destroysAlways`) or never do.
   */
  readonly destroys?: ((input: Readonly<Record<string, unknown>>) => string | undefined) | undefined
  /** For operations that always destroy: what is lost, e.g. `soft-deletes the dashboard`. */
  readonly destroysAlways?: string | undefined
  /** The operation that undoes this one (`Comments.delete` → `Comments.restore`). */
  readonly undo?: string | undefined
  /** Whether a call may name another project than the client's (`{ projectId }` in the call options). */
  readonly crossProject?: boolean | undefined
}
