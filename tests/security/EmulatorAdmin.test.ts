/**
 * Issue 13, "the emulator's admin API is open to browsers": a web page can reach a loopback port (a
 * cross-site `text/plain` or form POST needs no preflight; DNS rebinding gives it a foreign Host on
 * 127.0.0.1). The admin API now needs the per-run admin token and refuses any request carrying an Origin
 * or a non-loopback Host; hogkit's own loopback tools, which send the token, keep working.
 */
import { request } from "node:http"
import { type Emulator, startEmulator } from "@hogkit/emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

let emu: Emulator
beforeAll(async () => {
  emu = await startEmulator({ port: 0, quiet: true })
})
afterAll(() => emu?.close())

/** A raw HTTP request, so the test controls every header a browser (or a rebinding page) would send. */
const send = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string
): Promise<{ status: number; text: string }> =>
  new Promise((resolve, reject) => {
    const url = new URL(emu.url)
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers: { ...headers, connection: "close" } },
      (res) => {
        let text = ""
        res.setEncoding("utf8")
        res.on("data", (chunk: string) => {
          text += chunk
        })
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }))
      }
    )
    req.on("error", reject)
    req.end(body)
  })

const dashboards = async () => {
  const res = await fetch(`${emu.url}/api/projects/${emu.projectId}/dashboards/`, {
    headers: { Authorization: `Bearer ${emu.apiKey}` }
  })
  return ((await res.json()) as { count: number }).count
}

const token = () => ({ "x-hogkit-emulator-token": emu.adminToken })

describe("the emulator's admin API and browsers", () => {
  it("a cross-site text/plain POST /_emulator/reset is refused and the data stays", async () => {
    await fetch(`${emu.url}/api/projects/${emu.projectId}/dashboards/`, {
      method: "POST",
      headers: { Authorization: `Bearer ${emu.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Must survive" })
    })
    const before = await dashboards()
    expect(before).toBeGreaterThan(0)
    // What a page on another site can send without a preflight (it cannot add the token header).
    const res = await send(
      "POST",
      "/_emulator/reset",
      { origin: "https://attacker.example", "content-type": "text/plain" },
      "x"
    )
    expect(res.status).toBe(403)
    expect(JSON.parse(res.text).error).toContain("Origin")
    expect(await dashboards()).toBe(before)
    // Even a page that somehow learnt the token is refused while it is a browser (Origin).
    const withToken = await send("POST", "/_emulator/reset", { origin: "http://localhost:3000", ...token() })
    expect(withToken.status).toBe(403)
    expect(await dashboards()).toBe(before)
  })

  it("a cross-site form POST creating an organization is refused", async () => {
    const res = await send(
      "POST",
      "/_emulator/organizations",
      { origin: "null", "content-type": "application/x-www-form-urlencoded" },
      "name=Planted"
    )
    expect(res.status).toBe(403)
    // Without Origin (a non-browser on this machine) but without the token: still refused, saying what is needed.
    const noToken = await send(
      "POST",
      "/_emulator/organizations",
      { "content-type": "application/x-www-form-urlencoded" },
      "name=Planted"
    )
    expect(noToken.status).toBe(401)
    expect(JSON.parse(noToken.text).error).toContain("X-Hogkit-Emulator-Token")
    const wrong = await send(
      "POST",
      "/_emulator/organizations",
      { "content-type": "application/x-www-form-urlencoded", "x-hogkit-emulator-token": "guessed" },
      "name=Planted"
    )
    expect(wrong.status).toBe(401)
  })

  it("GET /_emulator/info under a foreign Host (DNS rebinding) is refused and never shows the API key", async () => {
    for (const host of [
      "attacker.example",
      `attacker.example:${new URL(emu.url).port}`,
      "127.0.0.1.nip.io"
    ]) {
      const res = await send("GET", "/_emulator/info", { host, ...token() })
      expect(res.status).toBe(403)
      expect(res.text).toContain("Host")
      expect(res.text).not.toContain(emu.apiKey)
    }
  })

  it("loopback tools with the token keep working, under every loopback Host", async () => {
    const port = new URL(emu.url).port
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, "localhost", `[::1]:${port}`]) {
      const res = await send("GET", "/_emulator/info", { host, ...token() })
      expect(res.status).toBe(200)
      expect(JSON.parse(res.text).api_key).toBe(emu.apiKey)
    }
    const created = await fetch(`${emu.url}/_emulator/organizations`, {
      method: "POST",
      headers: { "content-type": "application/json", ...token() },
      body: JSON.stringify({ name: "Made by a test harness" })
    })
    expect(created.status).toBe(201)
    const reset = await fetch(`${emu.url}/_emulator/reset`, { method: "POST", headers: token() })
    expect(reset.status).toBe(204)
    expect(await dashboards()).toBe(0)
  })

  it("the API itself is unchanged: browsers (with Origin) still reach /api/ with a key", async () => {
    const res = await fetch(`${emu.url}/api/projects/${emu.projectId}/dashboards/`, {
      headers: { Authorization: `Bearer ${emu.apiKey}`, Origin: "http://localhost:3000" }
    })
    expect(res.status).toBe(200)
  })

  it("each start has its own admin token", async () => {
    const other = await startEmulator({ port: 0, quiet: true })
    try {
      expect(other.adminToken).not.toBe(emu.adminToken)
      expect(other.adminToken.length).toBeGreaterThanOrEqual(32)
      const res = await fetch(`${other.url}/_emulator/info`, { headers: token() })
      expect(res.status).toBe(401)
    } finally {
      await other.close()
    }
  })
})
