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
import { minify as terser } from "terser"

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

// The widgets run core's operations but read only some of what the catalogue says of them: method, path,
// ids, schemas, fixed bodies, idempotency, scope and summary (for failure advice). The rest is for people and
// agents — `description` sentences (docs, CLI help, MCP tools), what a destructive call loses
// (`destroysAlways`, CLI confirmations), and the resources' field lists (`serverManaged`, `userText`,
// `bulky`, `hiddenInputs`: MCP inputs and `_user_data`, exports). Those values are emptied here, keeping
// ~1 KB gzipped out of every widget; the keys stay, so code that reads them sees an empty list or text.
const DROPPED_CATALOGUE_FACTS = [
  "description",
  "destroysAlways",
  "serverManaged",
  "userText",
  "bulky",
  "hiddenInputs"
]

/** The end of the JS string, template or array literal that starts at `i` (none of them nest functions). */
const endOfLiteral = (code, i) => {
  const open = code[i]
  if (open === '"' || open === "'" || open === "`") {
    for (let j = i + 1; j < code.length; j++) {
      if (code[j] === "\\") j++
      else if (code[j] === open) return j + 1
    }
    return -1
  }
  if (open !== "[") return -1
  let depth = 0
  for (let j = i; j < code.length; j++) {
    const ch = code[j]
    if (ch === '"' || ch === "'" || ch === "`") {
      j = endOfLiteral(code, j) - 1
      if (j < 0) return -1
    } else if (ch === "[") depth++
    else if (ch === "]" && --depth === 0) return j + 1
  }
  return -1
}

const dropCatalogueFacts = {
  name: "drop-catalogue-facts",
  transform(code, id) {
    if (!/[\\/]core[\\/]dist[\\/]catalogue[\\/][^\\/]+\.js$/.test(id)) return null
    const key = new RegExp(`\\b(${DROPPED_CATALOGUE_FACTS.join("|")}):\\s*`, "g")
    let out = ""
    let from = 0
    for (let m = key.exec(code); m !== null; m = key.exec(code)) {
      const start = m.index + m[0].length
      const end = endOfLiteral(code, start)
      if (end < 0) continue
      out += `${code.slice(from, start)}${code[start] === "[" ? "[]" : '""'}`
      from = end
      key.lastIndex = end
    }
    return { code: out + code.slice(from), map: null }
  }
}

// Core sends with `node:http` where `process.getBuiltinModule` exists and with `fetch` elsewhere. A browser
// never has that function, so core's Node transport is dead code here: the bundle gets a module that says
// so (same exports, no Node client), about 1 KB gzipped less in every widget. Behaviour does not change.
const noNodeTransport = {
  name: "no-node-transport",
  load(id) {
    if (!/[\\/]core[\\/]dist[\\/]internal[\\/]nodeTransport\.js$/.test(id)) return null
    return [
      "export const nodeBuiltins = () => undefined",
      'export const nodeTransport = () => { throw new Error("node:http is not available in a browser") }'
    ].join("\n")
  }
}

// No zod in the browser. Core checks what a caller sends and decodes what PostHog answers with its zod
// schemas; in a widget both are spent bytes (zod/mini and its English messages were ~9 KB of the 60 KB
// budget) for nothing a user sees:
// - What a widget sends, PostHog (or the emulator) checks anyway, and core's own checks exist to give the
//   same answer early, with the same messages (decisions.md §4). Through the proxy the user reads that very
//   message, one round trip later: a 400 from PostHog becomes the same ValidationError advice.
// - Reading is lenient (decisions.md §4): unknown fields pass, nothing is transformed, so a decoded answer
//   is the answer. The widgets read it defensively (optional fields, `?? []`, text rendered as text).
// So `zod` resolves to build/zodFree.mjs, whose schemas accept any value unchanged. Node (the proxy, the
// SDK, the CLI, MCP) keeps the real zod and all of its checks.
const zodFree = join(here, "build", "zodFree.mjs")

const sizes = {}
for (const [name, entry] of Object.entries(entries)) {
  const bundle = await rolldown({
    input: join(here, entry),
    platform: "browser",
    logLevel: "warn",
    plugins: [dropCatalogueFacts, noNodeTransport],
    resolve: { alias: { zod$: zodFree } }
  })
  await bundle.write({
    file: join(out, `${name}.js`),
    format: "esm",
    minify: true,
    sourcemap: true,
    codeSplitting: false
  })
  await bundle.close()
  // A second minifier over rolldown's output: terser's compressor finds what oxc's leaves (~2.3 KB gzipped
  // of the 60 KB budget); the source map is carried through, sources embedded, so it still points at code
  // the package ships (install-check refuses a map whose sources are neither shipped nor embedded).
  const file = join(out, `${name}.js`)
  const squeezed = await terser(readFileSync(file, "utf8"), {
    module: true,
    compress: { passes: 2 },
    mangle: true,
    sourceMap: { content: readFileSync(`${file}.map`, "utf8"), url: `${name}.js.map`, includeSources: true }
  })
  writeFileSync(file, squeezed.code)
  writeFileSync(`${file}.map`, squeezed.map)
  const code = readFileSync(file)
  sizes[name] = { bytes: code.length, gzip: gzipSync(code, { level: 9 }).length }
}
writeFileSync(join(out, "sizes.json"), `${JSON.stringify(sizes, null, 2)}\n`)
for (const [name, s] of Object.entries(sizes)) {
  console.log(
    `${name.padEnd(28)} ${(s.bytes / 1024).toFixed(1).padStart(7)} KB  ${(s.gzip / 1024).toFixed(1).padStart(6)} KB gzip`
  )
}
