#!/usr/bin/env node
// The hogkit web demo: an emulator with demo data, the proxy in front of it, and a page with all four
// widgets, on 127.0.0.1. `pnpm start` at the repository root runs this.
//
//   node demo/serve.mjs [--port 8030]
import { execFileSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { createServer } from "node:http"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const portArg = process.argv.indexOf("--port")
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : Number(process.env.PORT ?? 8030)

for (const dep of ["core", "emulator"]) {
  if (!existsSync(join(root, "..", dep, "dist", "index.js"))) {
    console.error(
      `@hogkit/${dep} is not built yet: run \`pnpm build\` at the repository root, then \`pnpm start\` again.`
    )
    process.exit(1)
  }
}
// The widgets' own bundles are quick to make, so a missing build is made here rather than refused.
if (
  !existsSync(join(root, "dist", "browser", "hogkit-web.js")) ||
  !existsSync(join(root, "dist", "proxy", "index.js"))
) {
  console.error("Building @hogkit/web first…")
  execFileSync("pnpm", ["run", "build"], { cwd: root, stdio: "inherit" })
}

const { startEmulator } = await import("@hogkit/emulator")
const { createProxyHandler, toNodeHandler } = await import("../dist/proxy/index.js")

console.error("Starting the PostHog emulator with demo data…")
const emulator = await startEmulator({ port: 0, seed: "demo" })
const admin = async (method, path, body) => {
  const res = await fetch(emulator.url + path, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${emulator.apiKey}` },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  return res.json()
}

// A second project with its own template, so the templates widget has something to copy from.
const staging = await admin("POST", "/_emulator/projects", {
  organization_id: emulator.organizationId,
  name: "Staging"
})
await admin("POST", `/api/projects/${staging.id}/dashboard_templates/`, {
  template_name: "Release health",
  dashboard_description: "Errors and adoption of the latest release",
  tags: ["releases"],
  tiles: [{ type: "INSIGHT", name: "Crash-free sessions", query: { kind: "TrendsQuery" } }]
})
const comments = await admin("GET", `/api/projects/${emulator.projectId}/comments/?scope=Dashboard`)
const counts = new Map()
for (const c of comments.results) counts.set(c.item_id, (counts.get(c.item_id) ?? 0) + 1)
const itemId = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "1"

const proxy = toNodeHandler(
  createProxyHandler({
    apiKey: emulator.apiKey,
    host: emulator.url,
    projectId: emulator.projectId,
    templateSourceProjects: [staging.id]
  })
)
const page = readFileSync(join(root, "demo", "index.html"), "utf8")
  .replaceAll("{{itemId}}", itemId)
  .replaceAll("{{stagingId}}", String(staging.id))
  .replaceAll("{{shareBase}}", emulator.url)

// Only origin-form targets reach the routes below; the proxy answers every other malformed request itself.
const route = (req, res) => {
  const target = req.url ?? "/"
  if (!target.startsWith("/") || target.startsWith("//")) return proxy(req, res)
  const url = new URL(target, "http://localhost")
  if (url.pathname.startsWith("/posthog/")) return proxy(req, res)
  if (url.pathname === "/" || url.pathname === "/index.html") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" })
    return res.end(page)
  }
  const bundle = /^\/bundle\/([a-z-]+\.js(?:\.map)?)$/.exec(url.pathname)
  if (bundle) {
    const file = join(root, "dist", "browser", bundle[1])
    if (existsSync(file)) {
      res.writeHead(200, {
        "content-type": bundle[1].endsWith(".map") ? "application/json" : "text/javascript"
      })
      return res.end(readFileSync(file))
    }
  }
  res.writeHead(404, { "content-type": "text/plain" })
  res.end("Not found")
}
const server = createServer((req, res) => {
  try {
    route(req, res)
  } catch {
    // A demo page must not fall over on one odd request: answer it and keep serving.
    if (!res.headersSent) res.writeHead(400, { "content-type": "text/plain" })
    res.end("Bad request")
  }
})

const listen = (p) =>
  new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(p, "127.0.0.1", () => resolve(server.address().port))
  })
let actual
try {
  actual = await listen(port)
} catch (e) {
  if (e.code !== "EADDRINUSE") throw e
  actual = await listen(0)
}
console.log(`hogkit web demo: http://127.0.0.1:${actual}/`)
console.log("(widgets → proxy at /posthog → local PostHog emulator with demo data; Ctrl+C to stop)")

const stop = async () => {
  server.closeAllConnections()
  server.close()
  await emulator.close()
  process.exit(0)
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)
