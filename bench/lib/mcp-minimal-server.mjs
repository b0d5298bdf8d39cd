// The MCP baseline: the smallest useful SDK server. One tool, `dashboard-get`, that fetches the dashboard
// with raw fetch and returns it as JSON text, over stdio. Reads the same environment as hogkit-mcp.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js"
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js"
import * as z from "zod"

const { POSTHOG_HOST: host, POSTHOG_PROJECT_ID: project, POSTHOG_PERSONAL_API_KEY: key } = process.env
const server = new McpServer({ name: "minimal", version: "0.0.0" })
server.registerTool(
  "dashboard-get",
  { title: "Get dashboard", description: "Get one dashboard by id.", inputSchema: { id: z.number().int() } },
  async ({ id }) => {
    const res = await fetch(`${host}/api/projects/${project}/dashboards/${id}/`, {
      headers: { Authorization: `Bearer ${key}` }
    })
    const text = await res.text()
    return { content: [{ type: "text", text }], isError: !res.ok }
  }
)
await server.connect(new StdioServerTransport())
