import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { seedDashboard, tempDir, useEmulator } from "./helpers.js"

const h = useEmulator()

describe("hogkit api", () => {
  it("GETs a project path and prints PostHog's JSON in every format", async () => {
    await seedDashboard(h, { name: "Raw" })
    const direct = await h.api("dashboards/")
    for (const format of ["json", "table", "tsv"]) {
      const r = await h.run(["api", "GET", "dashboards/", "--format", format])
      expect(r.code, r.stderr).toBe(0)
      expect(JSON.parse(r.stdout)).toEqual(direct)
    }
    const jsonl = await h.run(["api", "get", "dashboards/", "--format", "jsonl"])
    expect(jsonl.stdout.trim().split("\n")).toHaveLength(1)
    expect(JSON.parse(jsonl.stdout)).toEqual(direct)
    const tty = await h.run(["api", "GET", "dashboards/"], { tty: true })
    expect(tty.stdout).toContain('"name": "Raw"')
  })

  it("sends --data as JSON text or from @file, and reaches absolute paths", async () => {
    const created = await h.run([
      "api",
      "POST",
      "dashboards/",
      "--data",
      '{"name":"Via api"}',
      "--format",
      "json"
    ])
    expect(created.code, created.stderr).toBe(0)
    const d = JSON.parse(created.stdout)
    expect(d.name).toBe("Via api")
    const file = path.join(tempDir("api"), "patch.json")
    fs.writeFileSync(file, JSON.stringify({ name: "Patched" }))
    const patched = await h.run([
      "api",
      "PATCH",
      `/api/projects/${h.emu.projectId}/dashboards/${d.id}/`,
      "--data",
      `@${file}`
    ])
    expect(patched.code, patched.stderr).toBe(0)
    expect((await h.api(`dashboards/${d.id}/`)).name).toBe("Patched")
    const stdin = await h.run(["api", "PATCH", `dashboards/${d.id}/`, "--data", "@-"], {
      input: '{"pinned":true}'
    })
    expect(stdin.code, stdin.stderr).toBe(0)
    expect((await h.api(`dashboards/${d.id}/`)).pinned).toBe(true)
  })

  it("--paginate follows next and prints every item", async () => {
    for (let i = 0; i < 5; i++) await seedDashboard(h, { name: `P${i}` })
    const jsonl = await h.run([
      "api",
      "GET",
      "dashboards/?limit=2",
      "--paginate",
      "--format",
      "jsonl",
      "--debug"
    ])
    expect(jsonl.code, jsonl.stderr).toBe(0)
    expect(
      jsonl.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).name)
    ).toEqual(["P0", "P1", "P2", "P3", "P4"])
    expect(jsonl.stderr.match(/^> GET /gm)).toHaveLength(3)
    const json = await h.run(["api", "GET", "dashboards/?limit=2", "--paginate", "--format", "json"])
    expect(JSON.parse(json.stdout)).toHaveLength(5)
    const piped = await h.run(["api", "GET", "dashboards/?limit=2", "--paginate"])
    expect(piped.stdout.trim().split("\n")).toHaveLength(5)
  })

  it("maps errors like every other command", async () => {
    const missing = await h.run(["api", "GET", "dashboards/424242/"])
    expect(missing.code).toBe(3)
    const refused = await h.run(["api", "DELETE", "dashboards/1/"])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain(`Method "DELETE" not allowed`)
    const invalid = await h.run(["api", "POST", "dashboards/", "--data", '{"filters": "not an object"}'])
    expect(invalid.code).toBe(2)
    expect(invalid.stderr).toContain("Filters must be a dictionary")
  })

  it("defaults to GET, and to POST once fields are given, as gh api does", async () => {
    await seedDashboard(h, { name: "Listed" })
    const get = await h.run(["api", "dashboards/", "--jq", ".results[].name", "--debug"])
    expect(get.code, get.stderr).toBe(0)
    expect(get.stdout).toBe("Listed\n")
    expect(get.stderr).toMatch(/^> GET .*\/dashboards\/$/m)
    const post = await h.run(["api", "dashboards/", "-f", "name=From fields", "--jq", ".name", "--debug"])
    expect(post.code, post.stderr).toBe(0)
    expect(post.stdout).toBe("From fields\n")
    expect(post.stderr).toMatch(/^> POST /m)
    // -X chooses; with GET the fields are the query string.
    const query = await h.run([
      "api",
      "-X",
      "GET",
      "dashboards/",
      "-F",
      "limit=1",
      "--jq",
      ".results | length"
    ])
    expect(query.stdout).toBe("1\n")
  })

  it("-F types its values (true/false/null/numbers/@file) and nests keys; -f keeps strings", async () => {
    const file = path.join(tempDir("api"), "desc.txt")
    fs.writeFileSync(file, "from a file")
    const r = await h.run([
      "api",
      "dashboards/",
      "-f",
      "name=123",
      "-F",
      "pinned=true",
      "-F",
      `description=@${file}`,
      "-F",
      "tags[]=a",
      "-F",
      "tags[]=b",
      "-F",
      "filters[date_from]=-7d",
      "-F",
      "filters[deep][n]=2",
      "--format",
      "json"
    ])
    expect(r.code, r.stderr).toBe(0)
    const d = JSON.parse(r.stdout)
    expect(d).toMatchObject({ name: "123", pinned: true, description: "from a file", tags: ["a", "b"] })
    expect(d.filters).toMatchObject({ date_from: "-7d", deep: { n: 2 } })
    const stdin = await h.run(["api", "-X", "PATCH", `dashboards/${d.id}/`, "-F", "description=@-"], {
      input: "piped"
    })
    expect(stdin.code, stdin.stderr).toBe(0)
    expect((await h.api(`dashboards/${d.id}/`)).description).toBe("piped")
    const bad = await h.run(["api", "dashboards/", "-f", "novalue"])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("fields are key=value")
  })

  it("--input sends a file (or stdin) as the body; -i prints the status line and headers", async () => {
    const file = path.join(tempDir("api"), "body.json")
    fs.writeFileSync(file, JSON.stringify({ name: "From input" }))
    const created = await h.run(["api", "dashboards/", "--input", file, "-i"])
    expect(created.code, created.stderr).toBe(0)
    const [head, body] = created.stdout.split("\n\n")
    expect(head).toMatch(/^HTTP\/1\.1 201 Created\n/)
    expect(head).toMatch(/^Content-Type: application\/json$/m)
    expect(JSON.parse(body ?? "").name).toBe("From input")
    const piped = await h.run(["api", "dashboards/", "--input", "-", "--jq", ".name"], {
      input: '{"name":"From stdin"}'
    })
    expect(piped.stdout).toBe("From stdin\n")
    // An error's status and headers are printed too; the error itself is explained on stderr.
    const missing = await h.run(["api", "dashboards/424242/", "-i"])
    expect(missing.code).toBe(3)
    expect(missing.stdout).toMatch(/^HTTP\/1\.1 404 Not Found/)
  })

  it("-H adds a header to the request; the key's header stays hogkit's", async () => {
    const r = await h.run(["api", "dashboards/", "-H", "X-Hogkit-Test: yes", "--silent", "--debug"])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe("")
    expect(r.stderr).toContain("> x-hogkit-test: yes")
    const auth = await h.run(["api", "dashboards/", "-H", "Authorization: Bearer other"])
    expect(auth.code).toBe(2)
    expect(auth.stderr).toContain("hogkit sends your key itself")
    const malformed = await h.run(["api", "dashboards/", "-H", "no colon"])
    expect(malformed.code).toBe(2)
  })

  it("--silent prints nothing, but a failure still fails", async () => {
    const ok = await h.run(["api", "dashboards/", "-f", "name=Quiet", "--silent"])
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toBe("")
    expect((await h.api("dashboards/")).results.map((d: { name: string }) => d.name)).toContain("Quiet")
    const missing = await h.run(["api", "dashboards/424242/", "--silent"])
    expect(missing.code).toBe(3)
  })

  it("--paginate walks cursor pages (comments) and offset pages (dashboards) through core", async () => {
    await Promise.all(
      Array.from({ length: 130 }, (_, i) =>
        h.api("comments/", {
          method: "POST",
          body: JSON.stringify({ content: `c${i}`, scope: "Dashboard", item_id: "1" })
        })
      )
    )
    const comments = await h.run(["api", "comments/", "--paginate", "--jq", "length", "--debug"])
    expect(comments.code, comments.stderr).toBe(0)
    expect(comments.stdout).toBe("130\n")
    expect(comments.stderr.match(/^> GET .*comments\/.*cursor=/gm)).toHaveLength(1)
    for (let i = 0; i < 3; i++) await seedDashboard(h, { name: `D${i}` })
    const dashboards = await h.run([
      "api",
      "dashboards/",
      "-F",
      "limit=1",
      "--paginate",
      "--jq",
      "map(.name)"
    ])
    expect(dashboards.code, dashboards.stderr).toBe(0)
    expect(JSON.parse(dashboards.stdout)).toEqual(["D0", "D1", "D2"])
    const post = await h.run(["api", "-X", "POST", "dashboards/", "--paginate"])
    expect(post.code).toBe(2)
  })
})
