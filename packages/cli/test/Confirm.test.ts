/**
 * Destructive commands ask first on a terminal, refuse without --yes when nobody can be asked, and say
 * how to undo what has an undo. What counts as destructive is core's catalogue (kind, destroys).
 */
import { describe, expect, it } from "vitest"
import { seedDashboard, useEmulator } from "./helpers.js"

const h = useEmulator()

const post = (p: string, body: Record<string, unknown>) =>
  h.api(p, { method: "POST", body: JSON.stringify(body) })

describe("confirmation of destructive commands", () => {
  it("refuses without --yes when stdin is not a terminal, and sends nothing", async () => {
    const d = await seedDashboard(h, { name: "Keep" })
    const c = await post("comments/", { content: "keep", scope: "Dashboard", item_id: String(d.id) })
    const t = await post("dashboard_templates/", { template_name: "Keep", tiles: [{}] })
    // PostHog creates passwords only once password protection is on.
    await h.api(`dashboards/${d.id}/sharing`, {
      method: "PATCH",
      body: JSON.stringify({ enabled: true, password_required: true })
    })
    const token = (await h.api(`dashboards/${d.id}/sharing`)).access_token
    const pw = await post(`dashboards/${d.id}/sharing/passwords/`, {})
    expect(pw.id).toBeDefined()
    const attempts = [
      ["dashboards", "delete", String(d.id)],
      ["dashboards", "update", String(d.id), "--deleted"],
      ["comments", "delete", c.id],
      ["templates", "delete", t.id],
      ["sharing", "refresh", String(d.id)],
      ["sharing", "disable", String(d.id)],
      ["sharing", "password", "remove", String(d.id), String(pw.id)]
    ]
    for (const argv of attempts) {
      const r = await h.run(argv)
      expect(r.code, argv.join(" ")).toBe(2)
      expect(r.stderr, argv.join(" ")).toContain("Add --yes to `hogkit")
      expect(r.stdout).toBe("")
    }
    expect((await h.api(`dashboards/${d.id}/`)).deleted).toBe(false)
    expect((await h.api(`comments/${c.id}/`)).content).toBe("keep")
    expect((await h.api(`dashboard_templates/${t.id}/`)).deleted).not.toBe(true)
    const sharing = await h.api(`dashboards/${d.id}/sharing`)
    expect(sharing).toMatchObject({ enabled: true, access_token: token })
    expect(sharing.share_passwords).toHaveLength(1)
  })

  it("says what would be lost, in the catalogue's words", async () => {
    const d = await seedDashboard(h, { name: "Keep" })
    const r = await h.run(["sharing", "disable", String(d.id)])
    expect(r.stderr).toContain(
      `This will change a dashboard's sharing (dashboard ${d.id}): it turns off the public link: everyone who has it loses access.`
    )
    const del = await h.run(["dashboards", "delete", String(d.id)])
    expect(del.stderr).toContain(
      `This will delete a dashboard (dashboard ${d.id}): it soft-deletes the dashboard.`
    )
  })

  it("asks nothing for changes that destroy nothing", async () => {
    const d = await seedDashboard(h, { name: "Old" })
    const rename = await h.run(["dashboards", "update", String(d.id), "--name", "New"])
    expect(rename.code).toBe(0)
    expect((await h.run(["sharing", "enable", String(d.id)])).code).toBe(0)
    expect((await h.run(["dashboards", "update", String(d.id), "--no-deleted"])).code).toBe(0)
  })

  it("asks on a terminal: yes goes ahead and says how to undo, anything else cancels", async () => {
    const d = await seedDashboard(h, { name: "Ask" })
    const no = await h.run(["dashboards", "delete", String(d.id)], { tty: true, input: "n\n" })
    expect(no.stdout).toContain(
      `This will delete a dashboard (dashboard ${d.id}): it soft-deletes the dashboard. Continue? [y/N]`
    )
    expect(no.stdout).toContain("Cancelled: nothing was changed.")
    expect(no.code).toBe(1)
    expect((await h.api(`dashboards/${d.id}/`)).deleted).toBe(false)

    const yes = await h.run(["dashboards", "delete", String(d.id)], { tty: true, input: "y\n" })
    expect(yes.code).toBe(0)
    expect(yes.stdout).toContain(`Undo with: hogkit dashboards restore ${d.id}`)
    expect((await h.api("dashboards/")).count).toBe(0)
  })

  it("deletes a comment after asking, and `comments restore` brings it back", async () => {
    const c = await post("comments/", { content: "bring me back", scope: "Notebook", item_id: "n1" })
    const del = await h.run(["comments", "delete", c.id], { tty: true, input: "yes\n" })
    expect(del.code).toBe(0)
    expect(del.stdout).toContain(`Undo with: hogkit comments restore ${c.id}`)
    expect((await h.api("comments/count")).count).toBe(0)
    const restored = await h.run(["comments", "restore", c.id, "--format", "json"])
    expect(restored.code).toBe(0)
    expect(JSON.parse(restored.stdout)).toMatchObject({ id: c.id, content: "bring me back", deleted: false })
    expect((await h.api(`comments/${c.id}/`)).content).toBe("bring me back")
  })

  it("goes ahead with --yes, and says how to undo a template delete", async () => {
    const t = await post("dashboard_templates/", { template_name: "Gone", tiles: [{}] })
    const r = await h.run(["templates", "delete", t.id, "--yes"], { tty: true })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`Undo with: hogkit templates restore ${t.id}`)
    const d = await seedDashboard(h, { name: "Soft" })
    const soft = await h.run(["dashboards", "update", String(d.id), "--deleted", "-y"], { tty: true })
    expect(soft.code).toBe(0)
    expect(soft.stdout).toContain(`Undo with: hogkit dashboards restore ${d.id}`)
    expect((await h.api("dashboards/")).count).toBe(0)
  })
})
