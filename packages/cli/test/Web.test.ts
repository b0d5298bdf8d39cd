/**
 * Links into PostHog: `--web` opens an object's page (built by core's catalogue), or prints it when no
 * browser can be opened; `create` names the new object's page on a terminal; share links come from the
 * catalogue too.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { Catalogue } from "@hogkit/core"
import { describe, expect, it } from "vitest"
import { seedDashboard, tempDir, useEmulator } from "./helpers.js"

const h = useEmulator()

const post = (p: string, body: Record<string, unknown>) =>
  h.api(p, { method: "POST", body: JSON.stringify(body) })

/** A stand-in browser that records the URL it was asked to open. */
const fakeBrowser = () => {
  const dir = tempDir("browser")
  const log = path.join(dir, "opened")
  const bin = path.join(dir, "browser")
  fs.writeFileSync(bin, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${log}'\n`, { mode: 0o755 })
  const opened = async () => {
    // The browser is started detached; give it a moment to write (bounded, not a timing assertion).
    for (let i = 0; i < 100 && !fs.existsSync(log); i++) await new Promise((r) => setTimeout(r, 50))
    return fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : []
  }
  return { bin, opened }
}

describe("links into PostHog", () => {
  it("--web prints the page when no browser can be opened", async () => {
    const d = await seedDashboard(h, { name: "Web" })
    const project = h.emu.projectId
    const get = await h.run(["dashboards", "get", String(d.id), "--web"], { env: { DISPLAY: undefined } })
    expect(get.code).toBe(0)
    expect(get.stdout).toBe(`${h.emu.url}/project/${project}/dashboard/${d.id}\n`)

    const c = await post("comments/", { content: "hi", scope: "Dashboard", item_id: String(d.id) })
    const comment = await h.run(["comments", "get", c.id, "-w"])
    expect(comment.stdout).toBe(`${h.emu.url}/project/${project}/dashboard/${d.id}#panel=discussion\n`)

    const t = await post("dashboard_templates/", { template_name: "Web", tiles: [{}] })
    const template = await h.run(["templates", "get", t.id, "--web"])
    expect(template.stdout).toBe(`${h.emu.url}/project/${project}/dashboard?tab=templates\n`)

    const sharing = await h.run(["sharing", "get", String(d.id), "--web"])
    expect(sharing.stdout).toBe(`${h.emu.url}/project/${project}/dashboard/${d.id}/sharing\n`)

    const missing = await h.run(["dashboards", "get", "999999", "--web"])
    expect(missing.code).toBe(3)
  })

  it("--web opens $BROWSER on get, create and update", async () => {
    const browser = fakeBrowser()
    const d = await seedDashboard(h, { name: "Open" })
    const get = await h.run(["dashboards", "get", String(d.id), "--web"], { env: { BROWSER: browser.bin } })
    expect(get.code).toBe(0)
    expect(get.stdout).toBe("")
    const project = h.emu.projectId
    expect(await browser.opened()).toEqual([`${h.emu.url}/project/${project}/dashboard/${d.id}`])

    const other = fakeBrowser()
    const created = await h.run(["dashboards", "create", "--name", "Fresh", "--web", "--format", "json"], {
      env: { BROWSER: other.bin }
    })
    const id = JSON.parse(created.stdout).id
    expect(await other.opened()).toEqual([`${h.emu.url}/project/${project}/dashboard/${id}`])

    const third = fakeBrowser()
    const updated = await h.run(["dashboards", "update", String(id), "--name", "Renamed", "--web"], {
      env: { BROWSER: third.bin }
    })
    expect(updated.code).toBe(0)
    expect(await third.opened()).toEqual([`${h.emu.url}/project/${project}/dashboard/${id}`])
  })

  it("--web on a list opens the list page in PostHog, or prints it, without fetching the list", async () => {
    const project = h.emu.projectId
    const pages: Array<[ReadonlyArray<string>, string]> = [
      [["dashboards", "list", "--web"], `${h.emu.url}/project/${project}/dashboard`],
      [["templates", "list", "-w"], `${h.emu.url}/project/${project}/dashboard?tab=templates`],
      [["comments", "list", "--web"], `${h.emu.url}/project/${project}/data-management/comments`]
    ]
    for (const [argv, url] of pages) {
      const printed = await h.run(argv, { env: { DISPLAY: undefined, BROWSER: undefined } })
      expect(printed.code, argv.join(" ")).toBe(0)
      expect(printed.stdout).toBe(`${url}\n`)
      const browser = fakeBrowser()
      const opened = await h.run(argv, { env: { BROWSER: browser.bin } })
      expect(opened.code).toBe(0)
      expect(opened.stdout).toBe("")
      expect(await browser.opened()).toEqual([url])
    }
    const quiet = await h.run(["dashboards", "list", "--web", "--debug"], { env: { DISPLAY: undefined } })
    expect(quiet.stderr).not.toContain("> GET")
    // With @current the link leaves the project out, as PostHog opens the user's current one.
    const current = await h.run(["dashboards", "ls", "--web", "--project", "@current"])
    expect(current.stdout).toBe(`${h.emu.url}/dashboard\n`)
  })

  it("create names the new object's page on a terminal, and not in a pipe", async () => {
    const tty = await h.run(["dashboards", "create", "--name", "Linked"], { tty: true })
    expect(tty.code).toBe(0)
    const id = (await h.api("dashboards/")).results[0].id
    expect(tty.stdout).toContain(
      `View it in PostHog: ${h.emu.url}/project/${h.emu.projectId}/dashboard/${id}`
    )
    const piped = await h.run(["dashboards", "create", "--name", "Quiet"])
    expect(piped.stdout + piped.stderr).not.toContain("View it in PostHog")
    const comment = await h.run(
      ["comments", "create", "--content", "x", "--scope", "Dashboard", "--item-id", String(id)],
      {
        tty: true
      }
    )
    expect(comment.stdout).toContain(
      `${h.emu.url}/project/${h.emu.projectId}/dashboard/${id}#panel=discussion`
    )
  })

  it("prints the share link core builds", async () => {
    const d = await seedDashboard(h, { name: "Shared" })
    const enabled = await h.run(["sharing", "enable", String(d.id)])
    const config = await h.api(`dashboards/${d.id}/sharing`)
    expect(enabled.stdout.trim()).toBe(Catalogue.shareUrl(config, h.emu.url))
    expect(enabled.stdout.trim()).toBe(`${h.emu.url}/shared/${encodeURIComponent(config.access_token)}`)
  })
})
