// Builds @hogkit/mcp in two parts:
// - dist/*.js and *.d.ts from tsc: the library (`import … from "@hogkit/mcp"`), ES modules that import
//   their dependencies (hence the package's `dependencies`);
// - dist/hogkit-mcp.cjs, the `hogkit-mcp` command: src/bin.ts bundled by esbuild with everything it uses
//   (the MCP SDK, zod, Effect, @hogkit/core), so starting it reads one file instead of resolving and
//   compiling a few hundred ES modules. It is CommonJS because Node 20 compiles an ES module eagerly,
//   while a CommonJS script compiles functions lazily, on their first call. The tools/list answer is
//   computed here, from the registry tsc just built, and embedded: a server start then neither builds
//   the tools' zod schemas nor converts them to JSON Schema (modules reached only by `import()` are
//   bundled but evaluated on first use, i.e. on the first tool call).
//   The bundle needs none of the package's dependencies; they stay in package.json for the library.
// - dist/hogkit-mcp.cjs, the bin: a few lines that turn on Node's on-disk compile cache (Node 22.1+; Node
//   20 lacks `module.enableCompileCache` and skips it) before loading the bundle, so from the second start
//   on V8 reuses the bundle's compiled code. The cache must be on before the bundle is read, hence two files.
// - dist/bin.js, the command's former path (client configs and scripts/ci-node-matrix.sh name it): an
//   ES module that only loads dist/hogkit-mcp.cjs.
// Files are written next to their final name and renamed into place, so a build never leaves a moment
// without a working command (tests and benchmarks may be running it).
import { execFileSync } from "node:child_process"
import { chmodSync, renameSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"
import { build } from "esbuild"
import { nodeBundleOptions } from "../../scripts/node-bundle.mjs"

const here = (p) => fileURLToPath(new URL(p, import.meta.url))
const require = createRequire(import.meta.url)

execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", here("./tsconfig.build.json")], {
  stdio: "inherit"
})

const [{ tools }, { listedTool }] = await Promise.all([
  import(here("./dist/Tools.js")),
  import(here("./dist/Server.js"))
])
const listing = tools.map(listedTool)

const next = here(`./dist/.hogkit-mcp-bundle-${process.pid}.cjs`)
const result = await build({
  entryPoints: [here("./src/bin.ts")],
  outfile: next,
  ...nodeBundleOptions,
  define: { __HOGKIT_MCP_LISTING__: JSON.stringify(listing) }
})
renameSync(next, here("./dist/hogkit-mcp-bundle.cjs"))

const launcher = here(`./dist/.hogkit-mcp-${process.pid}.cjs`)
writeFileSync(
  launcher,
  `#!/usr/bin/env node
"use strict";
const m = require("node:module");
if (typeof m.enableCompileCache === "function") {
  try {
    m.enableCompileCache();
  } catch {}
}
require("./hogkit-mcp-bundle.cjs");
`
)
chmodSync(launcher, 0o755)
renameSync(launcher, here("./dist/hogkit-mcp.cjs"))
const shim = here(`./dist/.bin-${process.pid}.js`)
writeFileSync(shim, `#!/usr/bin/env node\nimport "./hogkit-mcp.cjs"\n`)
chmodSync(shim, 0o755)
renameSync(shim, here("./dist/bin.js"))

const bytes = Object.values(result.metafile.outputs)[0].bytes
console.log(`dist/hogkit-mcp-bundle.cjs ${(bytes / 1024).toFixed(0)} KiB`)
