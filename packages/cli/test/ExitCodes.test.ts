import { describe, expect, it } from "vitest"
import { useEmulator } from "./helpers.js"

const h = useEmulator()

const makeKey = async (scopes: ReadonlyArray<string>, key: string) => {
  const res = await fetch(`${h.emu.url}/_emulator/personal_api_keys`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hogkit-emulator-token": h.emu.adminToken },
    body: JSON.stringify({ user_id: h.emu.userId, scopes, key })
  })
  expect(res.status).toBe(201)
}

describe("exit codes and error messages", () => {
  it("0 on success", async () => {
    expect((await h.run(["dashboards", "list"])).code).toBe(0)
  })

  it("2 on a usage error, with one line and where to find help", async () => {
    const r = await h.run(["dashboards", "get"])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe("Missing argument ID.\nRun `hogkit dashboards get --help` for usage.\n")
  })

  it("3 when the resource does not exist", async () => {
    const r = await h.run(["dashboards", "get", "987654"])
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(
      /^Could not read a dashboard: there is no dashboard with that id in this project \(or it was deleted\)\. Check the dashboard id \(`hogkit dashboards list` lists them\)/
    )
    const template = await h.run(["templates", "get", "0190d7a1-0000-7000-8000-000000000000"])
    expect(template.code).toBe(3)
  })

  it("4 when the key is rejected, saying what to do", async () => {
    const r = await h.run(["dashboards", "list"], {
      env: { POSTHOG_PERSONAL_API_KEY: "phx_wrongKey0000000000000000000000000000" }
    })
    expect(r.code).toBe(4)
    expect(r.stderr).toMatch(/rejected the API key \(401\).*hogkit auth/)
    expect(r.stderr.trim().split("\n")).toHaveLength(1)
  })

  it("4 with the scope to add when the key lacks one", async () => {
    await makeKey(["dashboard:read"], "phx_readOnlyDashboardsKey000000000000000000")
    const env = { POSTHOG_PERSONAL_API_KEY: "phx_readOnlyDashboardsKey000000000000000000" }
    expect((await h.run(["dashboards", "list"], { env })).code).toBe(0)
    const r = await h.run(["dashboards", "create", "--name", "Nope"], { env })
    expect(r.code).toBe(4)
    expect(r.stderr).toContain(
      "Could not create a dashboard: the API key lacks the 'dashboard:write' scope. Add dashboard:write to the key"
    )
    expect((await h.api("dashboards/")).count).toBe(0)
  })

  it("4 with the variable to set when there is no key at all", async () => {
    const r = await h.run(["dashboards", "list"], { bare: true })
    expect(r.code).toBe(4)
    expect(r.stderr).toContain("No PostHog API key: set POSTHOG_PERSONAL_API_KEY, run `hogkit auth login`")
  })

  it("1 on a server failure after retries, with the status", async () => {
    await fetch(`${h.emu.url}/_emulator/faults`, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-hogkit-emulator-token": h.emu.adminToken },
      body: JSON.stringify({ error_rate: 1, error_status: 503 })
    })
    try {
      const r = await h.run(["dashboards", "list"])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/failed with status 503\. Try again in 1 second\./)
    } finally {
      await fetch(`${h.emu.url}/_emulator/faults`, {
        method: "DELETE",
        headers: { "x-hogkit-emulator-token": h.emu.adminToken }
      })
    }
  })

  it("1 when the connection breaks mid-answer: --host is not blamed, and a write may have happened", async () => {
    await fetch(`${h.emu.url}/_emulator/faults`, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-hogkit-emulator-token": h.emu.adminToken },
      body: JSON.stringify({ reset_rate: 1 })
    })
    try {
      const r = await h.run(["dashboards", "create", "--name", "Half-answered"])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/^Could not create a dashboard: the connection to .* broke during its answer/)
      expect(r.stderr).toContain(
        "PostHog may have done it: check (`hogkit dashboards list`), then try again only if it did not."
      )
      expect(r.stderr).not.toContain("Check --host")
    } finally {
      await fetch(`${h.emu.url}/_emulator/faults`, {
        method: "DELETE",
        headers: { "x-hogkit-emulator-token": h.emu.adminToken }
      })
    }
  })

  it("1 when the host cannot be reached", async () => {
    const r = await h.run(["dashboards", "list"], { env: { POSTHOG_HOST: "http://127.0.0.1:9" } })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /^Could not list dashboards: http:\/\/127\.0\.0\.1:9 could not be reached .*Check the host \(--host or POSTHOG_HOST\)/
    )
  })
})
