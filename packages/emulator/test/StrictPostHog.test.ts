/** decisions.md point 6 and §0.4: `strictPostHog` refuses API keys where PostHog derives no scope. */
import { describe, expect, it } from "vitest"
import { tiles, useEmulator } from "./internal/Harness.js"

const { emu, client } = useEmulator({ strictPostHog: true })

const refusal = {
  type: "authentication_error",
  code: "permission_denied",
  detail: "This action does not support personal API key access",
  attr: null
}

describe("--strict-posthog", () => {
  it("§0.4 complete and reopen → 403 This action does not support personal API key access, even for *", async () => {
    const task = await client.post("comments/", { content: "t", scope: "Notebook", is_task: true })
    for (const action of ["complete", "reopen"]) {
      const res = await client.post(`comments/${task.body.id}/${action}/`)
      expect(res.status).toBe(403)
      expect(res.body).toEqual(refusal)
    }
  })

  it("§0.4 json_schema and copy_between_projects → 403 for API keys", async () => {
    expect((await client.get("dashboard_templates/json_schema/")).body).toEqual(refusal)
    const t = await client.post("dashboard_templates/", { template_name: "x", tiles })
    expect(
      (await client.post("dashboard_templates/copy_between_projects/", { source_template_id: t.body.id }))
        .body
    ).toEqual(refusal)
  })

  it("§0.4 ordinary endpoints still accept the key", async () => {
    expect((await client.get("comments/")).status).toBe(200)
    expect(emu().projectId).toBe(1)
  })
})
