/**
 * One pass over every tool, as an agent would chain them, checking each answer and what the emulator
 * holds afterwards. Shared by the stdio and HTTP end-to-end tests.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { expect } from "vitest"
import { api, type Emu, json, TILE } from "./helpers.js"

export interface Transcript {
  readonly request: { readonly name: string; readonly arguments: Record<string, unknown> }
  readonly result: unknown
}

export const runScenario = async (client: Client, emu: Emu, otherProjectId: number) => {
  const called = new Set<string>()
  const transcripts: Array<Transcript> = []
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    called.add(name)
    const result = await client.callTool({ name, arguments: args })
    transcripts.push({ request: { name, arguments: args }, result })
    return json(result)
  }
  const p = `/api/projects/${emu.projectId}`
  // A UI link: on the server's host, in its project (left out when the server follows the key's @current one).
  const ui = (path: string) =>
    new RegExp(`^${emu.url}(/project/${emu.projectId})?${path.replace(/[?#]/g, "\\$&")}$`)
  const get = (path: string) => api(emu, "GET", path, undefined, emu.apiKey)

  // ---- dashboards
  const created = await call("dashboard-create", {
    name: "Revenue",
    description: "Weekly revenue",
    tags: ["finance"]
  })
  const dashboardId = created.id as number
  expect(created.name).toBe("Revenue")
  expect(created._posthogUrl).toMatch(ui(`/dashboard/${dashboardId}`))
  expect((await get(`${p}/dashboards/${dashboardId}/`)).json.name).toBe("Revenue")

  const listed = await call("dashboards-get-all", { search: "Revenue" })
  expect(listed.results.map((d: { id: number }) => d.id)).toContain(dashboardId)
  expect(listed.count).toBeGreaterThanOrEqual(1)
  expect(listed).toHaveProperty("next")

  // PostHog takes a numeric string as a dashboard id; so does the tool.
  const full = await call("dashboard-get", { id: String(dashboardId) })
  expect(full.description).toBe("Weekly revenue")
  expect(JSON.stringify(full)).not.toContain(":null")

  const updated = await call("dashboard-update", { id: dashboardId, name: "Revenue (weekly)", pinned: true })
  expect(updated.name).toBe("Revenue (weekly)")
  const stored = (await get(`${p}/dashboards/${dashboardId}/`)).json
  expect(stored.name).toBe("Revenue (weekly)")
  expect(stored.pinned).toBe(true)

  // ---- sharing
  const sharing = await call("dashboard-sharing-get", { dashboard_id: dashboardId })
  expect(sharing.enabled).toBe(false)
  const enabled = await call("dashboard-sharing-update", {
    dashboard_id: dashboardId,
    enabled: true,
    password_required: true
  })
  expect(enabled.enabled).toBe(true)
  expect(enabled._shareUrl).toBe(`${emu.url}/shared/${enabled.access_token}`)
  expect(enabled._posthogUrl).toMatch(ui(`/dashboard/${dashboardId}/sharing`))
  expect((await get(`${p}/dashboards/${dashboardId}/sharing/`)).json.enabled).toBe(true)
  const refreshed = await call("dashboard-sharing-refresh", { dashboard_id: dashboardId })
  expect(refreshed.access_token).toBeTruthy()
  expect(refreshed.access_token).not.toBe(enabled.access_token)
  expect(refreshed._shareUrl).toBe(`${emu.url}/shared/${refreshed.access_token}`)
  const password = await call("dashboard-sharing-password-create", {
    dashboard_id: dashboardId,
    note: "for Bob"
  })
  expect(password.password.length).toBeGreaterThanOrEqual(8)
  expect((await get(`${p}/dashboards/${dashboardId}/sharing/`)).json.share_passwords).toHaveLength(1)
  await call("dashboard-sharing-password-delete", { dashboard_id: dashboardId, password_id: password.id })
  expect((await get(`${p}/dashboards/${dashboardId}/sharing/`)).json.share_passwords).toHaveLength(0)

  const deleted = await call("dashboard-delete", { id: dashboardId })
  expect(deleted.ok).toBe(true)
  expect((await get(`${p}/dashboards/${dashboardId}/`)).status).toBe(404)

  // ---- templates
  const schema = await call("dashboard-templates-json-schema")
  expect(schema.properties).toHaveProperty("tiles")
  const template = await call("dashboard-templates-create", {
    template_name: "Ops overview",
    dashboard_description: "Operations at a glance",
    tiles: [TILE],
    tags: ["ops"]
  })
  const templateId = template.id as string
  expect(template.tiles).toHaveLength(1)
  const templates = await call("dashboard-templates-list", { scope: "team" })
  const item = templates.results.find((t: { id: string }) => t.id === templateId)
  expect(item.template_name).toBe("Ops overview")
  expect(item).not.toHaveProperty("tiles")
  expect(templates._truncated).toContain("tiles")
  const withTiles = await call("dashboard-templates-list", {
    scope: "team",
    fields: ["template_name", "tiles"]
  })
  expect(withTiles.results.find((t: { id: string }) => t.id === templateId).tiles).toHaveLength(1)
  const retrieved = await call("dashboard-templates-retrieve", { id: templateId })
  expect(retrieved.tiles).toHaveLength(1)
  await call("dashboard-templates-update", { id: templateId, dashboard_description: "Ops, daily" })
  expect((await get(`${p}/dashboard_templates/${templateId}/`)).json.dashboard_description).toBe("Ops, daily")

  const source = await api(
    emu,
    "POST",
    `/api/projects/${otherProjectId}/dashboard_templates/`,
    { template_name: "Shared KPIs", tiles: [TILE] },
    emu.apiKey
  )
  expect(source.status).toBe(201)
  const copy = await call("dashboard-templates-copy-between-projects", { source_template_id: source.json.id })
  expect(copy.template_name).toBe("Shared KPIs")
  expect(copy.team_id).toBe(emu.projectId)
  expect((await get(`${p}/dashboard_templates/${copy.id}/`)).status).toBe(200)

  await call("dashboard-templates-delete", { id: templateId })
  const after = (await get(`${p}/dashboard_templates/?scope=team`)).json.results.map(
    (t: { id: string }) => t.id
  )
  expect(after).not.toContain(templateId)

  // ---- comments
  // item_id as the number an agent holds; PostHog stores it as text.
  const task = await call("comment-create", {
    scope: "Dashboard",
    item_id: 7,
    content: "Numbers look off",
    is_task: true
  })
  expect(task.item_id).toBe("7")
  expect(task._posthogUrl).toMatch(ui("/dashboard/7#panel=discussion"))
  const reply = await call("comment-create", { source_comment: task.id, content: "Agreed, checking" })
  expect(reply.source_comment).toBe(task.id)
  const comments = await call("comments-list", { scope: "Dashboard", item_id: "7" })
  expect(comments.results.map((c: { id: string }) => c.id).sort()).toEqual([task.id, reply.id].sort())
  expect(comments.next).toBeNull()
  expect(comments._user_data).toMatch(/data/)
  expect((await call("comment-get", { id: task.id })).content).toBe("Numbers look off")
  const thread = await call("comment-thread", { id: task.id })
  expect(thread.results.map((c: { id: string }) => c.id)).toEqual([reply.id])
  expect((await call("comment-count", { scope: "Dashboard", item_id: "7", kind: "task" })).count).toBe(1)
  await call("comment-update", { id: task.id, content: "Numbers look off since Monday" })
  expect((await get(`${p}/comments/${task.id}/`)).json.content).toBe("Numbers look off since Monday")
  const completed = await call("comment-complete", { id: task.id })
  expect(completed.completed_at).toBeTruthy()
  expect((await get(`${p}/comments/${task.id}/`)).json.completed_at).toBeTruthy()
  const reopened = await call("comment-reopen", { id: task.id })
  expect(reopened.completed_at).toBeUndefined()
  expect((await get(`${p}/comments/${task.id}/`)).json.completed_at).toBeNull()
  await call("comment-delete", { id: reply.id })
  const remaining = (await get(`${p}/comments/?scope=Dashboard&item_id=7`)).json.results.map(
    (c: { id: string }) => c.id
  )
  expect(remaining).toEqual([task.id])
  const deletedOnes = await call("comments-list", { scope: "Dashboard", item_id: 7, deleted: true })
  expect(deletedOnes.results.map((c: { id: string }) => c.id)).toContain(reply.id)
  const restored = await call("comment-restore", { id: reply.id })
  expect(restored.content).toBe("Agreed, checking")
  expect((await get(`${p}/comments/${reply.id}/`)).json.deleted).toBe(false)

  // ---- account
  const me = await call("whoami")
  expect(me.email).toBeTruthy()
  expect(me._posthogUrl).toMatch(ui("/settings/user"))
  const key = await call("personal-api-key-get-current")
  expect(Array.isArray(key.scopes)).toBe(true)
  expect(JSON.stringify(key)).not.toContain(emu.apiKey)

  return { called, transcripts }
}
