import { describe, expect, it } from "vitest"
import { seedDashboard, useEmulator } from "./helpers.js"

const h = useEmulator()

describe("hogkit sharing", () => {
  it("enables sharing and prints the public link", async () => {
    const d = await seedDashboard(h, { name: "Public" })
    const r = await h.run(["sharing", "enable", String(d.id)])
    expect(r.code).toBe(0)
    const config = await h.api(`dashboards/${d.id}/sharing`)
    expect(config.enabled).toBe(true)
    expect(r.stdout).toBe(`${h.emu.url}/shared/${config.access_token}\n`)
    const table = await h.run(["sharing", "enable", String(d.id)], { tty: true })
    expect(table.stdout).toContain(`${h.emu.url}/shared/${config.access_token}`)
    expect(table.stdout).toContain("hogkit sharing disable")
    const json = await h.run(["sharing", "enable", String(d.id), "--format", "json"])
    expect(JSON.parse(json.stdout)).toEqual(config)
    const jsonl = await h.run(["sharing", "enable", String(d.id), "--format", "jsonl"])
    expect(JSON.parse(jsonl.stdout).access_token).toBe(config.access_token)
  })

  it("shows the sharing settings in every format", async () => {
    const d = await seedDashboard(h, { name: "Public" })
    await h.api(`dashboards/${d.id}/sharing`, { method: "PATCH", body: JSON.stringify({ enabled: true }) })
    const config = await h.api(`dashboards/${d.id}/sharing`)
    expect(JSON.parse((await h.run(["sharing", "get", String(d.id), "--format", "json"])).stdout)).toEqual(
      config
    )
    expect(JSON.parse((await h.run(["sharing", "get", String(d.id), "--format", "jsonl"])).stdout)).toEqual(
      config
    )
    expect((await h.run(["sharing", "get", String(d.id)])).stdout.split("\t").slice(0, 2)).toEqual([
      "true",
      `${h.emu.url}/shared/${config.access_token}`
    ])
    const table = await h.run(["sharing", "get", String(d.id)], { tty: true })
    expect(table.stdout).toMatch(/enabled:\s+yes/)
    expect(table.stdout).toMatch(/passwords:\s+0/)
  })

  it("disables sharing and refreshes the link", async () => {
    const d = await seedDashboard(h, { name: "Public" })
    await h.api(`dashboards/${d.id}/sharing`, { method: "PATCH", body: JSON.stringify({ enabled: true }) })
    const before = (await h.api(`dashboards/${d.id}/sharing`)).access_token
    const refreshed = await h.run(["sharing", "refresh", String(d.id), "--yes"])
    const after = (await h.api(`dashboards/${d.id}/sharing`)).access_token
    expect(after).not.toBe(before)
    expect(refreshed.stdout).toBe(`${h.emu.url}/shared/${after}\n`)
    expect(
      JSON.parse((await h.run(["sharing", "refresh", String(d.id), "--yes", "--format", "json"])).stdout)
        .enabled
    ).toBe(true)
    expect((await h.run(["sharing", "refresh", String(d.id), "--yes", "--format", "jsonl"])).code).toBe(0)
    expect((await h.run(["sharing", "refresh", String(d.id), "-y"], { tty: true })).stdout).toContain(
      "/shared/"
    )
    const off = await h.run(["sharing", "disable", String(d.id), "--yes", "--format", "json"])
    expect(JSON.parse(off.stdout).enabled).toBe(false)
    expect((await h.api(`dashboards/${d.id}/`)).is_shared).toBe(false)
    expect((await h.run(["sharing", "disable", String(d.id), "--yes"], { tty: true })).stdout).toMatch(
      /enabled:\s+no/
    )
    expect((await h.run(["sharing", "disable", String(d.id), "--yes", "--format", "jsonl"])).code).toBe(0)
    expect((await h.run(["sharing", "disable", String(d.id), "--yes"])).stdout.split("\t")[0]).toBe("false")
  })

  it("adds a generated password, prints it once, and removes it", async () => {
    const d = await seedDashboard(h, { name: "Secret" })
    const add = await h.run(["sharing", "password", "add", String(d.id), "--note", "for the board", "--yes"])
    expect(add.code).toBe(0)
    const password = add.stdout.trim()
    expect(password.length).toBeGreaterThanOrEqual(16)
    const config = await h.api(`dashboards/${d.id}/sharing`)
    expect(config.password_required).toBe(true)
    expect(config.share_passwords).toHaveLength(1)
    expect(JSON.stringify(config)).not.toContain(password)
    // The password is shown once: reading the settings again never prints it.
    const get = await h.run(["sharing", "get", String(d.id), "--format", "json"])
    expect(get.stdout).not.toContain(password)

    const json = await h.run(["sharing", "password", "add", String(d.id), "--format", "json"])
    expect(JSON.parse(json.stdout)).toMatchObject({ id: expect.anything(), password: expect.any(String) })
    const table = await h.run(["sharing", "password", "add", String(d.id)], { tty: true })
    expect(table.stdout).toMatch(/PostHog will not show it again/)
    const jsonl = await h.run(["sharing", "password", "add", String(d.id), "--format", "jsonl"])
    const created = JSON.parse(jsonl.stdout)

    const remove = await h.run(["sharing", "password", "remove", String(d.id), String(created.id), "--yes"])
    expect(remove.code).toBe(0)
    expect(remove.stdout).toBe("")
    const ids = (await h.api(`dashboards/${d.id}/sharing`)).share_passwords.map((p: { id: unknown }) =>
      String(p.id)
    )
    expect(ids).not.toContain(String(created.id))
    const missing = await h.run(["sharing", "password", "remove", String(d.id), "999999", "--yes"])
    expect(missing.code).toBe(3)
  })
})
