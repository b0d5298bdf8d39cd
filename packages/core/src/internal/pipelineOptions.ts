/**
 * What the pipeline makes of `PostHogOptions` before any request: the key, the host and project (or why
 * they are unusable), the timeouts and the retry policy.
 * Options are checked here once, but a bad one is reported on the first call rather than thrown at
 * construction, so building a layer never fails and every call says what is wrong.
 */
import * as Duration from "effect/Duration"
import * as Redacted from "effect/Redacted"
import { ENV } from "../config/Environment.js"
import { DEFAULT_HOST, resolveHost as resolveConnectionHost } from "../config/Host.js"
import { missingKeyMessage, OPTION_NAMES } from "../config/Resolver.js"
import type { HogkitErrorReason } from "../Errors.js"
import type { PostHogOptions, RetryWait } from "../PostHogClient.js"
import * as Mapping from "./errorMapping.js"
import { defaultRetryPolicy, type RetryPolicy } from "./retry.js"
import { VERSION } from "./version.js"

/** The options, checked and with their defaults filled in. */
export interface PipelineSettings {
  /** The key as given, in plain text: the headers need it, and errors are scrubbed of it. */
  readonly keyText: string
  /** Why no call can be sent (bad host, empty key, bad project id), or `undefined` when all is well. */
  readonly setupError: HogkitErrorReason | undefined
  /** The origin; the default host when the given one is unusable (every call then fails with `setupError`). */
  readonly baseUrl: string
  readonly projectId: number | "@current"
  /** Time allowed for one attempt (named as in `PostHogOptions`, like the fields below). */
  readonly timeout: Duration.Duration
  readonly totalTimeout: Duration.Duration
  readonly retry: RetryPolicy
  readonly pageConcurrency: number
  readonly userAgent: string
  readonly onRetryWait: ((wait: RetryWait) => (() => void) | undefined) | undefined
}

/** `us`/`eu` shorthands, a bare host name, or a URL → an origin without a trailing slash, or why not. */
const hostOf = (options: PostHogOptions, keyText: string): string | HogkitErrorReason => {
  try {
    return resolveConnectionHost(options.host, {
      source: OPTION_NAMES.host,
      allowInsecureHttp: options.allowInsecureHttp,
      insecureHint: OPTION_NAMES.allowInsecureHttp,
      apiKey: keyText
    })
  } catch (error) {
    return Mapping.configError(error instanceof Error ? error.message : String(error))
  }
}

/** A duration option, or the fallback when it is absent or not a duration. */
export const durationOr = (
  input: Duration.Input | undefined,
  fallback: Duration.Duration
): Duration.Duration => {
  if (input === undefined) return fallback
  const d = Duration.fromInput(input)
  return d._tag === "Some" ? d.value : fallback
}

export const pipelineSettings = (options: PostHogOptions): PipelineSettings => {
  const apiKey = Redacted.isRedacted(options.apiKey) ? options.apiKey : Redacted.make(options.apiKey)
  const keyText = Redacted.value(apiKey)
  const host = hostOf(options, keyText)
  const projectId = options.projectId ?? "@current"
  const setupError: HogkitErrorReason | undefined =
    typeof host !== "string"
      ? host
      : keyText.trim() === ""
        ? Mapping.configError(missingKeyMessage(["pass apiKey"]))
        : projectId !== "@current" && !(Number.isInteger(projectId) && projectId > 0)
          ? Mapping.configError(
              `Project id ${String(projectId)} is not valid: use a positive integer or "@current" (${ENV.projectId}).`
            )
          : undefined
  return {
    keyText,
    setupError,
    baseUrl: typeof host === "string" ? host : DEFAULT_HOST,
    projectId,
    timeout: durationOr(options.timeout, Duration.seconds(30)),
    totalTimeout: durationOr(options.totalTimeout, Duration.seconds(120)),
    retry: {
      maxRetries: Math.max(0, Math.floor(options.retry?.maxRetries ?? defaultRetryPolicy.maxRetries)),
      baseDelay: durationOr(options.retry?.baseDelay, defaultRetryPolicy.baseDelay),
      maxDelay: durationOr(options.retry?.maxDelay, defaultRetryPolicy.maxDelay)
    },
    pageConcurrency: Math.max(1, Math.floor(options.pageConcurrency ?? 8)),
    userAgent: options.userAgent ?? `hogkit/${VERSION}`,
    onRetryWait: options.onRetryWait
  }
}
