/**
 * `project-plan` through the real MCP client over stdio, against the emulator: only in the opt-in `ascode`
 * toolset, read-only, it shows field by field what as-code files would change, in this project or another,
 * changes nothing, and explains files that are not valid.
 */
import { startEmulator } from "@hogkit/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { api, type Emu, errorText, json, stdioClient } from "./helpers.js"

let emu: Emu & { readonly organizationId: string; close(): Promise<void> }
beforeAll(async () => {
  emu = await startEmulator({ port: 0, quiet: true })
})
afterAll(async () => {
  await emu?.close()
})

const env = () => ({
  POSTHOG_PERSONAL_API_KEY: emu.apiKey,
  POSTHOG_HOST: emu.url,
  POSTHOG_PROJECT_ID: String(emu.projectId)
})

describe("project-plan over stdio", () => {
  it("is offered only with --toolsets ascode, read-only", async () => {
    const plain = await stdioClient(env())
    expect((await plain.client.listTools()).tools.map((t) => t.name)).not.toContain("project-plan")
    await plain.close()
    const session = await stdioClient(env(), ["--toolsets", "ascode", "--read-only"])
    const { tools } = await session.client.listTools()
    expect(tools.map((t) => t.name)).toEqual(["project-plan"])
    expect(tools[0]?.annotations).toEqual({ readOnlyHint: true })
    await session.close()
  })

  it("plans an edit field by field, in this project and another, and changes nothing", async () => {
    const p = `/api/projects/${emu.projectId}`
    const created = await api(
      emu,
      "POST",
      `${p}/dashboards/`,
      { name: "Weekly", description: "Mondays" },
      emu.apiKey
    )
    const other = await api(emu, "POST", "/_emulator/projects", {
      organization_id: emu.organizationId,
      name: "Prod"
    })
    const session = await stdioClient(env(), ["--toolsets", "ascode"])
    const files = {
      "dashboards/weekly.yaml":
        "name: Weekly\ndescription: Mondays and Thursdays\nsharing:\n  enabled: true\n"
    }
    const here = json(await session.client.callTool({ name: "project-plan", arguments: { files } }))
    expect(here.changes).toBe(true)
    expect(here.summary).toEqual({ create: 0, update: 1, replace: 0, delete: 0 })
    expect(here.plan).toContain(`~ dashboard "Weekly" (id ${created.json.id})  dashboards/weekly.yaml`)
    expect(here.plan).toContain('    description: "Mondays" → "Mondays and Thursdays"')
    expect(here.plan).toContain("    public link: on")
    const there = json(
      await session.client.callTool({ name: "project-plan", arguments: { files, project_id: other.json.id } })
    )
    expect(there.summary).toEqual({ create: 1, update: 0, replace: 0, delete: 0 })
    expect(
      (await api(emu, "GET", `${p}/dashboards/${created.json.id}/`, undefined, emu.apiKey)).json.description
    ).toBe("Mondays")
    expect(
      (await api(emu, "GET", `/api/projects/${other.json.id}/dashboards/`, undefined, emu.apiKey)).json.count
    ).toBe(0)

    const bad = await session.client.callTool({
      name: "project-plan",
      arguments: { files: { "dashboards/x.yaml": "pinned: 3\n" } }
    })
    expect(bad.isError).toBe(true)
    expect(errorText(bad)).toContain("dashboards/x.yaml: name:")
    await session.close()
  })
})
