import { spawn } from "node:child_process"
import { describe, expect, it } from "vitest"
import { shortIds } from "../src/internal/IdPrefix.js"
import { relativeTime, renderTable, sanitize, truncate } from "../src/internal/Output.js"
import { API_KEY, BIN, seedDashboard, useEmulator } from "./helpers.js"

const h = useEmulator()

describe("output formatting", () => {
  it("writes relative times, truncation and escapes the way people read them", () => {
    const now = Date.parse("2026-01-10T12:00:00Z")
    expect(relativeTime("2026-01-10T11:59:50Z", now)).toBe("just now")
    expect(relativeTime("2026-01-10T11:57:00Z", now)).toBe("3 minutes ago")
    expect(relativeTime("2026-01-10T11:00:00Z", now)).toBe("an hour ago")
    expect(relativeTime("2026-01-08T12:00:00Z", now)).toBe("2 days ago")
    expect(relativeTime("2026-01-12T12:00:00Z", now)).toBe("in 2 days")
    expect(relativeTime("2024-01-10T12:00:00Z", now)).toBe("2 years ago")
    expect(relativeTime("not a date", now)).toBe("not a date")
    expect(truncate("abcdefghij", 5)).toBe("abcd…")
    expect(truncate("abc", 5)).toBe("abc")
    expect(sanitize("a\tb\nc\u001b[31m")).toBe("a\\tb\\nc\\x1b[31m")
  })

  it("fits a table into the terminal width by shrinking the widest column", () => {
    const table = renderTable(
      [["1", "x".repeat(200), "yes"]],
      ["ID", "NAME", "PINNED"],
      [{ key: "id" }, { key: "name", wide: true }, { key: "pinned" }],
      60,
      false
    )
    for (const line of table.trimEnd().split("\n")) expect(line.length).toBeLessThanOrEqual(60)
    expect(table).toContain("…")
  })

  it("never cuts an id column, and shortens ids to the least that tells the rows apart", () => {
    const id = "3f2a9c1b-0000-4000-8000-000000000001"
    const table = renderTable(
      [[id, "x".repeat(200)]],
      ["ID", "CONTENT"],
      [
        { key: "id", shortId: true },
        { key: "content", wide: true }
      ],
      50,
      false
    )
    expect(table).toContain(id)
    expect(shortIds(["3f2a9c1b-aaaa", "77777777-bbbb"])).toEqual(["3f2a9c1b", "77777777"])
    // Sharing eight characters, they need the next one; a prefix never ends on a dash.
    expect(shortIds(["3f2a9c1b-aaaa", "3f2a9c1b-abbb"])).toEqual(["3f2a9c1b-aa", "3f2a9c1b-ab"])
    expect(shortIds(["3f2a9c1b1-aa", "3f2a9c1b2-bb"])).toEqual(["3f2a9c1b1", "3f2a9c1b2"])
  })

  it("prints a table on a terminal and tab-separated rows in a pipe", async () => {
    await seedDashboard(h, { name: "Tabs\tand\nnewlines", description: "d" })
    const piped = await h.run(["dashboards", "list"])
    expect(piped.stdout.split("\t")[1]).toBe("Tabs\\tand\\nnewlines")
    expect(piped.stdout.trim().split("\n")).toHaveLength(1)
    const tty = await h.run(["dashboards", "list"], { tty: true })
    expect(tty.stdout).toMatch(/^ID\s+NAME/)
    expect(tty.stdout).toContain("Tabs\\tand\\nnewlines")
    // --format table forces the table even in a pipe.
    expect((await h.run(["dashboards", "list", "--format", "table"])).stdout).toMatch(/^ID\s+NAME/)
  })

  it("truncates long text in the table but never in JSON", async () => {
    const long = `${"word ".repeat(60)}END`
    await seedDashboard(h, { name: long })
    const tty = await h.run(["dashboards", "list"], { tty: true })
    expect(tty.stdout).toContain("…")
    expect(tty.stdout).not.toContain("END")
    const json = await h.run(["dashboards", "list", "--format", "json"])
    expect(JSON.parse(json.stdout)[0].name).toBe(long)
  })

  it("uses colour on a terminal unless NO_COLOR is set, and never in a pipe", async () => {
    await seedDashboard(h, { name: "C" })
    const colour = await h.run(["dashboards", "list"], { tty: true })
    expect(colour.raw).toContain("\u001b[1m")
    const plain = await h.run(["dashboards", "list"], { tty: true, env: { NO_COLOR: "1" } })
    expect(plain.raw).not.toContain("\u001b[")
    expect((await h.run(["dashboards", "list", "--format", "table"])).stdout).not.toContain("\u001b[")
  })

  it("shows progress for --all on a terminal's stderr only", async () => {
    for (let i = 0; i < 30; i++) await seedDashboard(h, { name: `D${i}` })
    const tty = await h.run(["dashboards", "list", "--all"], { tty: true })
    expect(tty.raw).toContain("Fetched 25 items…")
    const piped = await h.run(["dashboards", "list", "--all"])
    expect(piped.stderr).toBe("")
    expect(piped.stdout.trim().split("\n")).toHaveLength(30)
  })

  it("stops quietly when the reader goes away", async () => {
    for (let i = 0; i < 5; i++) await seedDashboard(h, { name: `P${i}` })
    const result = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      const child = spawn(
        "sh",
        ["-c", `node ${BIN} dashboards list --all --format jsonl | head -n 1; exit \${PIPESTATUS:-0}`],
        {
          env: {
            PATH: process.env.PATH,
            XDG_CONFIG_HOME: h.configHome,
            POSTHOG_PERSONAL_API_KEY: API_KEY,
            POSTHOG_HOST: h.emu.url,
            POSTHOG_PROJECT_ID: "1"
          }
        }
      )
      let stderr = ""
      let stdout = ""
      child.stderr.on("data", (d) => (stderr += d))
      child.stdout.on("data", (d) => (stdout += d))
      child.on("close", (code) => resolve({ code, stderr, stdout }))
    })
    expect(result.stderr).toBe("")
    expect(JSON.parse(result.stdout).name).toBe("P0")
  })

  it("shows help on stdout and exits 0", async () => {
    const r = await h.run(["--help"])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/dashboards\s+Dashboards/)
    const sub = await h.run(["comments", "create", "--help"])
    expect(sub.stdout).toContain("--reply-to")
    const version = await h.run(["--version"])
    expect(version.stdout).toMatch(/^hogkit \d+\.\d+\.\d+\n$/)
  })
})
