/**
 * The HTTP front: reads bodies (with a size limit), parses them the way DRF's parsers do (lazily, so a
 * bad body fails where PostHog's would), applies faults to `/api/…`, and hands requests to the admin API
 * or the API router. Nothing thrown here stops the process.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import { type AdminDeps, handleAdmin, isLoopback } from "./Admin.js"
import type { Reply } from "./Context.js"
import { ApiError, notFound, parseError, serverErrorBody, tooLarge, unsupportedMediaType } from "./Errors.js"
import type { Faults } from "./Faults.js"
import { checkJsonDepth } from "./internal/InputGuards.js"
import { handleApi, type RouterOptions } from "./Router.js"

/** Request bodies above this many bytes get 413. PostHog's own limit is 20 MB (`DATA_UPLOAD_MAX_MEMORY_SIZE`). */
export const BODY_LIMIT = 20 * 1024 * 1024

export interface ServerDeps {
  readonly router: RouterOptions
  readonly admin: AdminDeps
  readonly faults: Faults
  readonly log: (line: string) => void
}

class BodyTooLarge extends Error {}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? "0")
    if (declared > BODY_LIMIT) {
      reject(new BodyTooLarge())
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > BODY_LIMIT) {
        req.removeAllListeners("data")
        req.pause()
        reject(new BodyTooLarge())
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })

const utf8 = new TextDecoder("utf-8", { fatal: true })

/** DRF's parsers: JSON and form bodies; no content type means no data; anything else is 415. */
export const bodyParser = (raw: Buffer, contentType: string | undefined): (() => unknown) => {
  let parsed: { ok: true; value: unknown } | { ok: false; error: ApiError } | undefined
  const parse = (): unknown => {
    if (raw.length === 0 || contentType === undefined || contentType.trim() === "") return {}
    const media = contentType.split(";")[0]?.trim().toLowerCase() ?? ""
    if (media === "application/json" || media.endsWith("+json")) {
      let text: string
      try {
        text = utf8.decode(raw)
      } catch {
        const bad = raw.findIndex((b) => b >= 0x80)
        throw parseError(
          `JSON parse error - 'utf-8' codec can't decode byte 0x${(raw[bad] ?? 0).toString(16)} in position ${bad}: invalid start byte`
        )
      }
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch (e) {
        throw parseError(`JSON parse error - ${e instanceof Error ? e.message : "invalid JSON"}`)
      }
      checkJsonDepth(value)
      return value
    }
    if (media === "application/x-www-form-urlencoded") {
      const out: Record<string, string> = {}
      for (const [k, v] of new URLSearchParams(raw.toString("utf8"))) out[k] = v
      return out
    }
    throw unsupportedMediaType(contentType)
  }
  return () => {
    if (parsed === undefined) {
      try {
        parsed = { ok: true, value: parse() }
      } catch (e) {
        if (!(e instanceof ApiError)) throw e
        parsed = { ok: false, error: e }
      }
    }
    if (!parsed.ok) throw parsed.error
    return parsed.value
  }
}

const send = (res: ServerResponse, reply: Reply, reset = false, eventStream = false) => {
  const headers: Record<string, string | number> = { ...reply.headers }
  let payload: Buffer | undefined
  if (eventStream && reply.status === 200 && reply.body !== null && typeof reply.body === "object") {
    // PostHog's ServerSentEventRenderer hands Django the dict itself, which iterates it: the keys, concatenated.
    payload = Buffer.from(Object.keys(reply.body).join(""), "utf8")
    headers["Content-Type"] = "text/event-stream"
    headers["Content-Length"] = payload.length
  } else if (reply.json !== undefined) {
    payload = reply.json
    headers["Content-Type"] = "application/json"
    headers["Content-Length"] = payload.length
  } else if (reply.body !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.body), "utf8")
    headers["Content-Type"] = "application/json"
    headers["Content-Length"] = payload.length
  } else {
    headers["Content-Length"] = 0
  }
  if (reset) {
    // Headers and half the body, then the connection drops: a reset mid-response.
    res.writeHead(reply.status, { ...headers, "Content-Length": Math.max(payload?.length ?? 0, 2) })
    const half =
      payload === undefined ? Buffer.from("{") : payload.subarray(0, Math.floor(payload.length / 2))
    res.write(half, () => res.socket?.destroy())
    return
  }
  res.writeHead(reply.status, headers)
  res.end(payload)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export const createEmulatorServer = (deps: ServerDeps): Server =>
  createServer((req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      deps.log(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      if (!res.headersSent) send(res, { status: 500, body: serverErrorBody() })
      else res.destroy()
    })
  })

/** The request target as a URL, or undefined when it is not a path this server can route. */
const requestUrl = (target: string | undefined): URL | undefined => {
  try {
    return new URL(target ?? "/", "http://emulator.invalid")
  } catch {
    return undefined
  }
}

const handle = async (deps: ServerDeps, req: IncomingMessage, res: ServerResponse) => {
  const method = (req.method ?? "GET").toUpperCase()
  const url = requestUrl(req.url)
  if (url === undefined) {
    // `//`, `http://[`, `*`: no path Django would route, so its 404 rather than a 500 with a stack.
    send(res, { status: 404, body: notFound().body })
    return
  }
  const isAdmin = url.pathname === "/_emulator" || url.pathname.startsWith("/_emulator/")
  if (isAdmin && !isLoopback(req.socket.remoteAddress)) {
    send(res, {
      status: 403,
      body: { error: "The admin API only answers clients on the loopback interface." }
    })
    return
  }
  let raw: Buffer
  try {
    raw = await readBody(req)
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      const e = tooLarge(BODY_LIMIT)
      res.setHeader("Connection", "close")
      send(res, { status: e.status, body: e.body })
      return
    }
    throw error
  }
  const data = bodyParser(raw, req.headers["content-type"])
  if (isAdmin) {
    send(res, await handleAdmin(deps.admin, method, url.pathname, data))
    return
  }
  if (!url.pathname.startsWith("/api/")) {
    const e = notFound()
    send(res, { status: e.status, body: e.body })
    return
  }
  const { faults } = deps
  const delay = faults.delay()
  if (delay > 0) await sleep(delay)
  if (faults.shouldFail()) {
    const status = faults.settings.error_status
    send(res, {
      status,
      body:
        status === 503
          ? {
              type: "server_error",
              code: "database_unavailable",
              detail: "We couldn't reach the database just now. Please try again in a moment.",
              attr: null
            }
          : serverErrorBody(),
      ...(status === 503 ? { headers: { "Retry-After": "1" } } : {})
    })
    return
  }
  const host = req.headers.host ?? "127.0.0.1"
  const reply = await handleApi(deps.router, {
    method,
    pathname: url.pathname,
    query: url.searchParams,
    absoluteUrl: `http://${host}${req.url ?? "/"}`,
    authorization: req.headers.authorization,
    data
  })
  send(
    res,
    method === "HEAD"
      ? { status: reply.status, ...(reply.headers === undefined ? {} : { headers: reply.headers }) }
      : reply,
    faults.shouldReset(),
    url.searchParams.get("format") === "txt"
  )
}
