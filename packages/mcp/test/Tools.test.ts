import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js"
import { describe, expect, it } from "vitest"
import { createServer, type Runner, TOOLSETS, tools } from "../src/index.js"

const neverRun: Runner = () => Promise.reject(new Error("no PostHog in this test"))

const listed = async () => {
  const server = createServer(tools, neverRun)
  const [a, b] = InMemoryTransport.createLinkedPair()
  const client = new Client({ name: "snapshot", version: "0" })
  await Promise.all([server.connect(a), client.connect(b)])
  const { tools: list } = await client.listTools()
  await client.close()
  return list
}

describe("the tool registry", () => {
  it("offers the 26 tools of interfaces.md, grouped in four toolsets", async () => {
    const list = await listed()
    expect(list).toHaveLength(26)
    const byToolset = Object.fromEntries(
      TOOLSETS.map((ts) => [ts, tools.filter((t) => t.toolset === ts).map((t) => t.name)])
    )
    expect(byToolset).toEqual({
      dashboards: [
        "dashboards-get-all",
        "dashboard-get",
        "dashboard-create",
        "dashboard-update",
        "dashboard-delete"
      ],
      templates: [
        "dashboard-templates-list",
        "dashboard-templates-retrieve",
        "dashboard-templates-create",
        "dashboard-templates-update",
        "dashboard-templates-delete",
        "dashboard-templates-copy-between-projects",
        "dashboard-templates-json-schema"
      ],
      comments: [
        "comments-list",
        "comment-get",
        "comment-thread",
        "comment-count",
        "comment-create",
        "comment-update",
        "comment-delete",
        "comment-complete",
        "comment-reopen"
      ],
      sharing: [
        "dashboard-sharing-get",
        "dashboard-sharing-update",
        "dashboard-sharing-refresh",
        "dashboard-sharing-password-create",
        "dashboard-sharing-password-delete"
      ]
    })
  })

  it("gives every tool a title, a description that names what comes next or when to use it, and all four hints", async () => {
    for (const tool of await listed()) {
      expect(tool.title, tool.name).toBeTruthy()
      expect(tool.description?.length, tool.name).toBeGreaterThan(60)
      expect(tool.annotations?.openWorldHint, tool.name).toBe(true)
      for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint"] as const) {
        expect(typeof tool.annotations?.[hint], `${tool.name} ${hint}`).toBe("boolean")
      }
    }
  })

  it("marks reads read-only, deletes and token refresh destructive, and updates idempotent", async () => {
    const list = await listed()
    const hints = (name: string) => list.find((t) => t.name === name)?.annotations
    const reads = list.filter((t) => /-(get|get-all|list|retrieve|thread|count|json-schema)$/.test(t.name))
    expect(reads.map((t) => t.name)).toHaveLength(10)
    for (const t of reads)
      expect(t.annotations, t.name).toMatchObject({ readOnlyHint: true, destructiveHint: false })
    for (const name of [
      "dashboard-delete",
      "dashboard-templates-delete",
      "comment-delete",
      "dashboard-sharing-refresh",
      "dashboard-sharing-password-delete"
    ]) {
      expect(hints(name), name).toMatchObject({ readOnlyHint: false, destructiveHint: true })
    }
    for (const name of [
      "dashboard-update",
      "dashboard-templates-update",
      "comment-update",
      "dashboard-sharing-update"
    ]) {
      expect(hints(name), name).toMatchObject({
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: true
      })
    }
    for (const name of [
      "dashboard-create",
      "dashboard-templates-create",
      "comment-create",
      "dashboard-sharing-password-create"
    ]) {
      expect(hints(name), name).toMatchObject({
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false
      })
    }
  })

  it("names arguments as PostHog does: id, dashboard_id, password_id, limit with offset or cursor", async () => {
    const props = (name: string) =>
      Object.keys((tools.find((t) => t.name === name)?.inputSchema.shape ?? {}) as object)
    expect(props("dashboard-get")).toContain("id")
    expect(props("dashboard-sharing-password-delete")).toEqual(["dashboard_id", "password_id"])
    expect(props("dashboards-get-all")).toEqual(
      expect.arrayContaining(["limit", "offset", "search", "fields"])
    )
    expect(props("dashboard-templates-list")).toEqual(
      expect.arrayContaining(["limit", "offset", "scope", "is_featured"])
    )
    expect(props("comments-list")).toEqual(
      expect.arrayContaining(["limit", "cursor", "scope", "item_id", "kind"])
    )
    expect(props("comment-create")).toEqual(
      expect.arrayContaining(["content", "scope", "item_id", "is_task", "source_comment"])
    )
    expect(props("dashboard-templates-create")).toEqual(expect.arrayContaining(["template_name", "tiles"]))
  })

  it("keeps the whole tools/list answer within a 26 KB budget (clients load it into every conversation)", async () => {
    const bytes = Buffer.byteLength(JSON.stringify({ tools: await listed() }))
    expect(bytes).toBeLessThan(26_000)
  })

  it("matches the committed snapshot of names, annotations and input JSON Schemas", async () => {
    const list = await listed()
    const snapshot = list.map((t) => ({
      name: t.name,
      title: t.title,
      annotations: t.annotations,
      inputSchema: t.inputSchema
    }))
    await expect(JSON.stringify(snapshot, null, 2)).toMatchFileSnapshot("./__snapshots__/tools.json")
  })
})
