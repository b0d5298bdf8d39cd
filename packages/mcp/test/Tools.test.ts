import { readFileSync } from "node:fs"
import { join } from "node:path"
import { Catalogue } from "@hogkit/core"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js"
import { describe, expect, it } from "vitest"
import { createServer, type Runner, selectTools, TOOL_OF_OPERATION, TOOLSETS, tools } from "../src/index.js"
import { INSTRUCTIONS } from "../src/Server.js"
import { PACKAGE_DIR } from "./helpers.js"

const neverRun: Runner = () => Promise.reject(new Error("no PostHog in this test"))

const session = async (list = tools) => {
  const server = createServer(list, neverRun)
  const [a, b] = InMemoryTransport.createLinkedPair()
  const client = new Client({ name: "snapshot", version: "0" })
  await Promise.all([server.connect(a), client.connect(b)])
  return client
}

const listed = async () => {
  const client = await session()
  const { tools: list } = await client.listTools()
  await client.close()
  return list
}

type Schema = {
  properties?: Record<string, { description?: string; type?: unknown; anyOf?: Array<{ type?: unknown }> }>
  required?: Array<string>
}

const toolOf = (operation: string) => (TOOL_OF_OPERATION as Record<string, string>)[operation]

describe("the tool registry", () => {
  it("offers 29 tools in five toolsets, and project-plan in the opt-in ascode toolset", async () => {
    const list = await listed()
    expect(list).toHaveLength(30)
    expect(tools.filter((t) => t.toolset === "ascode").map((t) => t.name)).toEqual(["project-plan"])
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
        "comment-restore",
        "comment-complete",
        "comment-reopen"
      ],
      sharing: [
        "dashboard-sharing-get",
        "dashboard-sharing-update",
        "dashboard-sharing-refresh",
        "dashboard-sharing-password-create",
        "dashboard-sharing-password-delete"
      ],
      account: ["whoami", "personal-api-key-get-current"]
    })
  })

  it("exposes every operation of the catalogue, each through the tool the map names", () => {
    for (const op of Catalogue.operations) {
      const name = toolOf(op.name)
      expect(name, `${op.name} has no MCP tool`).toBeDefined()
      const tool = tools.find((t) => t.name === name)
      expect(tool, `${op.name} → ${name}, which is not a tool`).toBeDefined()
      expect(tool?.operations, name).toContain(op.name)
    }
    // …and names no operation the catalogue lacks.
    for (const name of Object.keys(TOOL_OF_OPERATION)) expect(Catalogue.operation(name), name).toBeDefined()
  })

  it("annotates each tool as its operations are in the catalogue", async () => {
    const list = await listed()
    for (const op of Catalogue.operations) {
      const name = toolOf(op.name) as string
      const registered = tools.find((t) => t.name === name)?.annotations
      const shown = list.find((t) => t.name === name)?.annotations
      if (op.kind === "read") {
        expect(shown, `${name} reads`).toEqual({ readOnlyHint: true })
        continue
      }
      // readOnlyHint is false by the spec's default; a writing tool states the two hints that matter.
      expect(shown?.readOnlyHint, `${name} writes (${op.name})`).toBeUndefined()
      expect(typeof shown?.destructiveHint, name).toBe("boolean")
      expect(typeof shown?.idempotentHint, name).toBe("boolean")
      if (op.kind === "destructive") expect(shown?.destructiveHint, `${name}: ${op.name}`).toBe(true)
      if (!op.idempotent) expect(shown?.idempotentHint, `${name}: ${op.name}`).toBe(false)
      expect(registered?.openWorldHint, name).toBe(true)
    }
    // What an agent must confirm first: updates that can soft-delete or overwrite, link changes, revocations.
    for (const name of [
      "dashboard-update",
      "dashboard-templates-update",
      "comment-update",
      "dashboard-sharing-update",
      "dashboard-sharing-refresh",
      "dashboard-sharing-password-delete",
      "dashboard-delete",
      "comment-delete"
    ]) {
      expect(list.find((t) => t.name === name)?.annotations?.destructiveHint, name).toBe(true)
    }
    for (const name of ["comment-restore", "comment-complete", "comment-create", "dashboard-create"]) {
      expect(list.find((t) => t.name === name)?.annotations?.destructiveHint, name).toBe(false)
    }
    expect(list.find((t) => t.name === "comment-create")?.annotations?.idempotentHint).toBe(false)
    // PostHog answers a second complete with 400 "Task is already complete": not idempotent.
    expect(list.find((t) => t.name === "comment-complete")?.annotations?.idempotentHint).toBe(false)
  })

  it("describes every tool with the catalogue's words and every argument", async () => {
    for (const tool of await listed()) {
      expect(tool.title, tool.name).toBeTruthy()
      const ops = tools.find((t) => t.name === tool.name)?.operations ?? []
      const main = Catalogue.operation(ops[0] as string)
      // The catalogue's description opens the tool's (its operation names turned into tool names), for the
      // tools that run one operation; project-plan runs core's as-code engine over several reads.
      if (toolOf(ops[0] as string) === tool.name)
        expect(tool.description?.slice(0, 20), tool.name).toBe(main?.description.slice(0, 20))
      expect(tool.description, tool.name).not.toMatch(
        /\b(Dashboards|Comments|DashboardTemplates|Sharing)\.\w+/
      )
      for (const [arg, schema] of Object.entries((tool.inputSchema as Schema).properties ?? {})) {
        expect(schema.description?.length ?? 0, `${tool.name} ${arg}`).toBeGreaterThan(4)
      }
    }
  })

  it("offers no body field PostHog manages itself, nor one the operation sets", async () => {
    for (const tool of await listed()) {
      const props = Object.keys((tool.inputSchema as Schema).properties ?? {})
      for (const opName of tools.find((t) => t.name === tool.name)?.operations ?? []) {
        const op = Catalogue.operation(opName) as Catalogue.Operation
        // Filters of a list (`creation_mode`) are questions about those fields, not writes to them.
        if (op.body === undefined) continue
        const pathIds = new Set(op.params.map((p) => p.name))
        for (const field of [...op.resource.serverManaged, ...(op.hiddenInputs ?? [])]) {
          if (pathIds.has(field)) continue
          expect(props, `${tool.name} offers ${field}`).not.toContain(field)
        }
      }
    }
  })

  it("declares what each tool requires, and takes ids in every form PostHog accepts", async () => {
    const list = await listed()
    const schema = (name: string) => list.find((t) => t.name === name)?.inputSchema as Schema
    expect(schema("comment-create").required).toEqual(["content"])
    expect(schema("comment-create").properties?.content?.type).toBe("string")
    expect(schema("dashboard-create").required).toEqual(["name"])
    expect(schema("dashboard-templates-create").required?.sort()).toEqual(["template_name", "tiles"])
    expect(schema("dashboard-templates-copy-between-projects").required).toEqual(["source_template_id"])
    expect(schema("dashboard-sharing-password-delete").required).toEqual(["dashboard_id", "password_id"])
    for (const name of ["dashboard-get", "comment-get", "comment-restore", "dashboard-update"]) {
      expect(schema(name).required, name).toEqual(["id"])
    }
    expect(schema("dashboards-get-all").required ?? []).toEqual([])
    // item_id: a string, or the number an agent just got as a dashboard's id.
    expect(schema("comment-create").properties?.item_id?.anyOf?.map((s) => s.type)).toEqual([
      "integer",
      "string"
    ])
    expect(schema("dashboard-update").properties?.restriction_level?.description).toMatch(
      /21 = everyone in the project, 37 = only people invited/
    )
    const create = tools.find((t) => t.name === "comment-create")?.inputSchema
    expect(create?.safeParse({ scope: "Dashboard", item_id: 9, content: "hi" }).data).toMatchObject({
      item_id: "9"
    })
    expect(create?.safeParse({ scope: "Dashboard", content: null }).success).toBe(false)
    const get = tools.find((t) => t.name === "dashboard-get")?.inputSchema
    expect(get?.safeParse({ id: "42" }).data).toEqual({ id: 42 })
    expect(get?.safeParse({ id: "seven" }).success).toBe(false)
  })

  it("says what every tool shares once, in the server's instructions", async () => {
    const client = await session()
    const instructions = client.getInstructions()
    await client.close()
    expect(instructions).toBe(INSTRUCTIONS)
    for (const word of ["`next`", "`fields`", "_posthogUrl", "_shareUrl", "_user_data", "_truncated"]) {
      expect(instructions, word).toContain(word)
    }
  })

  // Measured 24,525 bytes for 26 tools before the catalogue; 29 tools now, every argument described.
  it("keeps the whole tools/list answer within 20 KB (clients load it into every conversation)", async () => {
    // What a client gets without choosing toolsets: the opt-in ones (project-plan) are not in it.
    const client = await session(selectTools({}))
    const { tools: byDefault } = await client.listTools()
    await client.close()
    expect(byDefault).toHaveLength(29)
    const bytes = Buffer.byteLength(JSON.stringify({ tools: byDefault }))
    expect(bytes).toBeLessThanOrEqual(20_000)
  })

  it("lists in the README every tool, the operations it runs and its annotations", () => {
    const kind = (t: (typeof tools)[number]) =>
      t.annotations.readOnlyHint
        ? "read-only"
        : [
            t.annotations.destructiveHint ? "destructive" : "write",
            t.annotations.idempotentHint ? "idempotent" : ""
          ]
            .filter(Boolean)
            .join(", ")
    const rows = tools.map(
      (t) =>
        `| ${t.toolset} | \`${t.name}\` | ${t.operations.map((o) => `\`${o}\``).join(" ")} | ${kind(t)} |`
    )
    const readme = readFileSync(join(PACKAGE_DIR, "README.md"), "utf8")
    const table = readme.slice(readme.indexOf("<!-- tools:start -->"), readme.indexOf("<!-- tools:end -->"))
    expect(
      table
        .split("\n")
        .filter((line) => line.startsWith("| ") && !line.startsWith("| toolset") && !line.startsWith("| ---"))
    ).toEqual(rows)
  })

  it("matches the committed snapshot of names, annotations and input JSON Schemas", async () => {
    const list = await listed()
    const snapshot = list.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      annotations: t.annotations,
      inputSchema: t.inputSchema
    }))
    await expect(JSON.stringify(snapshot, null, 2)).toMatchFileSnapshot("./__snapshots__/tools.json")
  })
})
