// Browser bundles: one per widget and one with all four, minified ES modules in dist/browser/, with their
// gzipped sizes in dist/browser/sizes.json.
//
// Effect is imported module by module everywhere (stack.md trap 4). The bundler is rolldown, not esbuild:
// on these sources esbuild keeps ~20 KB (gzipped) more of Effect and zod that nothing calls, and
// stack.md names rolldown as the way around that.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import { rolldown } from "rolldown"

const here = dirname(fileURLToPath(import.meta.url))
const out = join(here, "dist", "browser")
mkdirSync(out, { recursive: true })

const entries = {
  "hogkit-comments": "src/HogkitComments.ts",
  "hogkit-dashboards": "src/HogkitDashboards.ts",
  "hogkit-dashboard-templates": "src/HogkitDashboardTemplates.ts",
  "hogkit-sharing": "src/HogkitSharing.ts",
  "hogkit-web": "src/index.ts"
}

// The widgets run core's operations but never show the catalogue's prose: its `description` sentences are
// for people and agents (docs, CLI help, MCP tools). Dropping them here keeps ~2 KB gzipped out of every
// widget; the entries keep every fact the widgets use (method, path, ids, schemas, summary, kind).
const dropCatalogueProse = {
  name: "drop-catalogue-prose",
  transform(code, id) {
    if (!/[\\/]core[\\/]dist[\\/]catalogue[\\/][^\\/]+\.js$/.test(id)) return null
    return { code: code.replace(/description:\s*"(?:[^"\\]|\\.)*"/g, 'description: ""'), map: null }
  }
}

// Core sends with Node's own http client where there is one, and looks for it at run time; a browser never
// has it, so its ~0.8 KB (gzipped) of request plumbing is dead weight in a widget. The widgets get a stub
// that says "not here", and core falls back to fetch exactly as it does in a browser anyway.
const noNodeTransport = {
  name: "no-node-transport",
  load(id) {
    if (!/[\\/]core[\\/]dist[\\/]internal[\\/]nodeTransport\.js$/.test(id)) return null
    // nodeBuiltins() is all core calls first; without builtins it never reaches nodeTransport.
    return "export const nodeBuiltins = () => undefined\nexport const nodeTransport = undefined\n"
  }
}

const sizes = {}
for (const [name, entry] of Object.entries(entries)) {
  const bundle = await rolldown({
    input: join(here, entry),
    platform: "browser",
    logLevel: "warn",
    plugins: [dropCatalogueProse, noNodeTransport],
    // Classic zod puts every method on every schema's prototype, so a bundler keeps all of them: core's
    // schemas cost ~27.5 KB gzipped with it. They use only the functional API classic and zod/mini share,
    // so the browser gets the same schemas, issues and messages from zod/mini for ~11.7 KB (English locale
    // included). `zod$` matches the bare specifier only, never `zod/mini` itself. Node keeps classic zod:
    // the MCP server and the emulator call its methods.
    resolve: { alias: { zod$: "zod/mini" } }
  })
  await bundle.write({
    file: join(out, `${name}.js`),
    format: "esm",
    minify: true,
    sourcemap: true,
    codeSplitting: false
  })
  await bundle.close()
  const code = readFileSync(join(out, `${name}.js`))
  sizes[name] = { bytes: code.length, gzip: gzipSync(code, { level: 9 }).length }
}
writeFileSync(join(out, "sizes.json"), `${JSON.stringify(sizes, null, 2)}\n`)
for (const [name, s] of Object.entries(sizes)) {
  console.log(
    `${name.padEnd(28)} ${(s.bytes / 1024).toFixed(1).padStart(7)} KB  ${(s.gzip / 1024).toFixed(1).padStart(6)} KB gzip`
  )
}
