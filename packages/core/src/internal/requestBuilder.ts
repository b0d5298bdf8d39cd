/**
 * Turns a `PostHogRequest` into the bytes of one attempt: the path under the project (or the configured
 * host for links PostHog returned), the query, the headers and the JSON body, refusing before sending what
 * PostHog's servers could only refuse (a bad per-call project, an over-long URL, a body that is not JSON).
 */
import { ValidationError } from "../Errors.js"
import type { PostHogRequest, QueryValue } from "../PostHogClient.js"
import type { WireRequest } from "./transport.js"

/**
 * The longest URL sent. PostHog sits behind proxies that refuse longer request lines (nginx's default is
 * 8 KB) with a 414 or 431, or by closing the connection; no valid id or query comes near it.
 */
const MAX_URL_LENGTH = 8_192

/** Joins the origin and a path with exactly one slash between them, as `HttpClientRequest.prependUrl` does. */
const joinUrl = (first: string, second: string): string => {
  const endsWithSlash = first.endsWith("/")
  const startsWithSlash = second.startsWith("/")
  if (endsWithSlash && startsWithSlash) return first + second.slice(1)
  if (!endsWithSlash && !startsWithSlash) return `${first}/${second}`
  return first + second
}

const toPairs = (query: Readonly<Record<string, QueryValue>> | undefined): Array<[string, string]> => {
  const out: Array<[string, string]> = []
  if (!query) return out
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) for (const v of value) out.push([key, String(v)])
    else out.push([key, String(value)])
  }
  return out
}

export interface RequestBuilderOptions {
  readonly baseUrl: string
  readonly projectId: number | "@current"
  readonly keyText: string
  readonly userAgent: string
}

export interface RequestBuilder {
  /** The full path a relative one resolves to, e.g. `/api/projects/1/dashboards/` (or under `project`). */
  readonly resolvePath: (path: string, project?: number) => string
  /** The path as errors show it: base path included, query left out. */
  readonly displayPath: (path: string, project?: number) => string
  /** The wire request, or why it cannot be sent. */
  readonly buildRequest: (req: PostHogRequest) => WireRequest | ValidationError
}

export const requestBuilder = ({
  baseUrl,
  projectId,
  keyText,
  userAgent
}: RequestBuilderOptions): RequestBuilder => {
  // Built once: every request carries the same headers, so they are not re-derived per call.
  const fixedHeaders: Readonly<Record<string, string>> = {
    authorization: `Bearer ${keyText}`,
    accept: "application/json",
    "user-agent": userAgent
  }
  const jsonHeaders: Readonly<Record<string, string>> = {
    ...fixedHeaders,
    "content-type": "application/json"
  }

  const projectPrefix = `/api/projects/${projectId}/`
  const prefixFor = (project: number | undefined) =>
    project === undefined ? projectPrefix : `/api/projects/${project}/`
  // A self-hosted PostHog may live under a path (https://example.com/posthog); its `next` links carry it.
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, "")
  const resolvePath = (path: string, project?: number): string => {
    if (/^https?:\/\//i.test(path)) {
      // Links PostHog returns (`next`) are followed on the configured host: a proxy may rewrite hosts,
      // and the key must never be sent anywhere else.
      let url: URL
      try {
        url = new URL(path)
      } catch {
        return path
      }
      const pathname =
        basePath !== "" && url.pathname.startsWith(`${basePath}/`)
          ? url.pathname.slice(basePath.length)
          : url.pathname
      return `${pathname}${url.search}`
    }
    return path.startsWith("/") ? path : `${prefixFor(project)}${path}`
  }

  const displayPath = (path: string, project?: number): string =>
    `${basePath}${resolvePath(path, project).split("?")[0] ?? ""}`

  const buildRequest = (req: PostHogRequest): WireRequest | ValidationError => {
    const project = req.options?.projectId
    if (project !== undefined && !(Number.isSafeInteger(project) && project > 0)) {
      return new ValidationError({
        method: req.method,
        path: displayPath(req.path),
        attr: "projectId",
        code: "invalid_input",
        detail: `Project id ${String(project)} is not valid: use a positive integer.`
      })
    }
    const full = resolvePath(req.path, project)
    const q = full.indexOf("?")
    const pathname = q === -1 ? full : full.slice(0, q)
    const path = `${basePath}${pathname}`
    let url = joinUrl(baseUrl, pathname)
    const extra = toPairs(req.query)
    if (q !== -1 || extra.length > 0) {
      // Query parameters given in `query` replace those of the same name already in the path (a `next` link).
      const overridden = new Set(extra.map(([k]) => k))
      const params = new URLSearchParams(q === -1 ? "" : full.slice(q + 1))
      for (const key of overridden) params.delete(key)
      for (const [key, value] of extra) params.append(key, value)
      const search = params.toString()
      if (search !== "") url = `${url}?${search}`
    }
    if (url.length > MAX_URL_LENGTH) {
      return new ValidationError({
        method: req.method,
        path,
        attr: null,
        code: "url_too_long",
        detail: `The request URL is ${url.length.toLocaleString("en")} characters long; PostHog's servers refuse URLs over ${MAX_URL_LENGTH.toLocaleString("en")}. Check the id and shorten the query.`
      })
    }
    if (req.body === undefined)
      return { method: req.method, url, path, headers: fixedHeaders, body: undefined }
    let body: string | undefined
    try {
      body = JSON.stringify(req.body)
    } catch {
      body = undefined
    }
    if (body === undefined) {
      return new ValidationError({
        method: req.method,
        path,
        attr: null,
        code: "invalid_body",
        detail: "The request body cannot be written as JSON (a circular structure, a BigInt or a function?)."
      })
    }
    return { method: req.method, url, path, headers: jsonHeaders, body }
  }

  return { resolvePath, displayPath, buildRequest }
}
