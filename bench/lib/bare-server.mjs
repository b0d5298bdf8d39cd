// A bare node:http server in its own process: the baseline for the emulator's cold start and throughput.
// Usage: node bare-server.mjs [routes.json] — routes map a pathname (query included) to the exact bytes to
// answer; any other path gets `{}`. Prints "listening on URL" once it accepts connections.
import { readFileSync } from "node:fs"
import { createServer } from "node:http"

const routes = new Map()
if (process.argv[2]) {
  for (const [path, body] of Object.entries(JSON.parse(readFileSync(process.argv[2], "utf8")))) {
    routes.set(path, Buffer.from(body))
  }
}
const empty = Buffer.from("{}")
const server = createServer((req, res) => {
  const body = routes.get(req.url) ?? empty
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": body.length })
  res.end(body)
})
server.keepAliveTimeout = 5_000
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`bare server listening on http://127.0.0.1:${server.address().port}\n`)
})
process.once("SIGTERM", () => server.close(() => process.exit(0)))
