import { Dashboards, Sharing } from "@hogkit/core"
import { describe, expect, it } from "vitest"
import { useCoreAgainstEmulator } from "./support.js"

const { run, fail } = useCoreAgainstEmulator()

const newDashboard = () => run(Dashboards.use((d) => d.create({ name: "Shared" }))).then((d) => d.id)

describe("Sharing against the emulator", () => {
  it("reads an unsaved configuration, then enables, configures and disables sharing", async () => {
    const id = await newDashboard()
    const initial = await run(Sharing.use((s) => s.get(id)))
    expect(initial).toMatchObject({ enabled: false, created_at: null, settings: null, share_passwords: [] })
    const enabled = await run(
      Sharing.use((s) => s.update(id, { enabled: true, settings: { noHeader: true, bogus: 1 } }))
    )
    expect(enabled.enabled).toBe(true)
    expect(enabled.created_at).toBeTruthy()
    expect(enabled.settings).toEqual({ noHeader: true })
    expect((await run(Dashboards.use((d) => d.get(id)))).is_shared).toBe(true)
    const disabled = await run(Sharing.use((s) => s.update(id, { enabled: false })))
    expect(disabled.enabled).toBe(false)
    expect(disabled.access_token).toBe(enabled.access_token)
  })

  it("refresh issues a new access token", async () => {
    const id = await newDashboard()
    const enabled = await run(Sharing.use((s) => s.update(id, { enabled: true })))
    const refreshed = await run(Sharing.use((s) => s.refresh(id)))
    expect(refreshed.enabled).toBe(true)
    expect(refreshed.access_token).toBeTruthy()
    expect(refreshed.access_token).not.toBe(enabled.access_token)
  })

  it("creates and deletes passwords once password protection is on", async () => {
    const id = await newDashboard()
    const refused = await fail(Sharing.use((s) => s.createPassword(id, { note: "early" })))
    expect(refused.reason._tag).toBe("ValidationError")
    expect(refused.reason.detail).toBe("Password protection must be enabled before creating passwords")
    await run(Sharing.use((s) => s.update(id, { enabled: true, password_required: true })))
    const generated = await run(Sharing.use((s) => s.createPassword(id, { note: "for Bob" })))
    expect(generated.password.length).toBeGreaterThanOrEqual(16)
    expect(generated.note).toBe("for Bob")
    const chosen = await run(Sharing.use((s) => s.createPassword(id, { raw_password: "correct horse" })))
    let config = await run(Sharing.use((s) => s.get(id)))
    expect(config.share_passwords?.map((p) => p.id).sort()).toEqual([generated.id, chosen.id].sort())
    await run(Sharing.use((s) => s.deletePassword(id, generated.id)))
    config = await run(Sharing.use((s) => s.get(id)))
    expect(config.share_passwords?.map((p) => p.id)).toEqual([chosen.id])
    const missing = await fail(Sharing.use((s) => s.deletePassword(id, generated.id)))
    expect(missing.reason._tag).toBe("NotFound")
  })

  it("a dashboard that does not exist is NotFound", async () => {
    const error = await fail(Sharing.use((s) => s.get(999_999)))
    expect(error.reason._tag).toBe("NotFound")
    expect(error.reason.detail).toBe("Dashboard not found.")
  })
})
