/**
 * The response cache for authenticated reads: every answer must be the one the database would give
 * now. Each test reads twice first (so the second read comes from the cache), then changes something
 * through one write path, and reads again.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { request as httpRequest } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { startEmulator } from "../src/index.js"
import { ResponseCache } from "../src/ResponseCache.js"
import { createUser, keyWithScopes, tiles, useEmulator } from "./internal/Harness.js"

const { emu, client } = useEmulator()

/** Reads `path` twice and checks both answers agree, so the next read of it is a cache hit. */
const warm = async (path: string, key?: string) => {
  const init = key === undefined ? undefined : { key }
  const first = await client.get(path, init)
  const second = await client.get(path, init)
  expect(second.status).toBe(first.status)
  return second
}

const newDashboard = async (name = "Cached") => {
  const res = await client.post("dashboards/", { name, description: "before" })
  expect(res.status).toBe(201)
  return res.body.id as number
}

const newComment = async (content: string) => {
  const res = await client.post("comments/", { content, scope: "Dashboard", item_id: "1" })
  expect(res.status).toBe(201)
  return res.body.id as string
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe("a cached read reflects every write path", () => {
  it("PATCH: a retrieved dashboard shows its new name and description", async () => {
    const id = await newDashboard()
    expect((await warm(`dashboards/${id}/`)).body.description).toBe("before")
    expect((await client.patch(`dashboards/${id}/`, { name: "Renamed", description: "after" })).status).toBe(
      200
    )
    const after = await client.get(`dashboards/${id}/`)
    expect(after.body.name).toBe("Renamed")
    expect(after.body.description).toBe("after")
  })

  it("PUT: a retrieved comment shows its new content and version", async () => {
    const id = await newComment("first words")
    expect((await warm(`comments/${id}/`)).body.version).toBe(0)
    const put = await client.request("PUT", `comments/${id}/`, {
      content: "second words",
      scope: "Dashboard",
      item_id: "1"
    })
    expect(put.status).toBe(200)
    const after = await client.get(`comments/${id}/`)
    expect(after.body.content).toBe("second words")
    expect(after.body.version).toBe(1)
  })

  it("POST: the comments list and count include a comment created after them", async () => {
    await newComment("one")
    expect((await warm("comments/?limit=100")).body.results).toHaveLength(1)
    expect((await warm("comments/count/")).body.count).toBe(1)
    await newComment("two")
    const list = await client.get("comments/?limit=100")
    expect(list.body.results.map((c: { content: string }) => c.content)).toEqual(["two", "one"])
    expect((await client.get("comments/count/")).body.count).toBe(2)
  })

  it("POST complete: a retrieved task shows completed_at after it is completed", async () => {
    const res = await client.post("comments/", {
      content: "a task",
      scope: "Dashboard",
      item_id: "1",
      is_task: true
    })
    expect((await warm(`comments/${res.body.id}/`)).body.completed_at).toBeNull()
    expect((await client.post(`comments/${res.body.id}/complete/`)).status).toBe(200)
    expect((await client.get(`comments/${res.body.id}/`)).body.completed_at).not.toBeNull()
  })

  it("POST reply: a cached thread includes a reply added later", async () => {
    const parent = await newComment("parent")
    expect((await warm(`comments/${parent}/thread/`)).body.results).toEqual([])
    const reply = await client.post("comments/", {
      content: "reply",
      scope: "Dashboard",
      item_id: "1",
      source_comment: parent
    })
    expect(reply.status).toBe(201)
    const thread = await client.get(`comments/${parent}/thread/`)
    expect(thread.body.results.map((c: { id: string }) => c.id)).toEqual([reply.body.id])
  })

  it("soft delete: a deleted dashboard is 404 and a deleted comment leaves the list", async () => {
    const dashboard = await newDashboard()
    const comment = await newComment("to delete")
    expect((await warm(`dashboards/${dashboard}/`)).status).toBe(200)
    expect((await warm("comments/")).body.results).toHaveLength(1)
    expect((await client.patch(`dashboards/${dashboard}/`, { deleted: true })).status).toBe(200)
    expect((await client.patch(`comments/${comment}/`, { deleted: true })).status).toBe(200)
    expect((await client.get(`dashboards/${dashboard}/`)).status).toBe(404)
    expect((await client.get("comments/")).body.results).toEqual([])
  })

  it("templates: list and retrieve show a template's edit and soft delete", async () => {
    const created = await client.post("dashboard_templates/", { template_name: "Cached template", tiles })
    expect(created.status).toBe(201)
    const id = created.body.id as string
    expect((await warm("dashboard_templates/")).body.count).toBe(1)
    expect((await warm(`dashboard_templates/${id}/`)).body.template_name).toBe("Cached template")
    await client.patch(`dashboard_templates/${id}/`, { template_name: "Renamed template" })
    expect((await client.get(`dashboard_templates/${id}/`)).body.template_name).toBe("Renamed template")
    await client.patch(`dashboard_templates/${id}/`, { deleted: true })
    expect((await client.get("dashboard_templates/")).body.count).toBe(0)
  })

  it("admin reset: a dashboard read before the reset is gone after it", async () => {
    const id = await newDashboard()
    expect((await warm(`dashboards/${id}/`)).status).toBe(200)
    expect((await client.admin("POST", "/_emulator/reset")).status).toBe(204)
    expect((await client.get(`dashboards/${id}/`)).status).toBe(404)
  })

  it("admin writes: a user added through the admin API shows up as a comment's author", async () => {
    const { key } = await createUser(client, {
      email: "second@example.com",
      organizationIds: [emu().organizationId]
    })
    expect((await warm("comments/")).body.results).toEqual([])
    const res = await client.post(
      "comments/",
      { content: "from the second user", scope: "Dashboard" },
      { key }
    )
    expect(res.status).toBe(201)
    const list = await client.get("comments/")
    expect(list.body.results[0].created_by.email).toBe("second@example.com")
  })
})

describe("a retrieve still marks the dashboard accessed", () => {
  it("every GET answers a newer last_accessed_at, and the list shows the latest one", async () => {
    const id = await newDashboard()
    const seen: string[] = []
    for (let i = 0; i < 4; i++) {
      const res = await client.get(`dashboards/${id}/`)
      seen.push(res.body.last_accessed_at as string)
      await sleep(5)
    }
    for (let i = 1; i < seen.length; i++)
      expect(Date.parse(seen[i]!)).toBeGreaterThan(Date.parse(seen[i - 1]!))
    for (const at of seen) expect(at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$/)
    const list = await client.get("dashboards/")
    expect(list.body.results.find((d: { id: number }) => d.id === id).last_accessed_at).toBe(seen.at(-1))
  })

  it("a retrieve's answer is the same bytes as the first one apart from last_accessed_at", async () => {
    const id = await newDashboard()
    const first = await client.get(`dashboards/${id}/`)
    await sleep(5)
    const second = await client.get(`dashboards/${id}/`)
    expect(second.body.last_accessed_at).not.toBe(first.body.last_accessed_at)
    const without = (text: string) => text.replace(/"last_accessed_at":"[^"]*"/, "")
    expect(without(second.text)).toBe(without(first.text))
    expect(second.headers.get("content-type")).toBe(first.headers.get("content-type"))
    expect(Number(second.headers.get("content-length"))).toBe(Buffer.byteLength(second.text))
  })

  it("the last access of a reused retrieve is in the data dir after a restart", async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), "hogkit-cache-")), "data")
    try {
      const first = await startEmulator({ port: 0, dataDir })
      const headers = { Authorization: `Bearer ${first.apiKey}`, "Content-Type": "application/json" }
      const api = `${first.url}/api/projects/${first.projectId}/dashboards/`
      const created = await (
        await fetch(api, { method: "POST", headers, body: JSON.stringify({ name: "Kept" }) })
      ).json()
      await fetch(`${api}${created.id}/`, { headers })
      await sleep(5)
      const last = await (await fetch(`${api}${created.id}/`, { headers })).json()
      await first.close()
      const second = await startEmulator({ port: 0, dataDir })
      try {
        const list = await (
          await fetch(`${second.url}/api/projects/${second.projectId}/dashboards/`, { headers })
        ).json()
        expect(list.results[0].last_accessed_at).toBe(last.last_accessed_at)
      } finally {
        await second.close()
      }
    } finally {
      rmSync(join(dataDir, ".."), { recursive: true, force: true })
    }
  })

  it("HEAD on a cached retrieve answers no body", async () => {
    const id = await newDashboard()
    await warm(`dashboards/${id}/`)
    const head = await client.request("HEAD", `dashboards/${id}/`)
    expect(head.status).toBe(200)
    expect(head.text).toBe("")
  })
})

describe("callers never see each other's cached answers", () => {
  it("a key without dashboard:read still gets 403 after a * key warmed the cache", async () => {
    const id = await newDashboard()
    await warm(`dashboards/${id}/`)
    const commentsOnly = await keyWithScopes(client, emu().userId, ["comment:read"])
    const res = await client.get(`dashboards/${id}/`, { key: commentsOnly })
    expect(res.status).toBe(403)
    expect(res.body.detail).toBe("API key missing required scope 'dashboard:read'")
  })

  it("a key scoped to another project still gets 403 after a * key warmed the cache", async () => {
    await newComment("scoped")
    await warm("comments/")
    const org = emu().organizationId
    const other = await client.admin("POST", "/_emulator/projects", { organization_id: org, name: "Other" })
    const { key } = await createUser(client, {
      email: "scoped@example.com",
      organizationIds: [org],
      scopedTeams: [other.body.id]
    })
    const res = await client.get("comments/", { key })
    expect(res.status).toBe(403)
    expect(res.body.detail).toBe(
      `API key does not have access to the requested project: ID ${emu().projectId}.`
    )
  })

  it("a user of another organization still gets 403 after a member warmed the cache", async () => {
    const id = await newDashboard()
    await warm(`dashboards/${id}/`)
    const org = await client.admin("POST", "/_emulator/organizations", { name: "Elsewhere" })
    const { key } = await createUser(client, {
      email: "outsider@example.com",
      organizationIds: [org.body.id]
    })
    const res = await client.get(`dashboards/${id}/`, { key })
    expect(res.status).toBe(403)
    expect(res.body.detail).toBe("You don't have access to the project.")
  })

  it("a wrong key still gets 401 after a valid one warmed the cache", async () => {
    await warm("comments/")
    const res = await client.get("comments/", { key: "phx_not_a_real_key" })
    expect(res.status).toBe(401)
    expect(res.headers.get("www-authenticate")).not.toBeNull()
  })

  it("next links follow the Host each request names, not the one that warmed the cache", async () => {
    for (const name of ["A", "B"]) {
      expect((await client.post("dashboard_templates/", { template_name: name, tiles })).status).toBe(201)
    }
    await warm("dashboard_templates/?limit=1")
    const url = new URL(`${emu().url}/api/projects/${emu().projectId}/dashboard_templates/?limit=1`)
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        url,
        { headers: { Host: "emulator.example:9999", Authorization: `Bearer ${emu().apiKey}` } },
        (res) => {
          let text = ""
          res.setEncoding("utf8")
          res.on("data", (chunk: string) => {
            text += chunk
          })
          res.on("end", () => resolve(text))
        }
      )
      req.on("error", reject)
      req.end()
    })
    expect(JSON.parse(body).next).toBe(
      `http://emulator.example:9999/api/projects/${emu().projectId}/dashboard_templates/?limit=1&offset=1`
    )
  })
})

describe("faults and throttles still apply to cached reads", () => {
  it("error_rate 1 answers 500 on a read the cache holds", async () => {
    await warm("comments/?limit=100")
    await client.admin("PUT", "/_emulator/faults", { error_rate: 1 })
    const res = await client.get("comments/?limit=100")
    expect(res.status).toBe(500)
    expect(res.body.code).toBe("error")
  })

  it("reset_rate 1 drops the connection on a read the cache holds", async () => {
    const id = await newDashboard()
    await warm(`dashboards/${id}/`)
    await client.admin("PUT", "/_emulator/faults", { reset_rate: 1 })
    await expect(client.get(`dashboards/${id}/`)).rejects.toThrow()
  })

  it("a fault rate limit answers 429 on a read the cache holds", async () => {
    await warm("comments/")
    await client.admin("PUT", "/_emulator/faults", { rate_limit: { per_minute: 1 } })
    expect((await client.get("comments/")).status).toBe(200)
    const limited = await client.get("comments/")
    expect(limited.status).toBe(429)
    expect(limited.body.code).toBe("throttled")
  })
})

/** GET over raw HTTP with a chosen Host header (fetch does not let a caller set Host). */
const getWithHost = (path: string, host: string, key = emu().apiKey) =>
  new Promise<{ status: number; text: string }>((resolve, reject) => {
    const url = new URL(`${emu().url}/api/projects/${emu().projectId}/${path}`)
    const req = httpRequest(url, { headers: { Host: host, Authorization: `Bearer ${key}` } }, (res) => {
      let text = ""
      res.setEncoding("utf8")
      res.on("data", (chunk: string) => {
        text += chunk
      })
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }))
    })
    req.on("error", reject)
    req.end()
  })

type Listed = { id: number; name: string; pinned: boolean; last_accessed_at: string | null }
const listed = (body: { results: Listed[] }, id: number) => body.results.find((d) => d.id === id)

describe("a cached dashboard list is never stale", () => {
  const pages = ["dashboards/", "dashboards/?limit=2&offset=0", "dashboards/?search=Cached&limit=5"]

  it("every page shows a retrieve's new last_accessed_at at once, cached retrieve or not", async () => {
    const id = await newDashboard("Cached one")
    await newDashboard("Cached two")
    for (const page of pages) expect(listed((await warm(page)).body, id)?.last_accessed_at).toBeNull()
    // The first retrieve is computed (and written) by the handler, the later ones are cache hits
    // whose write is deferred: every one must show up in every list page read right after it.
    for (let i = 0; i < 3; i++) {
      await sleep(5)
      const at = (await client.get(`dashboards/${id}/`)).body.last_accessed_at as string
      expect(at).not.toBeNull()
      for (const page of pages) {
        expect(listed((await client.get(page)).body, id)?.last_accessed_at).toBe(at)
        expect(listed((await client.get(page)).body, id)?.last_accessed_at).toBe(at)
      }
    }
  })

  it("a retrieve of one dashboard reaches a page warmed by another key", async () => {
    const id = await newDashboard()
    const other = await keyWithScopes(client, emu().userId, ["dashboard:read"])
    await warm("dashboards/?limit=10", other)
    const at = (await client.get(`dashboards/${id}/`)).body.last_accessed_at
    expect(
      listed((await client.get("dashboards/?limit=10", { key: other })).body, id)?.last_accessed_at
    ).toBe(at)
  })

  it("create, rename, pin and soft delete show on warmed pages", async () => {
    const first = await newDashboard("Cached first")
    for (const page of pages) expect((await warm(page)).body.count).toBe(1)
    const second = await newDashboard("Cached second")
    for (const page of pages) expect((await warm(page)).body.count).toBe(2)
    expect((await client.patch(`dashboards/${first}/`, { name: "Cached renamed" })).status).toBe(200)
    for (const page of pages) {
      expect(listed((await warm(page)).body, first)?.name).toBe("Cached renamed")
    }
    expect((await client.patch(`dashboards/${second}/`, { pinned: true })).status).toBe(200)
    for (const page of pages) {
      const body = (await warm(page)).body
      expect(body.results[0].id).toBe(second)
      expect(body.results[0].pinned).toBe(true)
    }
    expect((await client.patch(`dashboards/${second}/`, { deleted: true })).status).toBe(200)
    for (const page of pages) {
      const body = (await client.get(page)).body
      expect(body.count).toBe(1)
      expect(body.results.map((d: Listed) => d.id)).toEqual([first])
    }
  })

  it("a cached page is byte for byte the page computed afresh", async () => {
    for (const name of ["Cached a", "Cached b", "Cached c"]) {
      const id = await newDashboard(name)
      await client.get(`dashboards/${id}/`)
    }
    for (const page of [...pages, "dashboards/?limit=1&offset=1"]) {
      const fresh = await client.get(page)
      const again = await client.get(page)
      const third = await client.get(page)
      for (const cached of [again, third]) {
        expect(cached.status).toBe(200)
        expect(cached.text).toBe(fresh.text)
        expect(cached.headers.get("content-type")).toBe(fresh.headers.get("content-type"))
        expect(cached.headers.get("content-length")).toBe(fresh.headers.get("content-length"))
      }
    }
  })

  it("other keys, scopes, projects and organizations never get a page another caller warmed", async () => {
    await newDashboard()
    const org = emu().organizationId
    const commentsOnly = await keyWithScopes(client, emu().userId, ["comment:read"])
    const project = await client.admin("POST", "/_emulator/projects", { organization_id: org, name: "Other" })
    const scoped = await createUser(client, {
      email: "list-scoped@example.com",
      organizationIds: [org],
      scopedTeams: [project.body.id]
    })
    const elsewhere = await client.admin("POST", "/_emulator/organizations", { name: "Elsewhere" })
    const outsider = await createUser(client, {
      email: "list-outsider@example.com",
      organizationIds: [elsewhere.body.id]
    })
    await warm("dashboards/?limit=5")
    const denied = await client.get("dashboards/?limit=5", { key: commentsOnly })
    expect(denied.status).toBe(403)
    expect(denied.body.detail).toBe("API key missing required scope 'dashboard:read'")
    expect((await client.get("dashboards/?limit=5", { key: scoped.key })).status).toBe(403)
    const other = await client.get("dashboards/?limit=5", { key: outsider.key })
    expect(other.status).toBe(403)
    expect(other.body.detail).toBe("You don't have access to the project.")
    expect((await client.get("dashboards/?limit=5", { key: "phx_not_a_real_key" })).status).toBe(401)
  })

  it("the same @current URL lists each caller's own project", async () => {
    await newDashboard()
    const elsewhere = await client.admin("POST", "/_emulator/organizations", { name: "Elsewhere" })
    const project = await client.admin("POST", "/_emulator/projects", {
      organization_id: elsewhere.body.id,
      name: "Theirs"
    })
    const { key } = await createUser(client, {
      email: "list-current@example.com",
      organizationIds: [elsewhere.body.id]
    })
    const path = "/api/projects/@current/dashboards/?limit=5"
    expect((await warm(path)).body.count).toBe(1)
    const theirs = await client.get(path, { key })
    expect(theirs.status).toBe(200)
    expect(theirs.body.count).toBe(0)
    expect(theirs.body.results).toEqual([])
    expect(project.body.id).not.toBe(emu().projectId)
  })

  it("next and previous links follow each request's Host", async () => {
    for (const name of ["Cached a", "Cached b", "Cached c"]) await newDashboard(name)
    const page = "dashboards/?limit=1&offset=1"
    const base = `/api/projects/${emu().projectId}/dashboards/`
    for (const host of ["first.example:1111", "first.example:1111", "second.example:2222"]) {
      const res = await getWithHost(page, host)
      expect(res.status).toBe(200)
      const body = JSON.parse(res.text)
      expect(body.next).toBe(`http://${host}${base}?limit=1&offset=2`)
      expect(body.previous).toBe(`http://${host}${base}?limit=1`)
    }
    expect(JSON.parse((await getWithHost(page, "first.example:1111")).text).next).toBe(
      `http://first.example:1111${base}?limit=1&offset=2`
    )
  })

  it("faults and throttles still apply to a cached page", async () => {
    await newDashboard()
    await warm("dashboards/?limit=5")
    await client.admin("PUT", "/_emulator/faults", { error_rate: 1 })
    const failed = await client.get("dashboards/?limit=5")
    expect(failed.status).toBe(500)
    await client.admin("PUT", "/_emulator/faults", { error_rate: 0, reset_rate: 1 })
    await expect(client.get("dashboards/?limit=5")).rejects.toThrow()
    await client.admin("PUT", "/_emulator/faults", { reset_rate: 0, rate_limit: { per_minute: 1 } })
    expect((await client.get("dashboards/?limit=5")).status).toBe(200)
    const limited = await client.get("dashboards/?limit=5")
    expect(limited.status).toBe(429)
    expect(limited.body.code).toBe("throttled")
  })
})

describe("ResponseCache", () => {
  const reply = (n: number) => ({ status: 200, body: { n, pad: "x".repeat(100) } })

  it("drops every entry when the database's write counter moves", () => {
    const cache = new ResponseCache()
    cache.set("a", 1, reply(1), undefined)
    expect(cache.get("a", 1)).toBeDefined()
    expect(cache.get("a", 2)).toBeUndefined()
    expect(cache.size).toBe(0)
  })

  it("keeps only 200 answers with a body", () => {
    const cache = new ResponseCache()
    cache.set("a", 1, { status: 404, body: { detail: "Not found." } }, undefined)
    cache.set("b", 1, { status: 200 }, undefined)
    expect(cache.size).toBe(0)
  })

  it("evicts the least recently used entry past its entry cap", () => {
    const cache = new ResponseCache(2, 1_000_000)
    cache.set("a", 1, reply(1), undefined)
    cache.set("b", 1, reply(2), undefined)
    cache.get("a", 1)
    cache.set("c", 1, reply(3), undefined)
    expect(cache.get("b", 1)).toBeUndefined()
    expect(cache.get("a", 1)).toBeDefined()
    expect(cache.get("c", 1)).toBeDefined()
  })

  it("evicts past its byte cap, and never keeps a body over an eighth of it", () => {
    const cache = new ResponseCache(100, 8 * 200)
    for (let i = 0; i < 20; i++) cache.set(`k${i}`, 1, reply(i), undefined)
    expect(cache.size).toBeLessThan(20)
    expect(cache.get("k19", 1)).toBeDefined()
    cache.set("big", 1, { status: 200, body: "y".repeat(300) }, undefined)
    expect(cache.get("big", 1)).toBeUndefined()
  })
})
