/**
 * Findings (Medium, Low): the proxy took its own origin from the Host header, so
 * - a DNS-rebinding page (Host and Origin both `rebind.attacker.example:PORT`) passed its same-origin
 *   check and wrote (201) and read (`users/@me`) with the server's key;
 * - a Host carrying `/`, `?`, `#` or `@` changed the path: `PATCH /posthog/api/users/@me/` with
 *   `Host: h/posthog/api/projects/1/dashboards/1?` renamed dashboard 1;
 * - origins were compared as strings, not as scheme + host + port.
 * Over raw sockets, since a client would not send these Host headers.
 */
import { type Emulator, startEmulator } from "@hogkit/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { raw } from "./support/Raw.js"
import { type Listening, startProxy } from "./support/Rig.js"

let emu: Emulator
let proxy: Listening
let named: Listening
let dashboard: number

beforeAll(async () => {
  emu = await startEmulator({ port: 0, quiet: true })
  const base = { apiKey: emu.apiKey, host: emu.url, projectId: emu.projectId }
  proxy = await startProxy(base)
  named = await startProxy({ ...base, allowedHosts: ["app.example.com", ".corp.example"] })
  const res = await fetch(`${emu.url}/api/projects/${emu.projectId}/dashboards/`, {
    method: "POST",
    headers: { authorization: `Bearer ${emu.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Original name" })
  })
  dashboard = ((await res.json()) as { id: number }).id
})
afterAll(async () => {
  await proxy?.close()
  await named?.close()
  await emu?.close()
})

const dashboardName = async () => {
  const res = await fetch(`${emu.url}/api/projects/${emu.projectId}/dashboards/${dashboard}/`, {
    headers: { authorization: `Bearer ${emu.apiKey}` }
  })
  return ((await res.json()) as { name: string }).name
}

const write = (
  port: number,
  host: string,
  origin: string,
  path = "/posthog/api/projects/@current/dashboards/"
) =>
  raw(
    port,
    [`POST ${path} HTTP/1.1`, `Host: ${host}`, `Origin: ${origin}`, "Content-Type: application/json"],
    JSON.stringify({ name: "via rebinding" })
  )

describe("DNS rebinding", () => {
  it("refuses a write from a rebinding name even when Host and Origin agree", async () => {
    const host = `rebind.attacker.example:${proxy.port}`
    const res = await write(proxy.port, host, `http://${host}`)
    expect(res.status, res.body).toBe(403)
    expect(JSON.parse(res.body).detail).toMatch(/allowedHosts/)
  })

  it("refuses a read of who the key belongs to under a rebinding name", async () => {
    const res = await raw(proxy.port, [
      "GET /posthog/api/users/@me/ HTTP/1.1",
      `Host: rebind.attacker.example:${proxy.port}`
    ])
    expect(res.status, res.body).toBe(403)
    expect(res.body).not.toMatch(/email/)
  })

  it("serves its own loopback names by default, and only the names it is given otherwise", async () => {
    for (const name of ["127.0.0.1", "localhost", "[::1]"]) {
      const res = await raw(proxy.port, [
        "GET /posthog/api/users/@me/ HTTP/1.1",
        `Host: ${name}:${proxy.port}`
      ])
      expect(res.status, `${name}: ${res.body}`).toBe(200)
    }
    for (const name of ["app.example.com", "app.example.com:443", "a.corp.example", "corp.example"]) {
      const res = await raw(named.port, ["GET /posthog/api/users/@me/ HTTP/1.1", `Host: ${name}`])
      expect(res.status, `${name}: ${res.body}`).toBe(200)
    }
    for (const name of [
      `127.0.0.1:${named.port}`,
      "evil.example",
      "app.example.com.evil.example",
      "xcorp.example"
    ]) {
      const res = await raw(named.port, ["GET /posthog/api/users/@me/ HTTP/1.1", `Host: ${name}`])
      expect(res.status, `${name}: ${res.body}`).toBe(403)
    }
  })

  it("accepts a write from its own origin: scheme, host and port", async () => {
    const host = `127.0.0.1:${proxy.port}`
    expect((await write(proxy.port, host, `http://${host}`)).status).toBe(201)
    expect((await write(proxy.port, host, `http://${host.replace(/:\d+$/, ":1")}`)).status).toBe(403)
    expect((await write(proxy.port, host, `https://${host}`)).status).toBe(403)
    expect((await write(proxy.port, host, "null")).status).toBe(403)
    expect((await write(proxy.port, host, `chrome-extension://127.0.0.1:${proxy.port}`)).status).toBe(403)
  })
})

describe("a Host that could change the path", () => {
  it("is a 400, and the dashboard it pointed at keeps its name", async () => {
    for (const host of [
      "h/posthog/api/projects/1/dashboards/1?",
      `h/posthog/api/projects/${emu.projectId}/dashboards/${dashboard}?`,
      "h?x=1",
      "h#frag",
      "user@h",
      "h h",
      "h%2f"
    ]) {
      const res = await raw(
        proxy.port,
        [
          "PATCH /posthog/api/users/@me/ HTTP/1.1",
          `Host: ${host}`,
          "Origin: http://h",
          "Content-Type: application/json"
        ],
        JSON.stringify({ name: "Renamed through Host" })
      )
      expect(res.status, `${host}: ${res.body}`).toBe(400)
    }
    expect(await dashboardName()).toBe("Original name")
  })
})
