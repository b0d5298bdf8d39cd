#!/usr/bin/env node
// How much memory the web proxy holds while PostHog sends it huge answers: three 200 MB answers at once
// through createProxyHandler + toNodeHandler, with the upstream in a child process so only the proxy's
// memory is measured. Prints the proxy's resident set before and at its peak.
//
//   node bench/proxy-memory.mjs          (needs `pnpm --filter @hogkit/web build`)
import { spawn } from "node:child_process"
import { createServer } from "node:http"

const SIZE = 200 * 1024 * 1024
const upstreamSource = `
const http = require("node:http")
const chunk = Buffer.alloc(1024 * 1024, 0x20)
http.createServer((req, res) => {
  res.writeHead(200, { "content-type": "application/json" })
  let sent = 0
  let open = true
  res.on("close", () => { open = false })
  const pump = () => {
    while (open && sent < ${SIZE}) {
      sent += chunk.length
      if (!res.write(chunk)) return void res.once("drain", pump)
    }
    res.end()
  }
  pump()
}).listen(0, "127.0.0.1", function () { console.log(this.address().port) })
`
const upstream = spawn(process.execPath, ["-e", upstreamSource], { stdio: ["ignore", "pipe", "inherit"] })
const upstreamPort = await new Promise((resolve) =>
  upstream.stdout.once("data", (d) => resolve(Number(String(d))))
)

const { createProxyHandler, toNodeHandler } = await import("@hogkit/web/proxy")
const proxy = toNodeHandler(
  createProxyHandler({ apiKey: "phx_memory", host: `http://127.0.0.1:${upstreamPort}`, projectId: 1 })
)
const server = createServer(proxy)
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve))
const port = server.address().port

globalThis.gc?.()
const before = process.memoryUsage().rss
let peak = before
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss)
}, 20)
const statuses = await Promise.all(
  [1, 2, 3].map(async (i) => {
    const res = await fetch(`http://127.0.0.1:${port}/posthog/api/projects/1/dashboards/${i}/`)
    let bytes = 0
    for await (const chunk of res.body) bytes += chunk.byteLength
    return `${res.status} (${(bytes / 1024 / 1024).toFixed(1)} MB)`
  })
)
clearInterval(sampler)
peak = Math.max(peak, process.memoryUsage().rss)
const mb = (n) => `${(n / 1024 / 1024).toFixed(0)} MB`
console.log(`answers: ${statuses.join(", ")}`)
console.log(`proxy RSS before: ${mb(before)}, peak: ${mb(peak)}, growth: ${mb(peak - before)}`)
server.closeAllConnections()
server.close()
upstream.kill()
