/**
 * `import()` of a package kept outside the bundle (jq-wasm, @hogkit/emulator). The bundled bin compiles
 * the command tree with `vm.Script` (CompileCache.ts), and Node 20 serves an `import()` written inside
 * such a script only behind an experimental flag or with an experimental warning on stderr. So the bin
 * lends the command tree its own `import()` as the wrapper's `__hogkitImport` parameter: it resolves from
 * dist/, as the bundle's own would. Run from source (tests) or required directly, it is plain `import()`.
 */
declare const __hogkitImport: ((specifier: string) => Promise<unknown>) | undefined

export const importExternal = <Module>(specifier: string): Promise<Module> =>
  (typeof __hogkitImport === "function" ? __hogkitImport(specifier) : import(specifier)) as Promise<Module>
