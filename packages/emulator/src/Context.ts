/** What an endpoint handler receives, and what it answers. */
import type { Caller } from "./Auth.js"
import type { Sql } from "./Database.js"
import type { OrganizationRow, TeamRow } from "./Rows.js"

export interface Ctx {
  readonly sql: Sql
  readonly method: string
  readonly query: URLSearchParams
  /** The request's absolute URL, as Django's `build_absolute_uri()` gives it. */
  readonly absoluteUrl: string
  /** The parsed request body (`{}` when there is none). */
  readonly data: () => unknown
  readonly caller: Caller
  readonly team: TeamRow
  readonly org: OrganizationRow
  readonly params: Readonly<Record<string, string>>
}

export interface Reply {
  readonly status: number
  /** `undefined` renders as an empty body, like PostHog's `Response(status=...)` without data. */
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

export interface Action {
  readonly name: string
  /**
   * The API scope a personal API key needs; `null` when PostHog derives none (the key is refused).
   * `lenient` is the scope the emulator accepts instead unless `--strict-posthog` (decisions.md point 6).
   */
  readonly scope: string | null
  readonly lenient?: string
  /**
   * The scopes this very request needs, when they depend on what it touches (comments on support
   * tickets need `ticket:*`). Defaults to `[scope]`.
   */
  readonly requiredScopes?: (
    ctx: Omit<Ctx, "caller" | "org">,
    scope: string
  ) => Promise<ReadonlyArray<string>>
  readonly handle: (ctx: Ctx) => Promise<Reply>
}

export interface Route {
  /** Path segments after `/api/projects/:project_id/`; `:name` segments capture. */
  readonly path: ReadonlyArray<string>
  readonly methods: Readonly<Partial<Record<string, Action>>>
}

export const json = (status: number, body: unknown): Reply => ({ status, body })
