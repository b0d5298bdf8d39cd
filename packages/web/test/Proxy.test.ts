import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { type Emulator, startEmulator } from "@hogkit/emulator"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { createProxyHandler, type ProxyOptions, toNodeHandler } from "../src/proxy/index.js"

let emu: Emulator
const servers: Array<Server> = []
// Every response the proxy gave in this file, to check the key never left the server.
const seen: Array<{ headers: string; body: string }> = []

const serve = async (options: Partial<ProxyOptions> = {}): Promise<string> => {
  const handler = createProxyHandler({
    apiKey: emu.apiKey,
    host: emu.url,
    projectId: emu.projectId,
    ...options
  })
  const server = createServer(toNodeHandler(handler))
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  servers.push(server)
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const call = async (url: string, init: RequestInit = {}) => {
  const res = await fetch(url, init)
  const body = await res.text()
  seen.push({ headers: JSON.stringify([...res.headers]), body })
  return {
    status: res.status,
    headers: res.headers,
    body,
    json: () => JSON.parse(body) as Record<string, unknown>
  }
}

let base: string
let origin: string

beforeAll(async () => {
  emu = await startEmulator({ port: 0, seed: "empty" })
  origin = await serve()
  base = `${origin}/posthog/api/projects/${emu.projectId}`
})

beforeEach(async () => {
  await emu.reset()
})

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections()
    s.close()
  }
  await emu.close()
})

const write = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { "content-type": "application/json", origin, ...headers },
  body: JSON.stringify(body)
})

describe("createProxyHandler", () => {
  it("forwards the widgets' reads with the key added on the server", async () => {
    await fetch(`${emu.url}/api/projects/${emu.projectId}/dashboards/`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Through the proxy" })
    })
    const res = await call(`${base}/dashboards/?limit=5`)
    expect(res.status).toBe(200)
    const page = res.json() as { count: number; results: Array<{ name: string }> }
    expect(page.results.map((d) => d.name)).toContain("Through the proxy")
    expect(res.headers.get("cache-control")).toBe("no-store")
  })

  it("points page links back at the proxy, so a browser never follows one to PostHog", async () => {
    for (let i = 0; i < 3; i++) {
      await call(`${base}/dashboards/`, write("POST", { name: `D${i}` }))
    }
    const res = await call(`${base}/dashboards/?limit=2`)
    const next = String(res.json().next)
    expect(next.startsWith(`${origin}/posthog/api/projects/${emu.projectId}/dashboards/`)).toBe(true)
    expect(res.body).not.toContain(emu.url)
    const second = await call(next)
    expect((second.json() as { results: unknown[] }).results).toHaveLength(1)
  })

  it("treats @current as the configured project", async () => {
    const res = await call(`${origin}/posthog/api/projects/@current/dashboards/`)
    expect(res.status).toBe(200)
  })

  it.each([
    ["an endpoint the widgets never call", "/posthog/api/projects/1/insights/"],
    ["another project", "/posthog/api/projects/2/dashboards/"],
    ["an organization endpoint", "/posthog/api/organizations/@current/"],
    ["a path that climbs out of the allowed tree", "/posthog/api/projects/1/comments/%2e%2e/insights/"],
    ["a doubled slash", "/posthog/api/projects/1//dashboards/"],
    ["the emulator's admin API", "/posthog/_emulator/info"],
    ["a non-API path", "/posthog/"]
  ])("refuses %s with 404", async (_what, path) => {
    const res = await call(origin + path)
    expect(res.status).toBe(404)
    expect(res.json().detail).toBe("This endpoint is not available through the hogkit proxy.")
  })

  it.each([
    ["DELETE", "/dashboards/1/"],
    ["PUT", "/comments/00000000-0000-4000-8000-000000000000/"],
    ["POST", "/dashboard_templates/"],
    ["DELETE", "/comments/00000000-0000-4000-8000-000000000000/"],
    ["PATCH", "/dashboard_templates/00000000-0000-4000-8000-000000000000/"]
  ])("refuses %s %s with 405 and says which methods are allowed", async (method, path) => {
    const res = await call(base + path, write(method, {}))
    expect(res.status).toBe(405)
    expect(res.headers.get("allow")).toBeTruthy()
  })

  it("refuses writes from a foreign Origin, or with none, and accepts its own", async () => {
    const body = { content: "hello", scope: "Dashboard", item_id: "1" }
    const foreign = await call(`${base}/comments/`, write("POST", body, { origin: "https://evil.example" }))
    expect(foreign.status).toBe(403)
    const none = await call(`${base}/comments/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body)
    })
    expect(none.status).toBe(403)
    const crossSite = await call(`${base}/comments/`, write("POST", body, { "sec-fetch-site": "cross-site" }))
    expect(crossSite.status).toBe(403)
    const count = await fetch(`${emu.url}/api/projects/${emu.projectId}/comments/count/`, {
      headers: { authorization: `Bearer ${emu.apiKey}` }
    }).then((r) => r.json() as Promise<{ count: number }>)
    expect(count.count).toBe(0)
    const own = await call(`${base}/comments/`, write("POST", body))
    expect(own.status).toBe(201)
  })

  it("lets listed origins write and answers their CORS preflight", async () => {
    const other = await serve({ allowedOrigins: ["https://docs.example.com"] })
    const url = `${other}/posthog/api/projects/${emu.projectId}/comments/`
    const preflight = await call(url, { method: "OPTIONS", headers: { origin: "https://docs.example.com" } })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://docs.example.com")
    const res = await call(
      url,
      write("POST", { content: "from docs", scope: "Dashboard" }, { origin: "https://docs.example.com" })
    )
    expect(res.status).toBe(201)
    expect(res.headers.get("access-control-allow-origin")).toBe("https://docs.example.com")
    const stranger = await call(url, { method: "OPTIONS", headers: { origin: "https://evil.example" } })
    expect(stranger.status).toBe(403)
  })

  it("caps the body size, declared or streamed", async () => {
    const small = await serve({ maxBodyBytes: 1024 })
    const url = `${small}/posthog/api/projects/${emu.projectId}/comments/`
    const big = JSON.stringify({ content: "x".repeat(5000), scope: "Dashboard" })
    const declared = await call(url, {
      method: "POST",
      headers: { "content-type": "application/json", origin: small },
      body: big
    })
    expect(declared.status).toBe(413)
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big))
        controller.close()
      }
    })
    const streamed = await call(url, {
      method: "POST",
      headers: { "content-type": "application/json", origin: small },
      body: stream,
      duplex: "half"
    } as RequestInit)
    expect(streamed.status).toBe(413)
    const count = await fetch(`${emu.url}/api/projects/${emu.projectId}/comments/count/`, {
      headers: { authorization: `Bearer ${emu.apiKey}` }
    }).then((r) => r.json() as Promise<{ count: number }>)
    expect(count.count).toBe(0)
  })

  it("only forwards JSON bodies", async () => {
    const res = await call(`${base}/comments/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin },
      body: "content=hi&scope=Dashboard"
    })
    expect(res.status).toBe(415)
  })

  it("never passes PostHog's auth headers or a key from the query string", async () => {
    const wrong = await serve({ apiKey: "phx_wrong_key_for_test" })
    const path = `${wrong}/posthog/api/projects/${emu.projectId}/dashboards/`
    // A key in the query string is refused on the proxy, whatever its case, and named without its value.
    for (const name of ["personal_api_key", "Personal_API_Key"]) {
      const refused = await call(`${path}?${name}=${emu.apiKey}`)
      expect(refused.status).toBe(400)
      expect(refused.json()).toEqual({
        type: "validation_error",
        code: "invalid_input",
        detail: `The hogkit proxy adds PostHog's key itself: remove "${name}" from the query.`,
        attr: name
      })
      expect(refused.body).not.toContain(emu.apiKey)
    }
    // Forwarded, the wrong server-side key decides: 401, with none of PostHog's auth headers.
    const res = await call(path)
    expect(res.status).toBe(401)
    expect(res.headers.get("www-authenticate")).toBeNull()
    expect(res.headers.get("set-cookie")).toBeNull()
    expect(res.body).not.toContain("phx_wrong_key_for_test")
  })

  it("reads another project's templates only when listed, and never writes there", async () => {
    const org = await fetch(`${emu.url}/_emulator/info`, {
      headers: { "x-hogkit-emulator-token": emu.adminToken }
    }).then((r) => r.json() as Promise<{ organization_id: string }>)
    const project = await fetch(`${emu.url}/_emulator/projects`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hogkit-emulator-token": emu.adminToken },
      body: JSON.stringify({ organization_id: org.organization_id, name: "Staging" })
    }).then((r) => r.json() as Promise<{ id: number }>)
    const withSource = await serve({ templateSourceProjects: [project.id] })
    const list = await call(
      `${withSource}/posthog/api/projects/${project.id}/dashboard_templates/?scope=team`
    )
    expect(list.status).toBe(200)
    const dashboards = await call(`${withSource}/posthog/api/projects/${project.id}/dashboards/`)
    expect(dashboards.status).toBe(404)
    const copy = await call(
      `${withSource}/posthog/api/projects/${project.id}/dashboard_templates/copy_between_projects/`,
      write("POST", { source_template_id: "00000000-0000-4000-8000-000000000000" }, { origin: withSource })
    )
    expect(copy.status).toBe(404)
    const unlisted = await call(`${origin}/posthog/api/projects/${project.id}/dashboard_templates/`)
    expect(unlisted.status).toBe(404)
  })

  it("says what is missing when it is configured wrongly", () => {
    expect(() => createProxyHandler({ apiKey: "", host: "us", projectId: 1 })).toThrow(
      /POSTHOG_PERSONAL_API_KEY/
    )
    expect(() => createProxyHandler({ apiKey: "phx_x", host: "us", projectId: 0 })).toThrow(/projectId/)
    expect(() => createProxyHandler({ apiKey: "phx_x", host: "ftp://x", projectId: 1 })).toThrow(/http/)
    const base = { apiKey: "phx_x", host: "us", projectId: 1 }
    expect(() => createProxyHandler({ ...base, allowedHosts: ["https://app.example.com/"] })).toThrow(
      /allowedHosts entry "https:\/\/app\.example\.com\/" is not a host name/
    )
    expect(() => createProxyHandler({ ...base, allowedOrigins: ["app.example.com"] })).toThrow(
      /allowedOrigins entry "app\.example\.com" is not an http\(s\) origin/
    )
    expect(() => createProxyHandler({ ...base, budget: { perMinute: 0 } })).toThrow(/budget\.perMinute/)
  })

  it("refuses plain http to another machine and a key pasted as the host, before any request", () => {
    expect(() =>
      createProxyHandler({ apiKey: emu.apiKey, host: "http://posthog.lan", projectId: 1 })
    ).toThrow(/uses plain http:\/\/.*allowInsecureHttp: true/)
    expect(() =>
      createProxyHandler({
        apiKey: emu.apiKey,
        host: "http://posthog.lan",
        projectId: 1,
        allowInsecureHttp: true
      })
    ).not.toThrow()
    const pasted = "phx_pastedIntoTheHostOption1234567890"
    let message = ""
    try {
      createProxyHandler({ apiKey: emu.apiKey, host: pasted, projectId: 1 })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/looks like an API key/)
    expect(message).not.toContain(pasted)
  })

  it("takes the key and project from the environment, with us/eu shorthands for the host", async () => {
    const saved = { key: process.env.POSTHOG_PERSONAL_API_KEY, project: process.env.POSTHOG_PROJECT_ID }
    process.env.POSTHOG_PERSONAL_API_KEY = emu.apiKey
    process.env.POSTHOG_PROJECT_ID = String(emu.projectId)
    try {
      expect(() => createProxyHandler({ host: "eu" })).not.toThrow()
      const origin = await serve({ apiKey: undefined, projectId: undefined })
      const list = await call(`${origin}/posthog/api/projects/@current/dashboards/`)
      expect(list.status).toBe(200)
    } finally {
      for (const [name, value] of [
        ["POSTHOG_PERSONAL_API_KEY", saved.key],
        ["POSTHOG_PROJECT_ID", saved.project]
      ] as const) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  })

  it("never returned the key in any response of this file", () => {
    expect(seen.length).toBeGreaterThan(20)
    for (const r of seen) {
      expect(r.body).not.toContain(emu.apiKey)
      expect(r.headers).not.toContain(emu.apiKey)
      expect(r.headers.toLowerCase()).not.toContain("www-authenticate")
    }
  })
})
