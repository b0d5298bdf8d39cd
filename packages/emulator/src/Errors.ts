/**
 * PostHog's error bodies, as `posthog.exceptions.exception_handler` (drf-exceptions-hog) renders them:
 * one flat `{type, code, detail, attr}` object describing the first error only.
 */

/** An error the emulator answers with, exactly as PostHog would. `body: undefined` means an empty body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Readonly<Record<string, string>> = {}
  ) {
    super(
      typeof body === "object" && body !== null && "detail" in body ? String(body.detail) : `HTTP ${status}`
    )
  }
}

const body = (type: string, code: string, detail: string, attr: string | null = null) => ({
  type,
  code,
  detail,
  attr
})

/** DRF's generic `invalid` code is rewritten to `invalid_input` by drf-exceptions-hog. */
export const validation = (detail: string, attr: string | null = null, code = "invalid_input") =>
  new ApiError(400, body("validation_error", code === "invalid" ? "invalid_input" : code, detail, attr))

/** DRF's `CharField(max_length=n)` message. */
export const maxLengthMessage = (n: number) => `Ensure this field has no more than ${n} characters.`

export const notFound = (detail = "Not found.") =>
  new ApiError(404, body("invalid_request", "not_found", detail))

export const projectNotFound = () => notFound("Project not found.")

export const permissionDenied = (detail = "You do not have permission to perform this action.") =>
  new ApiError(403, body("authentication_error", "permission_denied", detail))

export const missingScope = (scope: string) => permissionDenied(`API key missing required scope '${scope}'`)

export const noPersonalApiKeyAccess = () =>
  permissionDenied("This action does not support personal API key access")

export const WWW_AUTHENTICATE = "WWW-Authenticate"

const unauthorized = (code: string, detail: string, siteUrl: string) =>
  new ApiError(401, body("authentication_error", code, detail), {
    [WWW_AUTHENTICATE]: `Bearer resource_metadata="${siteUrl}/.well-known/oauth-protected-resource"`
  })

export const notAuthenticated = (siteUrl: string) =>
  unauthorized("not_authenticated", "Authentication credentials were not provided.", siteUrl)

export type KeySource = "Authorization header" | "body" | "query string"

export const invalidPersonalApiKey = (source: KeySource, siteUrl: string) =>
  unauthorized("authentication_failed", `Personal API key found in request ${source} is invalid.`, siteUrl)

export const methodNotAllowed = (method: string) =>
  new ApiError(405, body("invalid_request", "method_not_allowed", `Method "${method}" not allowed.`))

/** `ForbidDestroyModel.destroy`: 405 with no data, which PostHog renders as an empty body. */
export const forbidDestroy = () => new ApiError(405, undefined)

export const parseError = (detail: string) =>
  new ApiError(400, body("invalid_request", "parse_error", detail))

export const unsupportedMediaType = (contentType: string) =>
  new ApiError(
    415,
    body("invalid_request", "unsupported_media_type", `Unsupported media type "${contentType}" in request.`)
  )

export const tooLarge = (limit: number) =>
  new ApiError(
    413,
    body(
      "invalid_request",
      "request_too_large",
      `Request body exceeds the emulator's limit of ${limit} bytes.`
    )
  )

export const throttled = (seconds: number) =>
  new ApiError(
    429,
    body(
      "throttled_error",
      "throttled",
      `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? "" : "s"}.`
    )
  )

export const serverErrorBody = () => body("server_error", "error", "A server error occurred.")

export const serverError = () => new ApiError(500, serverErrorBody())

export const databaseUnavailable = () =>
  new ApiError(
    503,
    body(
      "server_error",
      "database_unavailable",
      "We couldn't reach the database just now. Please try again in a moment."
    ),
    { "Retry-After": "1" }
  )

/** `LimitExceeded`: PostHog's 402 with an `extra` object. */
export const limitExceeded = (extra: Record<string, unknown>) =>
  new ApiError(402, { ...body("limit_exceeded", "limit_exceeded", "Resource limit exceeded."), extra })

/** The sharing password endpoints answer with a non-standard `{"error": "..."}` body. */
export const adHoc = (status: number, error: string) => new ApiError(status, { error })
