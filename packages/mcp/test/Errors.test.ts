import { type Emulator, startEmulator } from "@hogkit/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { api, errorText, json, stdioClient } from "./helpers.js"

let emu: Emulator
let session: Awaited<ReturnType<typeof stdioClient>>

beforeAll(async () => {
  // --strict-posthog: the emulator refuses API keys exactly where PostHog does.
  emu = await startEmulator({ port: 0, strictPostHog: true })
  session = await stdioClient({
    POSTHOG_PERSONAL_API_KEY: emu.apiKey,
    POSTHOG_HOST: emu.url,
    POSTHOG_PROJECT_ID: String(emu.projectId)
  })
})
afterAll(async () => {
  await session?.close()
  await emu?.close()
})

const call = (name: string, args: Record<string, unknown> = {}) =>
  session.client.callTool({ name, arguments: args })

describe("errors a model can act on, against PostHog's real refusals", () => {
  it("says an action needs a logged-in PostHog session when PostHog refuses API keys for it", async () => {
    const task = json(await call("comment-create", { scope: "Notebook", content: "ship it", is_task: true }))
    const text = errorText(await call("comment-complete", { id: task.id }))
    expect(text).toMatch(/needs a logged-in PostHog session/)
    expect(text).toMatch(/will not help/)
    expect(errorText(await call("dashboard-templates-json-schema"))).toMatch(/logged-in PostHog session/)
  })

  it("says how long to wait after a 429, without retrying for an hour", async () => {
    await api(emu, "PUT", "/_emulator/faults", { rate_limit: { per_hour: 1 } })
    try {
      json(await call("comment-count"))
      const text = errorText(await call("comment-count"))
      expect(text).toMatch(/rate-limiting this API key \(429\)\. Wait \d+ seconds \(about \d+ minutes\)/)
    } finally {
      await api(emu, "DELETE", "/_emulator/faults")
    }
  })

  it("says PostHog failed and to try later on a 5xx, and keeps serving", async () => {
    await api(emu, "PUT", "/_emulator/faults", { error_rate: 1, error_status: 503 })
    try {
      expect(errorText(await call("dashboards-get-all"))).toMatch(/failed with status 503\. Try again/)
    } finally {
      await api(emu, "DELETE", "/_emulator/faults")
    }
    expect(json(await call("dashboards-get-all")).results).toEqual([])
  })

  it("says the key was rejected when it is not valid", async () => {
    const stranger = await stdioClient({
      POSTHOG_PERSONAL_API_KEY: "phx_not_a_real_key_000000000000",
      POSTHOG_HOST: emu.url
    })
    try {
      const text = errorText(await stranger.client.callTool({ name: "dashboards-get-all", arguments: {} }))
      expect(text).toMatch(/rejected the API key \(401\)\. Set POSTHOG_PERSONAL_API_KEY/)
      expect(text).not.toContain("phx_not_a_real_key")
    } finally {
      await stranger.close()
    }
  })
})
