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
  /** A write that may wait until the next statement anyone runs (see `Database.defer`). */
  readonly defer: (key: string, sql: string, params: ReadonlyArray<unknown>) => void
  /** Records that this read changed what readers see (see `Database.marks`); writes need not call it. */
  readonly mark: () => void
  /** `compute`'s result, remembered under `key` until the next write (see QueryMemo). */
  readonly memo: <T>(key: string, compute: () => Promise<T>) => Promise<T>
}

export interface Reply {
  readonly status: number
  /** `undefined` renders as an empty body, like PostHog's `Response(status=...)` without data. */
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
  /** The body already rendered as JSON bytes (a cached answer); sent as is instead of `body`. */
  readonly json?: Buffer
}

/**
 * How a GET's answer may be reused until the next write (see ResponseCache). Only reads whose answer
 * depends on nothing but stored rows, the caller and the URL opt in.
 */
export interface CachePolicy {
  /**
   * A top-level body field that every request sets to "now" (and may record): `renew` does what the
   * request would have done and returns the field's new value as JSON.
   */
  readonly stamp?: { readonly field: string; readonly renew: (ctx: Ctx) => Promise<string> }
  /**
   * The answer shows fields that reads change (dashboard lists show `last_accessed_at`): it is also
   * dropped whenever a read marks something (`Database.marks`), not only on writes.
   */
  readonly showsMarks?: boolean
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
  /** Absent: the answer is computed afresh every time. */
  readonly cache?: CachePolicy
}

export interface Route {
  /** Path segments after `/api/projects/:project_id/`; `:name` segments capture. */
  readonly path: ReadonlyArray<string>
  readonly methods: Readonly<Partial<Record<string, Action>>>
}

export const json = (status: number, body: unknown): Reply => ({ status, body })
