// Writes the JSON Schemas of as-code files (generated from the zod schemas of the built package) into
// schemas/, where editors and the package's exports find them. test/AsCodeSchema.test.ts fails when they
// are stale: run `pnpm --filter @hogkit/core build && pnpm --filter @hogkit/core schemas`.
import { writeFileSync } from "node:fs"
import { jsonSchemas } from "../dist/AsCode.js"

const schemas = jsonSchemas()
for (const [name, schema] of Object.entries(schemas)) {
  writeFileSync(
    new URL(`../schemas/${name}.schema.json`, import.meta.url),
    `${JSON.stringify(schema, null, 2)}\n`
  )
}
