import { readFileSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { END, operationsTable, START } from "./support/OperationsTable.js"

const readme = fileURLToPath(new URL("../README.md", import.meta.url))

describe("README", () => {
  // HOGKIT_WRITE_DOCS=1 npx vitest run test/Docs.test.ts rewrites the table after a catalogue change.
  it("lists every catalogue operation as the catalogue describes it", () => {
    const text = readFileSync(readme, "utf8")
    const start = text.indexOf(START)
    const end = text.indexOf(END)
    expect(start, "the README has the generated operations table").toBeGreaterThan(-1)
    const expected = `${START}\n${operationsTable()}\n${END}`
    const actual = text.slice(start, end + END.length)
    if (actual !== expected && process.env.HOGKIT_WRITE_DOCS === "1")
      writeFileSync(readme, text.replace(actual, expected))
    else expect(actual).toBe(expected)
  })
})
