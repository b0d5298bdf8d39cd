/**
 * Turns a failed call into the one or two sentences a model can act on: which scope to add, which id
 * was wrong and where to find a valid one, how long to wait, or that a person must do it in PostHog.
 */
import * as Duration from "effect/Duration"

/** The parts of `@hogkit/core`'s HogkitError this module reads. */
interface ErrorLike {
  readonly _tag?: unknown
  readonly operation?: unknown
  readonly reason?: {
    readonly _tag: string
    readonly detail?: string
    readonly status?: number | undefined
    readonly attr?: string | null
    readonly missingScope?: string | undefined
    readonly sessionOnly?: boolean
    readonly retryAfter?: Duration.Duration | undefined
    readonly extra?: Readonly<Record<string, unknown>> | undefined
  }
}

export interface ErrorContext {
  /** Tool that failed, e.g. `dashboard-get`. */
  readonly tool: string
  /** What the tool was asked about, e.g. `dashboard 42`. */
  readonly subject?: string | undefined
  /** The tool that lists valid ids for this subject. */
  readonly listTool?: string | undefined
}

const seconds = (d: Duration.Duration | undefined): number | undefined =>
  d === undefined ? undefined : Math.max(1, Math.ceil(Duration.toMillis(d) / 1000))

const sentence = (s: string): string => {
  const t = s.trim()
  return t === "" || /[.!?]$/.test(t) ? t : `${t}.`
}

/** The message for any failure; never includes the API key (core's errors never carry it). */
export const describeFailure = (error: unknown, ctx: ErrorContext): string => {
  const e = error as ErrorLike
  if (e === null || typeof e !== "object" || e._tag !== "HogkitError" || e.reason === undefined) {
    return `${ctx.tool} failed unexpectedly inside hogkit-mcp; nothing was changed that PostHog did not confirm. Try once more, and report it if it happens again.`
  }
  const r = e.reason
  const detail = sentence(r.detail ?? "")
  switch (r._tag) {
    case "ValidationError":
      return `PostHog rejected the request${r.attr ? ` because of the argument \`${r.attr}\`` : ""}: ${detail} Fix ${r.attr ? `\`${r.attr}\`` : "the arguments"} and call ${ctx.tool} again.`
    case "AuthenticationError":
      return `PostHog did not accept the API key (401): ${detail} The user must provide a valid personal API key (POSTHOG_PERSONAL_API_KEY, or the Authorization: Bearer header over HTTP); retrying will not help.`
    case "PermissionDenied":
      if (r.sessionOnly) {
        return `PostHog does not allow this action with a personal API key: it needs a logged-in PostHog session. Ask the user to do it in the PostHog web app; retrying ${ctx.tool} will not help.`
      }
      if (r.missingScope) {
        return `The PostHog API key lacks the scope '${r.missingScope}' needed by ${ctx.tool}. Ask the user to add '${r.missingScope}' to the key (PostHog → Settings → Personal API keys); retrying will not help until then.`
      }
      return `PostHog refused ${ctx.tool} (403): ${detail} The key's user lacks access to this resource; retrying will not help.`
    case "NotFound":
      return `${ctx.subject ? `No ${ctx.subject} exists` : "Not found"} in this PostHog project (or it was deleted): ${detail}${ctx.listTool ? ` Call ${ctx.listTool} to find a valid id.` : ""}`
    case "MethodNotAllowed":
      return `PostHog does not allow this operation (405): ${detail}`
    case "LimitExceeded": {
      const limit = r.extra?.limit
      return `PostHog's resource limit was reached${limit !== undefined ? ` (limit ${String(limit)})` : ""}: ${detail} Delete something first or ask the user to raise the limit.`
    }
    case "RateLimited": {
      const wait = seconds(r.retryAfter)
      const howLong =
        wait === undefined
          ? "about a minute"
          : wait >= 120
            ? `${wait} seconds (about ${Math.round(wait / 60)} minutes)`
            : `${wait} seconds`
      return `PostHog's rate limit was hit (429). Wait ${howLong} before calling ${ctx.tool} again, and make fewer calls (use larger pages or fields).`
    }
    case "ServerError": {
      const wait = seconds(r.retryAfter)
      return `PostHog failed with a server error${r.status ? ` (${r.status})` : ""}: ${detail} Try again ${wait !== undefined ? `in ${wait} seconds` : "in a little while"}.`
    }
    case "NetworkError":
      return `${/reach/i.test(detail) ? detail : `hogkit-mcp could not reach PostHog: ${detail}`} Check POSTHOG_HOST and the network, then try again.`
    case "Timeout":
      return `PostHog did not answer in time: ${detail} Try again, perhaps with a smaller limit.`
    case "DecodeError":
      return `PostHog answered with something hogkit-mcp did not expect: ${detail} Check that POSTHOG_HOST points at a PostHog instance.`
    case "ConfigError":
      return `hogkit-mcp is misconfigured: ${detail}`
    default:
      return `${ctx.tool} failed: ${detail}`
  }
}
