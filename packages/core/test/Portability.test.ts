import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"

const srcDir = new URL("../src/", import.meta.url).pathname
const files = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []
  )
// Code only: doc comments may show Node usage in examples.
const code = (file: string) =>
  readFileSync(file, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "")

// The key store reads and writes files; it is reachable only through `@hogkit/core/config/node`. As-code
// folders likewise, only through `@hogkit/core/as-code/node`.
const nodeOnly = new Set([
  join(srcDir, "config/KeyStore.ts"),
  join(srcDir, "config/node.ts"),
  join(srcDir, "ascode/Directory.ts"),
  join(srcDir, "AsCodeNode.ts")
])

describe("core runs in browsers (the web widgets bundle it)", () => {
  it("no source module imports a Node built-in or reads Node globals", () => {
    const offenders = files(srcDir).filter(
      (f) => !nodeOnly.has(f) && /from "node:|require\(|\bprocess\.|\bBuffer\b/.test(code(f))
    )
    assert.deepStrictEqual(offenders, [])
  })

  it("only the Node entry reaches the key store", () => {
    const offenders = files(srcDir).filter(
      (f) =>
        !nodeOnly.has(f) &&
        /from "\.\/KeyStore\.js"|from "\.\.\/config\/(KeyStore|node)\.js"|config\/node\.js"/.test(code(f))
    )
    assert.deepStrictEqual(offenders, [])
  })

  it("no undici or Effect Node client is imported", () => {
    const offenders = files(srcDir).filter((f) =>
      /NodeHttpClient|undici|@effect\/platform-node/.test(code(f))
    )
    assert.deepStrictEqual(offenders, [])
  })

  it("Node's HTTP client is looked up at run time, in one module, so bundlers never see it", () => {
    const users = files(srcDir)
      .filter((f) => /getBuiltinModule|node:http/.test(code(f)))
      .map((f) => f.slice(srcDir.length))
    assert.deepStrictEqual(users, ["internal/nodeTransport.ts"])
  })
})
