// Bundles the CLI into two files: dist/hogkit.js, the bin, which answers `--version` and `--help` itself
// (help is rendered at build time), and dist/hogkit-main.js, the command tree and everything it needs, which
// the bin loads for every other command. Split because V8 pre-parses a whole script before running its
// first line: with one 800 KB file that was ~120 ms of every `--help`. Effect is imported module by module
// (effect/Effect, …) so esbuild keeps only what is used. The emulator (PGlite, a WASM Postgres) stays
// external: it is a runtime dependency loaded by `import()` only for --emulator and `hogkit emulator`.
//
// The bundle is CommonJS (dist/package.json says so): Node 20 compiles a large ES module eagerly, while a
// CommonJS script compiles functions lazily, which halves startup for `hogkit --version` and `--help`.
// Files are written next to their final name and renamed into place, so a build never leaves a moment
// without a working dist/hogkit.js (tests and other builds may be running it).
import { execFileSync } from "node:child_process"
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { build } from "esbuild"
import { nodeBundleOptions } from "../../scripts/node-bundle.mjs"

const here = (p) => fileURLToPath(new URL(p, import.meta.url))
const pkg = JSON.parse(readFileSync(here("./package.json"), "utf8"))

mkdirSync(here("./dist"), { recursive: true })
writeFileSync(here("./dist/package.json"), JSON.stringify({ type: "commonjs" }, null, 2) + "\n")

// The bin loads the command tree from its own file through V8's code cache (src/internal/CompileCache.ts),
// named by __HOGKIT_MAIN_BUNDLE__; its `import("./Main.js")`, used only unbundled, must not inline the tree.
const mainAsFile = {
  name: "main-as-file",
  setup(b) {
    b.onResolve({ filter: /^\.\/Main\.js$/ }, (args) =>
      args.importer.endsWith("bin.ts") ? { path: "./hogkit-main.js", external: true } : undefined
    )
  }
}

const bundle = (outfile, help, options = {}) =>
  build({
    entryPoints: [here("./src/bin.ts")],
    outfile,
    ...nodeBundleOptions,
    // jq-wasm (1.3 MB of jq compiled to WebAssembly) is a runtime dependency loaded only for --jq.
    external: [...nodeBundleOptions.external, "jq-wasm"],
    banner: { js: "#!/usr/bin/env node" },
    define: {
      __HOGKIT_VERSION__: JSON.stringify(pkg.version),
      __HOGKIT_HELP__: help ? JSON.stringify(help) : "undefined",
      __HOGKIT_MAIN_BUNDLE__: "undefined"
    },
    ...options
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

// The command tree first, so a bin never points at a missing or older main bundle.
const nextMain = here(`./dist/.hogkit-main-${process.pid}.js`)
const mainResult = await bundle(nextMain, undefined, { entryPoints: [here("./src/Main.ts")], banner: {} })
renameSync(nextMain, here("./dist/hogkit-main.js"))
const next = here(`./dist/.hogkit-${process.pid}.js`)
const result = await bundle(next, help, {
  plugins: [...nodeBundleOptions.plugins, mainAsFile],
  define: {
    __HOGKIT_VERSION__: JSON.stringify(pkg.version),
    __HOGKIT_HELP__: JSON.stringify(help),
    __HOGKIT_MAIN_BUNDLE__: JSON.stringify("hogkit-main.js")
  }
})
chmodSync(next, 0o755)
renameSync(next, here("./dist/hogkit.js"))
const size = (r) => `${(Object.values(r.metafile.outputs)[0].bytes / 1024).toFixed(0)} KiB`
console.log(`dist/hogkit.js ${size(result)}, dist/hogkit-main.js ${size(mainResult)}`)
