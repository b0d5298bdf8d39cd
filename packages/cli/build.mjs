// Bundles the CLI into one file, dist/hogkit.js. Effect is imported module by module (effect/Effect, …)
// so esbuild keeps only what is used. The emulator (PGlite, a WASM Postgres) stays external: it is a
// runtime dependency loaded by `import()` only for --emulator and `hogkit emulator`.
//
// The bundle is CommonJS (dist/package.json says so): Node 20 compiles a large ES module eagerly, while a
// CommonJS script compiles functions lazily, which halves startup for `hogkit --version` and `--help`.

import { execFileSync } from "node:child_process"
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { build } from "esbuild"

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"))

rmSync(new URL("./dist", import.meta.url), { recursive: true, force: true })
mkdirSync(new URL("./dist", import.meta.url), { recursive: true })
writeFileSync(
  new URL("./dist/package.json", import.meta.url),
  JSON.stringify({ type: "commonjs" }, null, 2) + "\n"
)

const bundle = (help) =>
  build({
    entryPoints: ["src/bin.ts"],
    outfile: "dist/hogkit.js",
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    legalComments: "none",
    external: ["@hogkit/emulator"],
    banner: { js: "#!/usr/bin/env node" },
    define: {
      __HOGKIT_VERSION__: JSON.stringify(pkg.version),
      __HOGKIT_HELP__: help ? JSON.stringify(help) : "undefined"
    },
    metafile: true,
    logLevel: "warning"
  })

// First pass: a bundle that renders help the slow way; its output is embedded in the second pass, so
// `hogkit --help` prints without evaluating the command tree (and cannot drift from it).
await bundle(undefined)
const render = (env) =>
  execFileSync(process.execPath, ["dist/hogkit.js", "--help"], {
    cwd: fileURLToPath(new URL(".", import.meta.url)),
    env: { PATH: process.env.PATH, ...env },
    encoding: "utf8"
  })
const help = { plain: render({ NO_COLOR: "1" }), color: render({ HOGKIT_COLOR: "always" }) }
const result = await bundle(help)
chmodSync(new URL("./dist/hogkit.js", import.meta.url), 0o755)
const bytes = result.metafile.outputs["dist/hogkit.js"].bytes
console.log(`dist/hogkit.js ${(bytes / 1024).toFixed(0)} KiB`)
