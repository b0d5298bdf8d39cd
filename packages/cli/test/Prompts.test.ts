/**
 * A person at a terminal is asked for a required flag they left out; a script is told what is missing
 * (exit 2) and nothing is sent. Colour follows NO_COLOR, CLICOLOR_FORCE and FORCE_COLOR.
 */
import { describe, expect, it } from "vitest"
import { seedDashboard, useEmulator } from "./helpers.js"

const h = useEmulator()
const ESC = "\u001b["

describe("prompts for missing required flags", () => {
  it("asks for --name on a terminal and creates the dashboard with the answer", async () => {
    const r = await h.run(["dashboards", "create", "--format", "json"], { tty: true, input: "Asked for\r" })
    expect(r.code, r.stdout).toBe(0)
    expect(r.stdout).toContain("Dashboard name")
    const all = (await h.api("dashboards/")).results
    expect(all.map((d: { name: string }) => d.name)).toEqual(["Asked for"])
  })

  it("asks for a comment's --content on a terminal", async () => {
    const d = await seedDashboard(h, { name: "Talk" })
    const r = await h.run(["comments", "create", "--scope", "Dashboard", "--item-id", String(d.id)], {
      tty: true,
      input: "Typed at the prompt\r"
    })
    expect(r.code, r.stdout).toBe(0)
    expect(r.stdout).toContain("Comment")
    expect((await h.api("comments/")).results[0].content).toBe("Typed at the prompt")
  })

  it("off a terminal fails with exit 2 and the missing flag, and sends nothing", async () => {
    for (const argv of [
      ["dashboards", "create"],
      ["templates", "create"],
      ["comments", "create", "--scope", "Dashboard", "--item-id", "1"]
    ]) {
      const r = await h.run(argv, { input: "ignored\n" })
      expect(r.code, argv.join(" ")).toBe(2)
      expect(r.stderr, argv.join(" ")).toMatch(/^Missing required flag --(name|file|content)\.\n/)
      expect(r.stdout).toBe("")
    }
    expect(await h.counts()).toMatchObject({ dashboards: 0, templates: 0, comments: 0 })
  })
})

describe("colour", () => {
  it("is off in a pipe, on with CLICOLOR_FORCE or FORCE_COLOR, and NO_COLOR wins over both", async () => {
    await seedDashboard(h, { name: "Colourful" })
    const table = ["dashboards", "list", "--format", "table"]
    expect((await h.run(table)).stdout).not.toContain(ESC)
    expect((await h.run(table, { env: { CLICOLOR_FORCE: "1" } })).stdout).toContain(ESC)
    expect((await h.run(table, { env: { FORCE_COLOR: "1" } })).stdout).toContain(ESC)
    expect((await h.run(table, { env: { FORCE_COLOR: "0" } })).stdout).not.toContain(ESC)
    expect((await h.run(table, { env: { FORCE_COLOR: "1", NO_COLOR: "1" } })).stdout).not.toContain(ESC)
    // `hogkit --help` is answered by the bin itself, and follows the same rules.
    expect((await h.run(["--help"])).stdout).not.toContain(ESC)
    expect((await h.run(["--help"], { env: { FORCE_COLOR: "1" } })).stdout).toContain(ESC)
    expect((await h.run(["dashboards", "--help"], { env: { CLICOLOR_FORCE: "1" } })).stdout).toContain(ESC)
    // On a terminal, NO_COLOR still turns it off.
    expect((await h.run(table, { tty: true, env: { NO_COLOR: "1" } })).raw).not.toContain(`${ESC}1m`)
  })
})
