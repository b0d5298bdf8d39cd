/**
 * The JSON Schemas shipped for as-code files are generated from the zod schemas: this fails when they are
 * stale. Regenerate with `pnpm --filter @hogkit/core build && pnpm --filter @hogkit/core schemas`.
 */
import { readFileSync } from "node:fs"
import * as AsCode from "@hogkit/core/as-code"
import { describe, expect, it } from "vitest"

const shipped = (name: string) =>
  readFileSync(new URL(`../schemas/${name}.schema.json`, import.meta.url), "utf8")

describe("as-code JSON Schemas", () => {
  it("the shipped schemas are the ones the zod schemas generate", () => {
    const generated = AsCode.jsonSchemas()
    expect(shipped("dashboard")).toBe(`${JSON.stringify(generated.dashboard, null, 2)}\n`)
    expect(shipped("template")).toBe(`${JSON.stringify(generated.template, null, 2)}\n`)
  })

  it("are reachable through the package exports, as editors find them", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
    expect(pkg.exports["./as-code/dashboard.schema.json"]).toBe("./schemas/dashboard.schema.json")
    expect(pkg.files).toContain("schemas")
    const schema = JSON.parse(shipped("dashboard"))
    expect(schema.required).toEqual(["name"])
    expect(Object.keys(schema.properties)).toContain("sharing")
  })
})
