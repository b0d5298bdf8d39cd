/**
 * 500 mixed operations through core (Promise facade and Effect), the MCP server and the CLI while the
 * emulator answers a fifth of the requests with 502 (first half) or 503 (second half), resets 5% of
 * connections mid-response and adds jittered latency. Afterwards, with faults off, the emulator's state is
 * compared with what each operation reported.
 *
 * What is asserted, and why:
 * - A create that reported success exists exactly once, with the id it reported. A create that reported
 *   failure exists at most once: an injected 5xx comes before the emulator handles the request (nothing
 *   created), but a reset comes after it (created, and the client cannot know). hogkit never replays a POST
 *   that was sent, so a create may be lost to the caller but must never be duplicated. Every create carries a
 *   unique marker, and rows are counted per marker.
 * - A failed update/complete/delete left the row whole: its content is one of the values some update wrote
 *   (never a mix), and the final state is explained by the operations that succeeded plus any subset of the
 *   ones that failed after them.
 * - Every failure is typed: a `HogkitError` whose reason is retryable (core), `isError` with a sentence
 *   saying to try again (MCP), exit code 1 with a one-line retry hint and no stack trace (CLI).
 * - A stream that completed holds no duplicate item.
 */

import { Dashboards, isHogkitError, PostHog } from "@hogkit/core"
import { createClient, type PostHogPromiseClient } from "@hogkit/core/promise"
import { type Emulator, startEmulator } from "@hogkit/emulator"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type CountingProxy, startCountingProxy } from "../src/CountingProxy.js"
import {
  cliBuilt,
  type Mcp,
  mcpBuilt,
  rawAll,
  rawApi,
  resultText,
  runCli,
  STACK_LINE,
  SYSTEM_KEY,
  startMcp,
  type Target
} from "../src/Harness.js"

const TOTAL = 500
const BUDGET = { core: 360, mcp: 100, cli: 40 } as const
const FAULTS = { error_rate: 0.2, reset_rate: 0.05, latency_ms: 2, jitter_ms: 15 }

type Transport = keyof typeof BUDGET
type Kind = "create" | "update" | "complete" | "delete" | "get" | "stream"

/** What an operation reported. */
type Outcome =
  | { readonly ok: true; readonly value?: any }
  | {
      readonly ok: false
      readonly retryable: boolean
      /** A write that may have landed: the error says to check before trying again. */
      readonly checkFirst: boolean
      readonly typed: boolean
      readonly detail: string
    }

interface Record_ {
  readonly transport: Transport
  readonly kind: Kind
  readonly resource: "comment" | "dashboard"
  readonly outcome: Outcome
}

/** A deterministic PRNG so a failing run can be replayed with its seed. */
const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** Runs `tasks` with at most `limit` at once. */
const pool = async (limit: number, tasks: ReadonlyArray<() => Promise<void>>) => {
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!
      await task()
    }
  }
  await Promise.all(Array.from({ length: limit }, worker))
}

/** One comment's life as its operations reported it. */
interface CommentLife {
  readonly transport: Transport
  marker: string
  id?: string
  createOk?: boolean
  /** Content values written, in order, with whether the write reported success. */
  readonly writes: Array<{ value: string; ok: boolean }>
  /** "yes" when a complete reported success, "maybe" when it only failed, absent when never tried. */
  completed?: "yes" | "maybe"
  deleted?: "yes" | "maybe"
  /** Values that some read returned while the comment lived. */
  readonly reads: string[]
  /** Markers of earlier creates that reported failure (each may exist at most once). */
  readonly failedMarkers: string[]
}

interface DashboardLife {
  marker: string
  id?: number
  createOk?: boolean
  readonly writes: Array<{ value: string; ok: boolean }>
  readonly failedMarkers: string[]
}

const RUN = `r${Date.now().toString(36)}`
const SCOPE = "Notebook"
const ITEM = `fault-${RUN}`

describe("hogkit under injected faults", () => {
  let emu: Emulator
  let proxy: CountingProxy
  let direct: Target
  let viaProxy: Target
  let promiseClient: PostHogPromiseClient
  let effectRuntime: ManagedRuntime.ManagedRuntime<Dashboards, never>
  let mcp: Mcp | undefined

  beforeAll(async () => {
    emu = await startEmulator({ port: 0, apiKey: SYSTEM_KEY, quiet: true })
    proxy = await startCountingProxy(emu.url)
    direct = { url: emu.url, apiKey: emu.apiKey, projectId: emu.projectId, adminToken: emu.adminToken }
    viaProxy = { ...direct, url: proxy.url }
    const options = {
      apiKey: emu.apiKey,
      host: proxy.url,
      projectId: emu.projectId,
      timeout: "20 seconds",
      retry: { maxRetries: 6, baseDelay: "20 millis", maxDelay: "300 millis" }
    } as const
    promiseClient = createClient(options)
    effectRuntime = ManagedRuntime.make(PostHog.layer(options))
    if (mcpBuilt()) mcp = await startMcp(viaProxy)
  })

  afterAll(async () => {
    await mcp?.close()
    await promiseClient?.close()
    await effectRuntime?.dispose()
    await proxy?.close()
    await emu?.close()
  })

  it("keeps every reported success exactly once and duplicates nothing across 500 operations", async () => {
    expect(cliBuilt(), "build the CLI first: pnpm --filter @hogkit/cli build").toBe(true)
    expect(mcp, "build the MCP server first: pnpm --filter @hogkit/mcp build").toBeDefined()
    const random = mulberry32(0x5eed ^ 8)
    const records: Record_[] = []
    const comments: CommentLife[] = []
    const dashboards: DashboardLife[] = []
    let done = 0
    let switched = false
    let markerSeq = 0
    const nextMarker = (prefix: string) => `${prefix}-${RUN}-${++markerSeq}`

    const record = async (
      transport: Transport,
      resource: "comment" | "dashboard",
      kind: Kind,
      outcome: Outcome
    ) => {
      records.push({ transport, resource, kind, outcome })
      done++
      // Halfway through, the failures switch from 502 to 503 (which also carries Retry-After: 1).
      if (!switched && done >= TOTAL / 2) {
        switched = true
        const res = await rawApi(direct, "PUT", "/_emulator/faults", { ...FAULTS, error_status: 503 })
        expect(res.status).toBe(200)
      }
    }

    // ---- the three transports, each reporting outcomes the same way ----
    const fromCore = async (run: () => Promise<any>): Promise<Outcome> => {
      try {
        return { ok: true, value: await run() }
      } catch (error) {
        return isHogkitError(error)
          ? {
              ok: false,
              typed: true,
              retryable: error.isRetryable,
              checkFirst: error.outcomeUnknown,
              detail: error.message
            }
          : { ok: false, typed: false, retryable: false, checkFirst: false, detail: String(error) }
      }
    }
    const fromMcp = async (tool: string, args: Record<string, unknown>): Promise<Outcome> => {
      const result = await mcp!.call(tool, args)
      const text = resultText(result)
      if (result.isError) {
        return {
          ok: false,
          typed: true,
          retryable: /try again/i.test(text),
          checkFirst: /then try again only if it did not/i.test(text),
          detail: text
        }
      }
      return { ok: true, value: JSON.parse(text) }
    }
    const fromCli = async (args: string[]): Promise<Outcome> => {
      const r = await runCli(viaProxy, [...args, "--format", "json"])
      if (r.code === 0) return { ok: true, value: r.stdout.trim() === "" ? undefined : JSON.parse(r.stdout) }
      const oneOrTwoSentences = r.stderr.trim().split("\n").length <= 2 && !STACK_LINE.test(r.stderr)
      return {
        ok: false,
        typed: r.code === 1 && oneOrTwoSentences,
        retryable: /try again|could not be reached/i.test(r.stderr),
        checkFirst: /then try again only if it did not/i.test(r.stderr),
        detail: `exit ${r.code}: ${r.stderr.trim()}`
      }
    }

    const commentOps = {
      core: {
        create: (content: string) =>
          fromCore(() =>
            promiseClient.comments.create({ scope: SCOPE, item_id: ITEM, content, is_task: true })
          ),
        update: (id: string, content: string) =>
          fromCore(() => promiseClient.comments.update(id, { content })),
        complete: (id: string) => fromCore(() => promiseClient.comments.complete(id)),
        delete: (id: string) => fromCore(() => promiseClient.comments.delete(id)),
        get: (id: string) => fromCore(() => promiseClient.comments.get(id)),
        stream: () =>
          fromCore(async () => {
            const items: any[] = []
            for await (const c of promiseClient.comments.list({ scope: SCOPE, item_id: ITEM })) items.push(c)
            return items
          })
      },
      mcp: {
        create: (content: string) =>
          fromMcp("comment-create", { scope: SCOPE, item_id: ITEM, content, is_task: true }),
        update: (id: string, content: string) => fromMcp("comment-update", { id, content }),
        complete: (id: string) => fromMcp("comment-complete", { id }),
        delete: (id: string) => fromMcp("comment-delete", { id }),
        get: (id: string) => fromMcp("comment-get", { id }),
        stream: () => fromMcp("comments-list", { scope: SCOPE, item_id: ITEM, limit: 50 })
      },
      cli: {
        create: (content: string) =>
          fromCli([
            "comments",
            "create",
            "--content",
            content,
            "--scope",
            SCOPE,
            "--item-id",
            ITEM,
            "--task"
          ]),
        update: (id: string, content: string) =>
          fromCli(["comments", "update", id, "--content", content, "--yes"]),
        complete: (id: string) => fromCli(["comments", "complete", id]),
        delete: (id: string) => fromCli(["comments", "delete", id, "--yes"]),
        get: (id: string) => fromCli(["comments", "get", id]),
        stream: () => fromCli(["comments", "list", "--scope", SCOPE, "--item-id", ITEM, "--all"])
      }
    }

    // ---- the plan: per transport, comment lives of six operations, then reads and streams ----
    const commentLife = (transport: Transport, ops: number) => async () => {
      const life: CommentLife = {
        transport,
        marker: nextMarker(transport),
        writes: [],
        reads: [],
        failedMarkers: []
      }
      comments.push(life)
      const t = commentOps[transport]
      const tail: Kind[] = ["update", "complete", "get", random() < 0.5 ? "update" : "get"]
      tail.push(random() < 0.6 ? "delete" : "update")
      let left = ops
      while (left > 0) {
        left--
        if (life.id === undefined) {
          const content = `${life.marker}|v0`
          const outcome = await t.create(content)
          await record(transport, "comment", "create", outcome)
          if (outcome.ok) {
            life.id = String(outcome.value.id)
            life.createOk = true
            life.writes.push({ value: content, ok: true })
          } else {
            // The next attempt is a new create with a new marker; this one may or may not exist.
            life.failedMarkers.push(life.marker)
            life.marker = nextMarker(transport)
          }
          continue
        }
        const kind = tail.shift() ?? "get"
        if (life.deleted !== undefined) {
          // Nothing more may happen to a deleted comment; read the thread instead.
          const outcome = await t.stream()
          await record(transport, "comment", "stream", outcome)
          continue
        }
        if (kind === "update") {
          const value = `${life.marker}|v${life.writes.length}`
          const outcome = await t.update(life.id, value)
          life.writes.push({ value, ok: outcome.ok })
          await record(transport, "comment", "update", outcome)
        } else if (kind === "complete") {
          const outcome = await t.complete(life.id)
          if (outcome.ok) life.completed = "yes"
          else if (life.completed !== "yes") life.completed = "maybe"
          await record(transport, "comment", "complete", outcome)
        } else if (kind === "delete") {
          const outcome = await t.delete(life.id)
          // A failed delete may or may not have landed: no further writes to this comment either way.
          life.deleted = outcome.ok ? "yes" : "maybe"
          await record(transport, "comment", "delete", outcome)
        } else {
          const outcome = await t.get(life.id)
          if (outcome.ok) life.reads.push(String(outcome.value.content))
          await record(transport, "comment", "get", outcome)
        }
      }
    }

    const dashboardOp = <A>(effect: Effect.Effect<A, unknown, Dashboards>) =>
      fromCore(() => effectRuntime.runPromise(effect))

    const dashboardLife = (ops: number) => async () => {
      const life: DashboardLife = { marker: nextMarker("dash"), writes: [], failedMarkers: [] }
      dashboards.push(life)
      let left = ops
      while (left > 0) {
        left--
        if (life.id === undefined) {
          const name = `${life.marker}|v0`
          const outcome = await dashboardOp(Dashboards.use((d) => d.create({ name })))
          await record("core", "dashboard", "create", outcome)
          if (outcome.ok) {
            life.id = outcome.value.id
            life.createOk = true
            life.writes.push({ value: name, ok: true })
          } else {
            life.failedMarkers.push(life.marker)
            life.marker = nextMarker("dash")
          }
          continue
        }
        const id = life.id
        if (left % 2 === 0) {
          const name = `${life.marker}|v${life.writes.length}`
          const outcome = await dashboardOp(Dashboards.use((d) => d.update(id, { name })))
          life.writes.push({ value: name, ok: outcome.ok })
          await record("core", "dashboard", "update", outcome)
        } else {
          const outcome = await dashboardOp(Dashboards.use((d) => d.get(id)))
          await record("core", "dashboard", "get", outcome)
        }
      }
    }

    const streamDashboards = async () => {
      const outcome = await dashboardOp(
        Dashboards.use((d) => Stream.runCollect(d.stream({ limit: 7 }))).pipe(
          Effect.map((c) => Array.from(c))
        )
      )
      await record("core", "dashboard", "stream", outcome)
    }
    const streamComments = (transport: Transport) => async () => {
      const outcome = await commentOps[transport].stream()
      await record(transport, "comment", "stream", outcome)
    }

    const tasks: Record<Transport, Array<() => Promise<void>>> = { core: [], mcp: [], cli: [] }
    // core: 40 comment lives (240) + 20 dashboard lives (80) + 40 streams = 360
    for (let i = 0; i < 40; i++) tasks.core.push(commentLife("core", 6))
    for (let i = 0; i < 20; i++) tasks.core.push(dashboardLife(4))
    for (let i = 0; i < 20; i++) tasks.core.push(streamComments("core"), streamDashboards)
    // MCP: 14 comment lives (84) + 16 lists = 100; CLI: 6 comment lives (36) + 4 list --all = 40
    for (let i = 0; i < 14; i++) tasks.mcp.push(commentLife("mcp", 6))
    for (let i = 0; i < 16; i++) tasks.mcp.push(streamComments("mcp"))
    for (let i = 0; i < 6; i++) tasks.cli.push(commentLife("cli", 6))
    for (let i = 0; i < 4; i++) tasks.cli.push(streamComments("cli"))
    const shuffle = <T>(xs: T[]) => {
      for (let i = xs.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1))
        ;[xs[i], xs[j]] = [xs[j]!, xs[i]!]
      }
      return xs
    }

    const on = await rawApi(direct, "PUT", "/_emulator/faults", { ...FAULTS, error_status: 502 })
    expect(on.status).toBe(200)
    proxy.clear()
    const started = Date.now()
    const timed = async (name: Transport, p: Promise<void>) => {
      await p
      console.log(`fault run: ${name} finished after ${((Date.now() - started) / 1000).toFixed(1)} s`)
    }
    await Promise.all([
      timed("core", pool(12, shuffle(tasks.core))),
      timed("mcp", pool(4, shuffle(tasks.mcp))),
      timed("cli", pool(3, shuffle(tasks.cli)))
    ])
    const off = await rawApi(direct, "DELETE", "/_emulator/faults")
    expect(off.status).toBe(204)

    // ---- counts the lead can quote ----
    const exchanges = proxy.api()
    const injected5xx = exchanges.filter((e) => e.status === 502 || e.status === 503).length
    const injectedResets = exchanges.filter((e) => e.cut).length
    const failures = records.filter((r) => !r.outcome.ok)
    const byTransport = Object.fromEntries(
      (Object.keys(BUDGET) as Transport[]).map((t) => [t, records.filter((r) => r.transport === t).length])
    )
    // Each injected fault either made the client try again or ended an operation in failure.
    const retries = injected5xx + injectedResets - failures.length

    console.log(
      `fault run: ${JSON.stringify({ operations: records.length, byTransport, failed: failures.length, requests: exchanges.length, injected5xx, injectedResets, retries })}`
    )

    // ---- the emulator's state, read with plain fetch and faults off ----
    const rows = await rawAll(direct, `comments/?scope=${SCOPE}&item_id=${ITEM}&deleted=true`)
    const byMarker = new Map<string, any[]>()
    for (const row of rows) {
      const marker = String(row.content).split("|")[0]!
      byMarker.set(marker, [...(byMarker.get(marker) ?? []), row])
    }
    const dashRows = await rawAll(direct, "dashboards/?limit=100")
    const dashByMarker = new Map<string, any[]>()
    for (const row of dashRows) {
      const marker = String(row.name).split("|")[0]!
      dashByMarker.set(marker, [...(dashByMarker.get(marker) ?? []), row])
    }

    let checks = 0
    const check = (condition: boolean, message: string) => {
      checks++
      expect(condition, message).toBe(true)
    }
    let failedCreatesThatLanded = 0

    // Every failure is typed and says what to do: all injected faults are transient, so it may be retried,
    // except a create or a complete (not idempotent: PostHog answers a second complete with 400) that may
    // have landed, which says to check first (decisions.md §10).
    for (const r of failures) {
      const f = r.outcome as Extract<Outcome, { ok: false }>
      check(f.typed, `${r.transport} ${r.resource} ${r.kind} failed with an untyped error: ${f.detail}`)
      check(
        r.kind === "create" || r.kind === "complete"
          ? f.retryable || f.checkFirst
          : f.retryable && !f.checkFirst,
        `${r.transport} ${r.resource} ${r.kind} failure gives the wrong advice: ${f.detail}`
      )
      if (r.transport === "core")
        check(!(f.retryable && f.checkFirst), `core calls an unknown outcome retryable: ${f.detail}`)
    }
    // Completed streams hold no duplicates and only this run's well-formed rows.
    for (const r of records.filter((x) => x.kind === "stream" && x.outcome.ok)) {
      const value = (r.outcome as { value: any }).value
      const items: any[] = Array.isArray(value) ? value : (value?.results ?? value?.items ?? [])
      const ids = items.map((x) => String(x.id))
      check(new Set(ids).size === ids.length, `${r.transport} ${r.resource} stream returned duplicates`)
    }
    // Comments: each marker at most once; each reported success exactly once and whole.
    const knownMarkers = new Set<string>()
    for (const life of comments) {
      for (const m of life.failedMarkers) {
        knownMarkers.add(m)
        const found = byMarker.get(m) ?? []
        check(found.length <= 1, `failed create ${m} exists ${found.length} times`)
        if (found.length === 1) {
          failedCreatesThatLanded++
          check(
            found[0].content === `${m}|v0` && found[0].is_task === true,
            `failed create ${m} is half-made`
          )
        }
      }
      if (life.createOk !== true) continue
      knownMarkers.add(life.marker)
      const found = byMarker.get(life.marker) ?? []
      check(found.length === 1, `created comment ${life.marker} exists ${found.length} times`)
      const row = found[0]
      check(row?.id === life.id, `comment ${life.marker} has id ${row?.id}, the create reported ${life.id}`)
      // Content: the last successful write, or any failed write after it (it may have landed).
      const lastOk = life.writes.map((w) => w.ok).lastIndexOf(true)
      const allowed = life.writes.slice(lastOk).map((w) => w.value)
      check(allowed.includes(row.content), `comment ${life.marker} content ${row.content} ∉ ${allowed}`)
      for (const read of life.reads) {
        check(read.startsWith(`${life.marker}|v`), `a read of ${life.marker} returned ${read}`)
      }
      if (life.completed === "yes") check(row.completed_at !== null, `completed ${life.marker} is open`)
      if (life.completed === undefined) check(row.completed_at === null, `${life.marker} completed unasked`)
      if (life.deleted === "yes") check(row.deleted === true, `deleted ${life.marker} is not deleted`)
      if (life.deleted === undefined) check(row.deleted === false, `${life.marker} deleted unasked`)
    }
    // Nothing exists that no operation asked for.
    for (const marker of byMarker.keys())
      check(knownMarkers.has(marker), `comment ${marker} came from nowhere`)
    // Dashboards: the same rules.
    const knownDash = new Set<string>()
    for (const life of dashboards) {
      for (const m of life.failedMarkers) {
        knownDash.add(m)
        const found = dashByMarker.get(m) ?? []
        check(found.length <= 1, `failed dashboard create ${m} exists ${found.length} times`)
        if (found.length === 1) {
          failedCreatesThatLanded++
          check(found[0].name === `${m}|v0`, `failed dashboard create ${m} is half-made`)
        }
      }
      if (life.createOk !== true) continue
      knownDash.add(life.marker)
      const found = dashByMarker.get(life.marker) ?? []
      check(found.length === 1, `created dashboard ${life.marker} exists ${found.length} times`)
      check(found[0]?.id === life.id, `dashboard ${life.marker} has another id than reported`)
      const lastOk = life.writes.map((w) => w.ok).lastIndexOf(true)
      const allowed = life.writes.slice(lastOk).map((w) => w.value)
      check(allowed.includes(found[0]?.name), `dashboard ${life.marker} name ${found[0]?.name} ∉ ${allowed}`)
    }
    for (const marker of dashByMarker.keys())
      check(knownDash.has(marker), `dashboard ${marker} came from nowhere`)

    const summary = {
      operations: records.length,
      byTransport,
      succeeded: records.length - failures.length,
      failed: failures.length,
      failedByKind: Object.fromEntries(
        (["create", "update", "complete", "delete", "get", "stream"] as Kind[]).map((k) => [
          k,
          failures.filter((r) => r.kind === k).length
        ])
      ),
      requestsAtEmulator: exchanges.length,
      injected5xx,
      injectedResets,
      retries,
      failedCreatesThatLanded,
      commentRows: rows.length,
      dashboardRows: dashRows.length,
      finalStateChecks: checks,
      serverErrors500: exchanges.filter((e) => e.status === 500).length
    }
    console.log(`fault suite: ${JSON.stringify(summary)}`)

    expect(records.length).toBe(TOTAL)
    expect(byTransport).toEqual(BUDGET)
    // The emulator itself never failed on its own: every 5xx was injected.
    expect(summary.serverErrors500).toBe(0)
    // The faults really happened, and clients really retried through them.
    expect(injected5xx).toBeGreaterThan(50)
    expect(injectedResets).toBeGreaterThan(5)
    expect(retries).toBeGreaterThan(0)
  })
})
