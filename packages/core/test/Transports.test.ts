/**
 * The two built-in transports — Node's `node:http` (the default in Node) and `fetch` (browsers, or
 * `options.fetch`) — against a real local HTTP server, the same cases for both: what they send, compressed
 * answers, redirects, how they time out, that interruption and timeouts really close the connection, and
 * how they report connections that fail before and after the server answered.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { gzipSync } from "node:zlib"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Tracer from "effect/Tracer"
import { Comments, Dashboards, HogkitError, PostHog } from "../src/index.js"
import { KEY } from "./support/FakeHttp.js"

interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: IncomingMessage["headers"]
  readonly body: string
  closedEarly: boolean
}

let server: Server
let origin: string
const seen: Array<Seen> = []
let handler: (req: IncomingMessage, res: ServerResponse, body: string) => void = () => {}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ""
    req.setEncoding("utf8")
    req.on("data", (chunk: string) => {
      body += chunk
    })
    req.on("end", () => {
      const entry: Seen = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body,
        closedEarly: false
      }
      seen.push(entry)
      res.on("close", () => {
        if (!res.writableFinished) entry.closedEarly = true
      })
      handler(req, res, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
  handler = (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers })
    res.end(JSON.stringify(body))
  }
}

const transports = [
  { name: "node:http (default)", fetch: undefined },
  {
    name: "fetch",
    fetch: (input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init)
  }
] as const

const failureOf = (exit: Exit.Exit<unknown, unknown>): HogkitError => {
  assert.isTrue(Exit.isFailure(exit))
  const error = Cause.squash((exit as Exit.Failure<unknown, unknown>).cause)
  assert.instanceOf(error, HogkitError)
  return error as HogkitError
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
  assert.isTrue(check())
}

describe.each(transports)("transport: $name", (transport) => {
  const live = (options: Partial<Parameters<typeof PostHog.layer>[0]> = {}) =>
    PostHog.layer({
      apiKey: KEY,
      host: origin,
      projectId: 1,
      retry: { baseDelay: 1, maxDelay: 1 },
      ...(transport.fetch ? { fetch: transport.fetch } : {}),
      ...options
    })

  it.live("sends the key, accept and user agent, and merges query parameters into next links", () =>
    Effect.gen(function* () {
      seen.length = 0
      reply(200, { count: 0, next: null, previous: null, results: [] })
      yield* Dashboards.use((d) => d.list({ limit: 5, search: "a b&c" })).pipe(Effect.provide(live()))
      const request = seen[0]!
      assert.strictEqual(request.method, "GET")
      assert.strictEqual(request.url, "/api/projects/1/dashboards/?limit=5&search=a+b%26c")
      assert.strictEqual(request.headers.authorization, `Bearer ${KEY}`)
      assert.strictEqual(request.headers.accept, "application/json")
      assert.match(String(request.headers["user-agent"]), /^hogkit\//)
    })
  )

  it.live("sends bodies as JSON and decodes the answer", () =>
    Effect.gen(function* () {
      seen.length = 0
      reply(201, { id: 12, name: "Launch", pinned: true, tiles: [] })
      const created = yield* Dashboards.use((d) => d.create({ name: "Launch", pinned: true })).pipe(
        Effect.provide(live())
      )
      assert.strictEqual(created.id, 12)
      assert.strictEqual(seen[0]!.headers["content-type"], "application/json")
      assert.deepStrictEqual(JSON.parse(seen[0]!.body), { name: "Launch", pinned: true })
    })
  )

  it.live("a request without an answer ends with a Timeout and the connection is closed", () =>
    Effect.gen(function* () {
      seen.length = 0
      handler = () => {} // never answers
      const exit = yield* Dashboards.use((d) => d.get(1, { retries: 0 })).pipe(
        Effect.provide(live({ timeout: "150 millis" })),
        Effect.exit
      )
      const error = failureOf(exit)
      assert.strictEqual(error.reason._tag, "Timeout")
      assert.include(error.message, "per-attempt timeout")
      yield* Effect.promise(() => waitFor(() => seen[0]?.closedEarly === true))
    })
  )

  it.live("interrupting the call aborts the request in flight", () =>
    Effect.gen(function* () {
      seen.length = 0
      handler = () => {}
      const fiber = yield* Effect.forkChild(Dashboards.use((d) => d.get(1)).pipe(Effect.provide(live())))
      yield* Effect.promise(() => waitFor(() => seen.length === 1))
      yield* Fiber.interrupt(fiber)
      yield* Effect.promise(() => waitFor(() => seen[0]?.closedEarly === true))
    })
  )

  it.live(
    "a refused connection is a NetworkError that says the request was not sent (so a POST may be retried)",
    () =>
      Effect.gen(function* () {
        // A port nothing listens on: bind one, then close it.
        const probe = createServer()
        yield* Effect.promise(() => new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve)))
        const port = (probe.address() as AddressInfo).port
        yield* Effect.promise(() => new Promise((resolve) => probe.close(resolve)))
        handler = () => {}
        const exit = yield* Dashboards.use((d) => d.create({ name: "x" }, { retries: 2 })).pipe(
          Effect.provide(live({ host: `http://127.0.0.1:${port}` })),
          Effect.exit
        )
        const error = failureOf(exit)
        assert.strictEqual(error.reason._tag, "NetworkError")
        assert.strictEqual(error.reason._tag === "NetworkError" && error.reason.phase, "beforeSend")
        assert.isTrue(error.isRetryable, "nothing reached PostHog, so even a create may be sent again")
        assert.include(error.message, "ECONNREFUSED")
      })
  )

  it.live("a connection that breaks mid-answer was sent: a POST is not replayed", () =>
    Effect.gen(function* () {
      seen.length = 0
      handler = (_req, res) => {
        res.writeHead(201, { "content-type": "application/json", "content-length": "500" })
        res.write('{"id": 1, "na')
        setTimeout(() => res.socket?.destroy(), 20)
      }
      const exit = yield* Dashboards.use((d) => d.create({ name: "x" }, { retries: 3 })).pipe(
        Effect.provide(live()),
        Effect.exit
      )
      const error = failureOf(exit)
      assert.strictEqual(error.reason._tag, "NetworkError")
      assert.strictEqual(error.reason._tag === "NetworkError" && error.reason.phase, "midAnswer")
      assert.isTrue(error.outcomeUnknown, "the dashboard may exist: check before creating it again")
      assert.isFalse(error.isRetryable)
      assert.include(error.message, "answer was cut off")
      assert.strictEqual(seen.length, 1)
    })
  )

  it.live(
    "a connection dropped before any answer: the create may have arrived, so its outcome is unknown",
    () =>
      Effect.gen(function* () {
        seen.length = 0
        handler = (_req, res) => res.socket?.destroy()
        const exit = yield* Dashboards.use((d) => d.create({ name: "x" }, { retries: 3 })).pipe(
          Effect.provide(live()),
          Effect.exit
        )
        const error = failureOf(exit)
        assert.strictEqual(error.reason._tag === "NetworkError" && error.reason.phase, "sent")
        assert.isTrue(error.outcomeUnknown)
        assert.isFalse(error.isRetryable)
        assert.strictEqual(seen.length, 1, "not replayed")
      })
  )

  it.live("a read dropped before any answer is retried: reading twice changes nothing", () =>
    Effect.gen(function* () {
      seen.length = 0
      handler = (_req, res) => {
        if (seen.length === 1) return res.socket?.destroy()
        res.writeHead(200, { "content-type": "application/json" })
        res.end(JSON.stringify({ id: 7, name: "n" }))
      }
      const dashboard = yield* Dashboards.use((d) => d.get(7)).pipe(Effect.provide(live()))
      assert.strictEqual(dashboard.id, 7)
      assert.strictEqual(seen.length, 2)
    })
  )

  it.live("a URL too long for PostHog's proxies is refused before anything is sent", () =>
    Effect.gen(function* () {
      seen.length = 0
      reply(200, {})
      const exit = yield* Comments.use((c) => c.get("🦔".repeat(2_000))).pipe(
        Effect.provide(live()),
        Effect.exit
      )
      const error = failureOf(exit)
      assert.strictEqual(error.reason._tag, "ValidationError")
      assert.include(error.message, "refuse URLs over 8,192")
      assert.strictEqual(seen.length, 0)
    })
  )

  it.live("compressed answers are decoded", () =>
    Effect.gen(function* () {
      const name = "Ünïcode 🦔 ".repeat(200)
      handler = (req, res) => {
        assert.include(String(req.headers["accept-encoding"]), "gzip")
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" })
        res.end(gzipSync(JSON.stringify({ id: 3, name, tiles: [] })))
      }
      const got = yield* Dashboards.use((d) => d.get(3)).pipe(Effect.provide(live()))
      assert.strictEqual(got.name, name)
    })
  )

  it.live("redirects are followed, and the key never follows one to another origin", () =>
    Effect.gen(function* () {
      seen.length = 0
      const other = createServer((req, res) => {
        seen.push({
          method: req.method ?? "",
          url: `other${req.url}`,
          headers: req.headers,
          body: "",
          closedEarly: false
        })
        res.writeHead(200, { "content-type": "application/json" })
        res.end(JSON.stringify({ id: 5, name: "elsewhere" }))
      })
      yield* Effect.promise(() => new Promise<void>((resolve) => other.listen(0, "localhost", resolve)))
      const otherOrigin = `http://localhost:${(other.address() as AddressInfo).port}`
      handler = (req, res) => {
        if (req.url === "/api/projects/1/dashboards/4/") {
          res.writeHead(301, { location: "/api/projects/1/dashboards/5/" })
          res.end()
        } else {
          res.writeHead(307, { location: `${otherOrigin}/moved/` })
          res.end()
        }
      }
      const got = yield* Dashboards.use((d) => d.get(4)).pipe(
        Effect.provide(live()),
        Effect.ensuring(Effect.promise(() => new Promise((resolve) => other.close(resolve))))
      )
      assert.strictEqual(got.name, "elsewhere")
      assert.deepStrictEqual(
        seen.map((s) => s.url),
        ["/api/projects/1/dashboards/4/", "/api/projects/1/dashboards/5/", "other/moved/"]
      )
      assert.strictEqual(seen[1]!.headers.authorization, `Bearer ${KEY}`)
      assert.isUndefined(seen[2]!.headers.authorization)
    })
  )

  it.live("every attempt is an http.client span under the operation's span, with its status", () =>
    Effect.gen(function* () {
      const spans: Array<Tracer.NativeSpan> = []
      const tracer = Tracer.make({
        span(options) {
          const span = new Tracer.NativeSpan(options)
          spans.push(span)
          return span
        }
      })
      let n = 0
      handler = (_req, res) => {
        n++
        res.writeHead(n === 1 ? 503 : 200, { "content-type": "application/json" })
        res.end(JSON.stringify(n === 1 ? { detail: "busy" } : { id: 8, name: "traced" }))
      }
      yield* Dashboards.use((d) => d.get(8)).pipe(Effect.provide(live()), Effect.withTracer(tracer))
      const operation = spans.find((s) => s.name === "Dashboards.get")
      const attempts = spans.filter((s) => s.name === "http.client GET")
      assert.isDefined(operation)
      assert.deepStrictEqual(
        attempts.map((s) => [
          s.attributes.get("http.response.status_code"),
          s.attributes.get("http.request.resend_count")
        ]),
        [
          [503, undefined],
          [200, 1]
        ]
      )
      assert.strictEqual(attempts[0]!.attributes.get("url.full"), `${origin}/api/projects/1/dashboards/8/`)
      for (const attempt of attempts) {
        assert.strictEqual(attempt.kind, "client")
        assert.strictEqual(
          attempt.parent._tag === "Some" ? attempt.parent.value.spanId : undefined,
          operation!.spanId
        )
      }
    })
  )

  it.live("error answers keep PostHog's request id and never carry the key", () =>
    Effect.gen(function* () {
      reply(
        403,
        {
          type: "authentication_error",
          code: "permission_denied",
          detail: `key ${KEY} lacks dashboard:read`,
          attr: null
        },
        { "x-request-id": "req-42" }
      )
      const exit = yield* Dashboards.use((d) => d.get(1)).pipe(Effect.provide(live()), Effect.exit)
      const error = failureOf(exit)
      assert.strictEqual(error.reason._tag, "PermissionDenied")
      assert.strictEqual((error.reason as { requestId?: string }).requestId, "req-42")
      assert.notInclude(`${error.message} ${JSON.stringify(error)}`, KEY)
    })
  )
})
