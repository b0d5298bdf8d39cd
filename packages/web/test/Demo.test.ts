import { type ChildProcess, spawn } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
let child: ChildProcess | undefined

afterAll(() => {
  child?.kill("SIGTERM")
})

describe("the demo", () => {
  it("serves the four widgets through the proxy and prints its URL", async () => {
    child = spawn(process.execPath, [join(root, "demo", "serve.mjs"), "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"]
    })
    const url = await new Promise<string>((resolve, reject) => {
      let out = ""
      child!.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString()
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)
        if (m) resolve(m[0])
      })
      child!.once("exit", (code) => reject(new Error(`demo exited with ${code}: ${out}`)))
    })
    const html = await fetch(url).then((r) => r.text())
    for (const tag of [
      "hogkit-comments",
      "hogkit-dashboards",
      "hogkit-dashboard-templates",
      "hogkit-sharing"
    ]) {
      expect(html).toContain(`<${tag}`)
    }
    const bundle = await fetch(`${url}bundle/hogkit-web.js`)
    expect(bundle.status).toBe(200)
    const dashboards = await fetch(`${url}posthog/api/projects/@current/dashboards/?limit=1`).then(
      (r) => r.json() as Promise<{ count: number }>
    )
    expect(dashboards.count).toBeGreaterThan(0)
    const exited = new Promise<number | null>((resolve) => child!.once("exit", resolve))
    child.kill("SIGINT")
    expect(await exited).toBe(0)
    child = undefined
  }, 120_000)
})
