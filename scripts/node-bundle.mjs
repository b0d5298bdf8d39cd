// The esbuild options every hogkit command bundle shares (the `hogkit` CLI and `hogkit-mcp`): one CommonJS
// file for Node 20+, minified, with the emulator left out — it is loaded by import() only for --emulator
// and runs PGlite in a process of its own.
import { dirname } from "node:path"

// zod re-exports every locale (`z.locales`, ~60 languages) as a namespace, which a bundler cannot prune:
// ~250 KB of a 1 MB CLI bundle that Node parses on every command. hogkit speaks English only (zod's default,
// which zod configures from locales/en.js directly), so the bundles keep `z.locales.en` and drop the rest.
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer)
        ? { path: `${dirname(dirname(args.importer))}/locales/index.js`, namespace: "zod-english-only" }
        : undefined
    )
    build.onLoad({ filter: /.*/, namespace: "zod-english-only" }, (args) => ({
      contents: 'export { default as en } from "./en.js"\n',
      resolveDir: dirname(args.path),
      loader: "js"
    }))
  }
}

export const nodeBundleOptions = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: true,
  legalComments: "none",
  external: ["@hogkit/emulator"],
  metafile: true,
  logLevel: "warning",
  plugins: [zodEnglishOnly]
}
