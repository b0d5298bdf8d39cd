import { Comments, Dashboards } from "@hogkit/core"
import { createClient, isHogkitError } from "@hogkit/core/promise"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { useCoreAgainstEmulator } from "./support.js"

const { run, fail, emu, admin, runtimeFor } = useCoreAgainstEmulator()

describe("failures over real HTTP", () => {
  it("a key without the scope gets PermissionDenied naming the missing scope", async () => {
    const { key } = await admin<{ key: string }>("POST", "/_emulator/personal_api_keys", {
      user_id: emu().userId,
      scopes: ["dashboard:read"]
    })
    const readOnly = runtimeFor({ apiKey: key })
    await readOnly.runPromise(Dashboards.use((d) => d.list()))
    const error = await readOnly.runPromise(
      Dashboards.use((d) => d.create({ name: "nope" })).pipe(Effect.flip)
    )
    expect(error.reason._tag).toBe("PermissionDenied")
    if (error.reason._tag === "PermissionDenied") {
      expect(error.reason.missingScope).toBe("dashboard:write")
      expect(error.reason.sessionOnly).toBe(false)
    }
    expect(error.message).toBe(
      "Dashboards.create failed: API key missing required scope 'dashboard:write' (POST /api/projects/1/dashboards/)"
    )
    expect(error.message).not.toContain(key)
  })

  it("an unknown key is an AuthenticationError that does not show the key", async () => {
    const bogus = "phx_ThisKeyDoesNotExist000000000000000000"
    const error = await runtimeFor({ apiKey: bogus }).runPromise(
      Comments.use((c) => c.list()).pipe(Effect.flip)
    )
    expect(error.reason._tag).toBe("AuthenticationError")
    expect(error.reason.status).toBe(401)
    expect(JSON.stringify(error)).not.toContain(bogus)
    expect(String(error)).not.toContain(bogus)
  })

  it("@current resolves to the key owner's current project", async () => {
    const created = await run(Dashboards.use((d) => d.create({ name: "Here" })))
    const page = await runtimeFor({ projectId: "@current" }).runPromise(Dashboards.use((d) => d.list()))
    expect(page.results.map((d) => d.id)).toEqual([created.id])
  })

  it("a project that does not exist is NotFound", async () => {
    const error = await runtimeFor({ projectId: 987_654 }).runPromise(
      Dashboards.use((d) => d.list()).pipe(Effect.flip)
    )
    expect(error.reason._tag).toBe("NotFound")
    expect(error.reason.detail).toBe("Project not found.")
  })

  it("over the rate limit, a call fails with RateLimited carrying PostHog's announced wait", async () => {
    await admin("PUT", "/_emulator/faults", { rate_limit: { per_minute: 2 } })
    await run(Dashboards.use((d) => d.list()))
    await run(Dashboards.use((d) => d.list()))
    const error = await fail(Dashboards.use((d) => d.list({}, { retries: 0 })))
    expect(error.reason._tag).toBe("RateLimited")
    if (error.reason._tag === "RateLimited") expect(error.reason.retryAfter).toBeDefined()
    expect(error.reason.detail).toMatch(/^Request was throttled\. Expected available in \d+ seconds?\.$/)
  })

  it("injected 503s are retried for reads until the emulator answers", async () => {
    await admin("PUT", "/_emulator/faults", { error_rate: 0.5, error_status: 503 })
    // Half the answers fail (503 with Retry-After: 1); with 20 retries a read fails only with odds 2^-21.
    for (let i = 0; i < 5; i++) await run(Dashboards.use((d) => d.list({ limit: 1 }, { retries: 20 })))
    await admin("DELETE", "/_emulator/faults")
  })

  it("injected 500s on every answer end a POST after one attempt with a ServerError", async () => {
    await admin("PUT", "/_emulator/faults", { error_rate: 1, error_status: 500 })
    const error = await fail(Dashboards.use((d) => d.create({ name: "once" })))
    expect(error.reason._tag).toBe("ServerError")
    await admin("DELETE", "/_emulator/faults")
    const list = await run(Dashboards.use((d) => d.list()))
    expect(list.count).toBe(0)
  })

  it("a slow server hits the per-call timeout", async () => {
    await admin("PUT", "/_emulator/faults", { latency_ms: 2000 })
    const error = await fail(Dashboards.use((d) => d.list({}, { timeout: "200 millis", retries: 0 })))
    expect(error.reason._tag).toBe("Timeout")
    await admin("DELETE", "/_emulator/faults")
  })
})

describe("the Promise facade over real HTTP", () => {
  it("list() is awaitable and iterable; errors are HogkitErrors; abort cancels", async () => {
    const posthog = createClient({ apiKey: emu().apiKey, host: emu().url, projectId: emu().projectId })
    try {
      for (let i = 0; i < 5; i++) await posthog.dashboards.create({ name: `P${i}` })
      const page = await posthog.dashboards.list({ limit: 2 })
      expect(page.count).toBe(5)
      expect(page.results).toHaveLength(2)
      const names: Array<string | null | undefined> = []
      for await (const d of posthog.dashboards.list({ limit: 2 })) names.push(d.name)
      expect(names).toEqual(["P0", "P1", "P2", "P3", "P4"])
      const missing = await posthog.dashboards.get(424242).catch((e: unknown) => e)
      expect(isHogkitError(missing) && missing.reason._tag).toBe("NotFound")
      await admin("PUT", "/_emulator/faults", { latency_ms: 5000 })
      const controller = new AbortController()
      const pending = posthog.dashboards.list({}, { signal: controller.signal }).then(
        () => "resolved",
        (e: unknown) => e
      )
      setTimeout(() => controller.abort(new Error("stop")), 100)
      const outcome = await pending
      // The answer would arrive after 5 s; the abort rejects the call first.
      expect((outcome as Error).message).toBe("stop")
      await admin("DELETE", "/_emulator/faults")
    } finally {
      await posthog.close()
    }
  })
})
