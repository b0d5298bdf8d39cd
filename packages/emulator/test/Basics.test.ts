import { describe, expect, it } from "vitest"
import { useEmulator } from "./internal/Harness.js"

const { emu, client } = useEmulator()

describe("startEmulator", () => {
  it("serves the four resources with the default key", async () => {
    for (const path of ["comments/", "dashboard_templates/", "dashboards/"]) {
      const res = await client.get(path)
      expect(res.status, path).toBe(200)
    }
    const dash = await client.post("dashboards/", { name: "Hello" })
    expect(dash.status).toBe(201)
    const sharing = await client.get(`dashboards/${dash.body.id}/sharing`)
    expect(sharing.status).toBe(200)
    expect(sharing.body.enabled).toBe(false)
  })

  it("reports the boot state on the admin API", async () => {
    const info = await client.admin("GET", "/_emulator/info")
    expect(info.body).toMatchObject({
      project_id: 1,
      user_id: 1,
      api_key: emu().apiKey,
      organization_id: emu().organizationId
    })
    expect(emu().url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(emu().apiKey).toMatch(/^phx_[0-9A-Za-z]+$/)
  })

  it("reset() forgets everything created since boot", async () => {
    await client.post("dashboards/", { name: "Temporary" })
    await emu().reset()
    const list = await client.get("dashboards/")
    expect(list.body.count).toBe(0)
  })
})
