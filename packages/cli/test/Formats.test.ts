import { describe, expect, it } from "vitest"
import { type Harness, useEmulator } from "./helpers.js"

const h = useEmulator()

/** What every format must look like for a command that prints one object. */
const checkObject = (format: string, stdout: string, key: string, value: unknown) => {
  switch (format) {
    case "json":
      expect(stdout).toMatch(/^\{\n {2}"/)
      expect(JSON.parse(stdout)[key]).toEqual(value)
      return
    case "jsonl":
      expect(stdout.trim().split("\n")).toHaveLength(1)
      expect(JSON.parse(stdout)[key]).toEqual(value)
      return
    case "tsv":
      expect(stdout.trim().split("\n")).toHaveLength(1)
      expect(stdout.split("\t").length).toBeGreaterThan(3)
      return
    case "table":
      expect(stdout).toMatch(/^id:\s+\S+/m)
      return
  }
}

const post = (path: string, body: unknown) => h.api(path, { method: "POST", body: JSON.stringify(body) })

type Setup = (h: Harness) => Promise<ReadonlyArray<string>>

/** Write commands, each run in every format on a fresh object: [name, argv builder, key, expected]. */
const commands: ReadonlyArray<readonly [string, Setup, string, unknown]> = [
  ["dashboards create", async () => ["dashboards", "create", "--name", "M"], "name", "M"],
  [
    "dashboards update",
    async () => [
      "dashboards",
      "update",
      String((await post("dashboards/", { name: "a" })).id),
      "--name",
      "U"
    ],
    "name",
    "U"
  ],
  [
    "dashboards delete",
    async () => ["dashboards", "delete", String((await post("dashboards/", { name: "a" })).id), "--yes"],
    "deleted",
    true
  ],
  [
    "dashboards restore",
    async () => {
      const d = await post("dashboards/", { name: "a" })
      await h.api(`dashboards/${d.id}/`, { method: "PATCH", body: JSON.stringify({ deleted: true }) })
      return ["dashboards", "restore", String(d.id)]
    },
    "deleted",
    false
  ],
  [
    "comments update",
    async () => [
      "comments",
      "update",
      (await post("comments/", { content: "a", scope: "N" })).id,
      "--content",
      "U",
      "--yes"
    ],
    "content",
    "U"
  ],
  [
    "comments complete",
    async () => [
      "comments",
      "complete",
      (await post("comments/", { content: "a", scope: "N", is_task: true })).id
    ],
    "is_task",
    true
  ],
  [
    "comments reopen",
    async () => {
      const c = await post("comments/", { content: "a", scope: "N", is_task: true })
      await h.api(`comments/${c.id}/complete/`, { method: "POST" })
      return ["comments", "reopen", c.id]
    },
    "completed_at",
    null
  ],
  [
    "comments delete",
    async () => ["comments", "delete", (await post("comments/", { content: "a", scope: "N" })).id, "--yes"],
    "deleted",
    true
  ],
  [
    "templates update",
    async () => [
      "templates",
      "update",
      (await post("dashboard_templates/", { template_name: `t${Math.random()}`, tiles: [{}] })).id,
      "--description",
      "U"
    ],
    "dashboard_description",
    "U"
  ],
  [
    "templates delete",
    async () => [
      "templates",
      "delete",
      (await post("dashboard_templates/", { template_name: `t${Math.random()}`, tiles: [{}] })).id,
      "--yes"
    ],
    "deleted",
    true
  ],
  [
    "templates restore",
    async () => {
      const t = await post("dashboard_templates/", { template_name: `t${Math.random()}`, tiles: [{}] })
      await h.api(`dashboard_templates/${t.id}/`, {
        method: "PATCH",
        body: JSON.stringify({ deleted: true })
      })
      return ["templates", "restore", t.id]
    },
    "deleted",
    false
  ]
]

describe("every write command in every format", () => {
  for (const [name, setup, key, value] of commands) {
    it(name, async () => {
      for (const format of ["json", "jsonl", "tsv", "table"]) {
        const args = await setup(h)
        const r =
          format === "table"
            ? await h.run(args, { tty: true, env: { NO_COLOR: "1" } })
            : await h.run([...args, "--format", format])
        expect(r.code, `${format}: ${r.stderr}`).toBe(0)
        checkObject(format, r.stdout, key, value)
      }
    })
  }
})
