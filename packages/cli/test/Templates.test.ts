import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { tempDir, useEmulator } from "./helpers.js"

const h = useEmulator()
const dir = tempDir("templates")

const templateFile = (name: string, extra: Record<string, unknown> = {}) => {
  const file = path.join(dir, `${name.replace(/\W/g, "_")}.json`)
  fs.writeFileSync(
    file,
    JSON.stringify({
      template_name: name,
      dashboard_description: "d",
      tiles: [{ type: "INSIGHT", name: "x" }],
      tags: ["t"],
      ...extra
    })
  )
  return file
}

const createTemplate = (name: string) =>
  h.api("dashboard_templates/", {
    method: "POST",
    body: JSON.stringify({ template_name: name, tiles: [{ type: "INSIGHT" }] })
  })

describe("hogkit templates", () => {
  it("creates from a file in every format", async () => {
    const json = await h.run(["templates", "create", "--file", templateFile("Funnel"), "--format", "json"])
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toMatchObject({ template_name: "Funnel", scope: "team", tags: ["t"] })
    const jsonl = await h.run([
      "templates",
      "create",
      "--file",
      templateFile("Retention"),
      "--format",
      "jsonl"
    ])
    expect(JSON.parse(jsonl.stdout).template_name).toBe("Retention")
    const tsv = await h.run(["templates", "create", "--file", templateFile("Growth")])
    expect(tsv.stdout.split("\t")[1]).toBe("Growth")
    const table = await h.run(["templates", "create", "--file", templateFile("Churn")], { tty: true })
    expect(table.stdout).toMatch(/name:\s+Churn/)
  })

  it("lists, filters and orders", async () => {
    await createTemplate("Beta")
    await createTemplate("Alpha")
    const tsv = await h.run(["templates", "list", "--scope", "team", "--fields", "template_name"])
    expect(tsv.stdout).toBe("Alpha\nBeta\n")
    const desc = await h.run([
      "templates",
      "list",
      "--scope",
      "team",
      "--order=-template_name",
      "--format",
      "json"
    ])
    expect(JSON.parse(desc.stdout).map((t: { template_name: string }) => t.template_name)).toEqual([
      "Beta",
      "Alpha"
    ])
    const jsonl = await h.run(["templates", "list", "--scope", "team", "--limit", "1", "--format", "jsonl"])
    expect(jsonl.stdout.trim().split("\n")).toHaveLength(1)
    const all = await h.run(["templates", "list", "--scope", "team", "--all", "--format", "jsonl"])
    expect(all.stdout.trim().split("\n")).toHaveLength(2)
    const table = await h.run(["templates", "list", "--scope", "team"], { tty: true })
    expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+NAME\s+SCOPE\s+FEATURED\s+TAGS\s+CREATED/)
  })

  it("gets, updates, deletes softly and restores", async () => {
    const t = await createTemplate("Ops")
    expect(JSON.parse((await h.run(["templates", "get", t.id, "--format", "json"])).stdout)).toEqual(
      await h.api(`dashboard_templates/${t.id}/`)
    )
    expect((await h.run(["templates", "get", t.id], { tty: true })).stdout).toMatch(/name:\s+Ops/)
    expect((await h.run(["templates", "get", t.id])).stdout.split("\t")[1]).toBe("Ops")
    expect(JSON.parse((await h.run(["templates", "get", t.id, "--format", "jsonl"])).stdout).id).toBe(t.id)

    const upd = await h.run([
      "templates",
      "update",
      t.id,
      "--name",
      "Ops 2",
      "--tag",
      "x",
      "--format",
      "json"
    ])
    expect(JSON.parse(upd.stdout)).toMatchObject({ template_name: "Ops 2", tags: ["x"] })
    // Project templates accept only name, description, tags and deleted from non-staff users.
    const patch = path.join(dir, "patch.json")
    fs.writeFileSync(patch, JSON.stringify({ template_name: "Ops 3", dashboard_description: "from a file" }))
    const fromFile = await h.run(["templates", "update", t.id, "--file", patch, "--format", "jsonl"])
    expect(JSON.parse(fromFile.stdout).template_name).toBe("Ops 3")

    const del = await h.run(["templates", "delete", t.id, "--yes", "--format", "json"])
    expect(JSON.parse(del.stdout).deleted).toBe(true)
    expect((await h.api("dashboard_templates/?scope=team")).count).toBe(0)
    const restored = await h.run(["templates", "restore", t.id], { tty: true })
    expect(restored.code).toBe(0)
    expect(restored.stdout).toMatch(/deleted:\s+no/)
    expect((await h.api("dashboard_templates/?scope=team")).count).toBe(1)
  })

  it("prints the JSON schema", async () => {
    for (const format of ["json", "jsonl", "table", "tsv"]) {
      const r = await h.run(["templates", "schema", "--format", format])
      expect(r.code).toBe(0)
      expect(JSON.parse(r.stdout)).toMatchObject({
        type: "object",
        required: expect.arrayContaining(["tiles"])
      })
    }
  })

  it("copies a template from another project, into this one or --to-project", async () => {
    const org = h.emu.organizationId
    const other = await (
      await fetch(`${h.emu.url}/_emulator/projects`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ organization_id: org, name: "Other" })
      })
    ).json()
    const source = await h.api(`/api/projects/${other.id}/dashboard_templates/`, {
      method: "POST",
      body: JSON.stringify({ template_name: "Shared", tiles: [{ type: "INSIGHT" }] })
    })
    const copy = await h.run(["templates", "copy", source.id, "--format", "json"])
    expect(copy.code, copy.stderr).toBe(0)
    expect(JSON.parse(copy.stdout)).toMatchObject({ template_name: "Shared", team_id: h.emu.projectId })
    const local = await createTemplate("Local")
    const back = await h.run([
      "templates",
      "copy",
      local.id,
      "--to-project",
      String(other.id),
      "--format",
      "jsonl"
    ])
    expect(back.code, back.stderr).toBe(0)
    expect(JSON.parse(back.stdout)).toMatchObject({ template_name: "Local", team_id: other.id })
    const same = await h.run(["templates", "copy", local.id])
    expect(same.code).toBe(2)
    expect(same.stderr).toContain("Source and destination must be different projects")
  })
})
