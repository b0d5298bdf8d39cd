/**
 * Finding (Low): `templateSourceProjects` was bypassed. With project 2 allowed, `copy_between_projects`
 * given project 3's template id copied it in: the proxy checked only the URL's project (the target), not
 * the source the body names.
 */
import { type Emulator, startEmulator } from "@hogkit/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { admin, type Listening, startProxy } from "./support/Rig.js"

let emu: Emulator
let proxy: Listening
const projects = { allowed: 0, other: 0 }
const templates = { allowed: "", other: "" }

const templateIn = async (project: number, name: string) => {
  const res = await fetch(`${emu.url}/api/projects/${project}/dashboard_templates/`, {
    method: "POST",
    headers: { authorization: `Bearer ${emu.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ template_name: name, tiles: [{ type: "TEXT", body: "x" }] })
  })
  return ((await res.json()) as { id: string }).id
}

const ownTemplateNames = async () => {
  const res = await fetch(`${emu.url}/api/projects/${emu.projectId}/dashboard_templates/?scope=team`, {
    headers: { authorization: `Bearer ${emu.apiKey}` }
  })
  return ((await res.json()) as { results: Array<{ template_name: string }> }).results.map(
    (t) => t.template_name
  )
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0, quiet: true })
  for (const key of ["allowed", "other"] as const) {
    const project = await admin<{ id: number }>(emu, "POST", "/_emulator/projects", {
      organization_id: emu.organizationId,
      name: key
    })
    projects[key] = project.id
    templates[key] = await templateIn(project.id, `From ${key}`)
  }
  proxy = await startProxy({
    apiKey: emu.apiKey,
    host: emu.url,
    projectId: emu.projectId,
    templateSourceProjects: [projects.allowed]
  })
})
afterAll(async () => {
  await proxy?.close()
  await emu?.close()
})

const copy = (id: string) =>
  fetch(`${proxy.url}/posthog/api/projects/@current/dashboard_templates/copy_between_projects/`, {
    method: "POST",
    headers: { origin: proxy.url, "content-type": "application/json" },
    body: JSON.stringify({ source_template_id: id })
  })

describe("copy_between_projects through the proxy", () => {
  it("refuses a template from a project outside templateSourceProjects, and copies nothing", async () => {
    const res = await copy(templates.other)
    expect(res.status).toBe(403)
    expect((await res.json()).detail).toMatch(/templateSourceProjects/)
    expect(await ownTemplateNames()).not.toContain("From other")
  })

  it("refuses a body it cannot check (extra keys, an id that is not a UUID) instead of forwarding it", async () => {
    for (const body of [
      { source_template_id: templates.other, extra: true },
      { source_template_id: templates.other.replaceAll("-", "") },
      [templates.other]
    ]) {
      const res = await fetch(
        `${proxy.url}/posthog/api/projects/@current/dashboard_templates/copy_between_projects/`,
        {
          method: "POST",
          headers: { origin: proxy.url, "content-type": "application/json" },
          body: JSON.stringify(body)
        }
      )
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
    expect(await ownTemplateNames()).not.toContain("From other")
  })

  it("copies a template from a listed project", async () => {
    const res = await copy(templates.allowed)
    expect(res.status).toBe(201)
    expect(await ownTemplateNames()).toContain("From allowed")
  })
})
