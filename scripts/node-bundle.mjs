// The esbuild options every hogkit command bundle shares (the `hogkit` CLI and `hogkit-mcp`): one CommonJS
// file for Node 20+, minified, with the emulator left out — it is loaded by import() only for --emulator
// and runs PGlite in a process of its own.
export const nodeBundleOptions = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: true,
  legalComments: "none",
  external: ["@hogkit/emulator"],
  metafile: true,
  logLevel: "warning"
}
