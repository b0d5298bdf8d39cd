// Bundles the CLI into one file, dist/hogkit.js. Effect is imported module by module (effect/Effect, …)
// so esbuild keeps only what is used. The emulator (PGlite, a WASM Postgres) stays external: it is a
// runtime dependency loaded by `import()` only for --emulator and `hogkit emulator`.
//
// The bundle is CommonJS (dist/package.json says so): Node 20 compiles a large ES module eagerly, while a
// CommonJS script compiles functions lazily, which halves startup for `hogkit --version` and `--help`.
// Files are written next to their final name and renamed into place, so a build never leaves a moment
// without a working dist/hogkit.js (tests and other builds may be running it).
import { execFileSync } from "node:child_process"
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { build } from "esbuild"

const here = (p) => fileURLToPath(new URL(p, import.meta.url))
const pkg = JSON.parse(readFileSync(here("./package.json"), "utf8"))

mkdirSync(here("./dist"), { recursive: true })
writeFileSync(here("./dist/package.json"), JSON.stringify({ type: "commonjs" }, null, 2) + "\n")

const bundle = (outfile, help) =>
  build({
    entryPoints: [here("./src/bin.ts")],
    outfile,
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
const firstPass = here(`./dist/.help-${process.pid}.js`)
await bundle(firstPass, undefined)
const render = (env) =>
  execFileSync(process.execPath, [firstPass, "--help"], {
    env: { PATH: process.env.PATH, ...env },
    encoding: "utf8"
  })
const help = { plain: render({ NO_COLOR: "1" }), color: render({ HOGKIT_COLOR: "always" }) }
rmSync(firstPass, { force: true })

const next = here(`./dist/.hogkit-${process.pid}.js`)
const result = await bundle(next, help)
chmodSync(next, 0o755)
renameSync(next, here("./dist/hogkit.js"))
const bytes = Object.values(result.metafile.outputs)[0].bytes
console.log(`dist/hogkit.js ${(bytes / 1024).toFixed(0)} KiB`)
