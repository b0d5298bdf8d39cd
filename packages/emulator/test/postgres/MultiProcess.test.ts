/**
 * Two `hogkit-emulator` processes on one PostgreSQL database behave as one emulator: a write answered by
 * one is in the next read answered by the other (their response, list and identity caches included), and
 * the concurrency rules hold across them.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import pg from "pg"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { freshDatabase, testServerUrl } from "../internal/Postgres.js"

const bin = fileURLToPath(new URL("../../dist/bin.js", import.meta.url))

interface Proc {
  readonly child: ChildProcess
  readonly url: string
  readonly key: string
  /** The run's admin token, from the listening line. */
  readonly adminToken: string
}

const startProcess = (databaseUrl: string) =>
  new Promise<Proc>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "--port", "0", "--database-url", databaseUrl], {
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    let err = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out)?.[0]
      const key = /phx_[0-9A-Za-z]+/.exec(out)?.[0]
      const adminToken = /admin token ([A-Za-z0-9_-]+)/.exec(out)?.[1]
      if (url !== undefined && key !== undefined && adminToken !== undefined)
        resolve({ child, url, key, adminToken })
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString()
    })
    child.on("exit", (code) => reject(new Error(`hogkit-emulator exited ${code} before listening: ${err}`)))
  })

const server = testServerUrl()
if (server === undefined) {
  throw new Error(
    "HOGKIT_EMULATOR_TEST_DATABASE_URL is not set: run this suite through scripts/postgres.sh (see the emulator README)"
  )
}

let a: Proc
let b: Proc
let drop: () => Promise<void>
let databaseUrl: string

const call = async (p: Proc, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${p.url}/api/projects/1/${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${p.key}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" })
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await res.text()
  return { status: res.status, body: text === "" ? undefined : JSON.parse(text) }
}

beforeAll(async () => {
  const db = await freshDatabase(server)
  drop = db.drop
  databaseUrl = db.url
  // One after the other: the second joins the database the first created, with the same default key.
  a = await startProcess(db.url)
  b = await startProcess(db.url)
})

afterAll(async () => {
  for (const p of [a, b]) {
    if (p === undefined) continue
    const exited = new Promise((resolve) => p.child.on("exit", resolve))
    p.child.kill("SIGTERM")
    await exited
  }
  await drop?.()
})

beforeEach(async () => {
  const res = await fetch(`${a.url}/_emulator/reset`, {
    method: "POST",
    headers: { "X-Hogkit-Emulator-Token": a.adminToken }
  })
  expect(res.status).toBe(204)
})

describe("two emulator processes on one PostgreSQL database", () => {
  it("share the default key and the boot state", () => {
    expect(b.key).toBe(a.key)
  })

  it("a dashboard created through one is in the next list through the other, even with that list cached", async () => {
    expect((await call(b, "GET", "dashboards/")).body.count).toBe(0)
    expect((await call(b, "GET", "dashboards/")).body.count).toBe(0)
    const created = await call(a, "POST", "dashboards/", { name: "From A" })
    expect(created.status).toBe(201)
    const list = await call(b, "GET", "dashboards/")
    expect(list.body.results.map((d: { name: string }) => d.name)).toEqual(["From A"])
  })

  it("an update through one is in the next retrieve through the other, even with that retrieve cached", async () => {
    const { body: d } = await call(a, "POST", "dashboards/", { name: "Before" })
    expect((await call(b, "GET", `dashboards/${d.id}/`)).body.name).toBe("Before")
    expect((await call(b, "GET", `dashboards/${d.id}/`)).body.name).toBe("Before")
    expect((await call(a, "PATCH", `dashboards/${d.id}/`, { name: "After" })).status).toBe(200)
    expect((await call(b, "GET", `dashboards/${d.id}/`)).body.name).toBe("After")
  })

  it("a retrieve through one marks the dashboard accessed in the next list through the other", async () => {
    const { body: d } = await call(a, "POST", "dashboards/", { name: "Visited" })
    expect((await call(b, "GET", "dashboards/")).body.results[0].last_accessed_at).toBeNull()
    // The second retrieve is answered from A's cache: its deferred write must land before it answers.
    await call(a, "GET", `dashboards/${d.id}/`)
    const second = await call(a, "GET", `dashboards/${d.id}/`)
    const listed = (await call(b, "GET", "dashboards/")).body.results[0].last_accessed_at
    expect(listed).toBe(second.body.last_accessed_at)
  })

  it("100 concurrent retrieves across both processes all answer, more than either pool has connections", async () => {
    const { body: d } = await call(a, "POST", "dashboards/", { name: "Busy" })
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => call(i % 2 === 0 ? a : b, "GET", `dashboards/${d.id}/`))
    )
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 100 }, () => 200))
    // The stamp the list shows is one a retrieve answered (the two processes' clocks interleave).
    const stamps = results.map((r) => r.body.last_accessed_at as string)
    expect(stamps).toContain((await call(b, "GET", "dashboards/")).body.results[0].last_accessed_at)
  })

  it("comments and templates written through one are read through the other", async () => {
    expect((await call(b, "GET", "comments/")).body.results).toEqual([])
    const c = await call(a, "POST", "comments/", { content: "hello", scope: "Notebook" })
    expect((await call(b, "GET", "comments/")).body.results.map((x: { id: string }) => x.id)).toEqual([
      c.body.id
    ])
    expect((await call(b, "DELETE", `comments/${c.body.id}/`)).status).toBe(405)
    expect((await call(b, "PATCH", `comments/${c.body.id}/`, { deleted: true })).status).toBe(200)
    expect((await call(a, "GET", "comments/")).body.results).toEqual([])
  })

  it("50 same-name template creates split across both processes make exactly one template", async () => {
    const tiles = [{ type: "INSIGHT", name: "Pageviews", query: { kind: "TrendsQuery" } }]
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(i % 2 === 0 ? a : b, "POST", "dashboard_templates/", { template_name: "Race", tiles })
      )
    )
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 400)).toHaveLength(49)
    expect(results.find((r) => r.status === 400)?.body.code).toBe("unique_template_name_per_team")
    expect((await call(a, "GET", "dashboard_templates/")).body.count).toBe(1)
    expect((await call(b, "GET", "dashboard_templates/")).body.count).toBe(1)
  })

  it("20 concurrent comment edits split across both processes each raise the version once", async () => {
    const c = await call(a, "POST", "comments/", { content: "v0", scope: "Notebook" })
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(i % 2 === 0 ? a : b, "PATCH", `comments/${c.body.id}/`, { content: `v${i + 1}` })
      )
    )
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect((await call(b, "GET", `comments/${c.body.id}/`)).body.version).toBe(20)
  })

  it("a key made through one's admin API works on the other at once", async () => {
    const user = await fetch(`${a.url}/_emulator/users`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Hogkit-Emulator-Token": a.adminToken },
      body: JSON.stringify({ email: "second@example.com", organization_ids: [] })
    }).then((r) => r.json())
    const key = await fetch(`${a.url}/_emulator/personal_api_keys`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Hogkit-Emulator-Token": a.adminToken },
      body: JSON.stringify({ user_id: user.id, scopes: ["dashboard:read"] })
    }).then((r) => r.json())
    const res = await fetch(`${b.url}/api/projects/1/dashboards/`, {
      headers: { Authorization: `Bearer ${key.key}` }
    })
    // Authenticated (not 401), and refused for not being a member of the project's organization.
    expect(res.status).toBe(403)
    expect((await res.json()).detail).toBe("You don't have access to the project.")
  })

  it("an update through one is in the next cached retrieve through the other after their listening connections were cut", async () => {
    const { body: d } = await call(a, "POST", "dashboards/", { name: "Before" })
    expect((await call(b, "GET", `dashboards/${d.id}/`)).body.name).toBe("Before")
    expect((await call(b, "GET", `dashboards/${d.id}/`)).body.name).toBe("Before")
    // Each process hears the other's writes on one connection; the server drops both. Whether a process
    // has reconnected yet or still checks the database itself, it must not answer from a stale cache.
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    try {
      const { rows } = await admin.query(
        `select pg_terminate_backend(pid) as cut from pg_stat_activity
          where application_name = 'hogkit-emulator' and datname = current_database()`
      )
      expect(rows.length).toBe(2)
    } finally {
      await admin.end()
    }
    expect((await call(a, "PATCH", `dashboards/${d.id}/`, { name: "After" })).status).toBe(200)
    expect((await call(b, "GET", `dashboards/${d.id}/`)).body.name).toBe("After")
    expect((await call(b, "PATCH", `dashboards/${d.id}/`, { name: "Again" })).status).toBe(200)
    expect((await call(a, "GET", `dashboards/${d.id}/`)).body.name).toBe("Again")
  })

  it("the clock moved through one's admin API moves the other's, cached retrieves included", async () => {
    const { body: d } = await call(a, "POST", "dashboards/", { name: "Timed" })
    await call(b, "GET", `dashboards/${d.id}/`)
    await call(b, "GET", `dashboards/${d.id}/`)
    const moved = await fetch(`${a.url}/_emulator/clock`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", "X-Hogkit-Emulator-Token": a.adminToken },
      body: JSON.stringify({ advance_seconds: 10 * 24 * 3600 })
    })
    expect(moved.status).toBe(200)
    const later = Date.now() + 9 * 24 * 3600 * 1000
    const retrieved = await call(b, "GET", `dashboards/${d.id}/`)
    expect(Date.parse(retrieved.body.last_accessed_at)).toBeGreaterThan(later)
    expect(
      Date.parse((await call(b, "POST", "dashboards/", { name: "Made later" })).body.created_at)
    ).toBeGreaterThan(later)
  })
})
