/**
 * Entry point of the bundled `hogkit`. `--version` answers before anything else loads; every other
 * command loads the command tree (bundled, evaluated on demand) and, only with --emulator or
 * `hogkit emulator`, the emulator package.
 */
import { join } from "node:path"
import { colorWanted } from "./internal/Color.js"
import { VERSION } from "./internal/Version.js"

/** `hogkit --help`, rendered by this very build (build.mjs) so the most common first command starts fast. */
declare const __HOGKIT_HELP__: { readonly plain: string; readonly color: string } | undefined
/** The command tree's own bundle, next to this one (build.mjs); unset when the source runs unbundled. */
declare const __HOGKIT_MAIN_BUNDLE__: string | undefined

const argv = process.argv.slice(2)
const help = typeof __HOGKIT_HELP__ === "object" ? __HOGKIT_HELP__ : undefined
const wantsColor = colorWanted(process.stdout)

// A reader that goes away (`hogkit … | head`) is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0)
  throw error
})

if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  process.stdout.write(`hogkit ${VERSION}\n`)
} else if (help && (argv.length === 0 || (argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h")))) {
  process.stdout.write(wantsColor ? help.color : help.plain)
} else {
  type MainModule = typeof import("./Main.js")
  // Bundled, the command tree is compiled through V8's code cache (internal/CompileCache.ts); from source, imported.
  const loadMain = (): Promise<{ readonly exports: MainModule; readonly saveCache: () => void }> =>
    typeof __HOGKIT_MAIN_BUNDLE__ === "string"
      ? // Imported lazily so `--version` and `--help` do not load node:crypto and node:vm.
        import("./internal/CompileCache.js").then(({ loadWithCompileCache }) =>
          // The bin's own import(): it resolves jq-wasm and the emulator from dist/, next to the bundle.
          loadWithCompileCache<MainModule>(
            join(__dirname, __HOGKIT_MAIN_BUNDLE__ as string),
            (specifier) => import(specifier)
          )
        )
      : import("./Main.js").then((exports) => ({ exports, saveCache: () => {} }))
  loadMain().then(
    ({ exports: { main }, saveCache }) =>
      main(argv).then((code) => {
        saveCache()
        // The embedded emulator and keep-alive sockets are closed by now; exit without waiting on stray timers.
        process.exitCode = code
        process.stdout.write("", () => process.exit(code))
      }),
    (error: unknown) => {
      process.stderr.write(
        `hogkit could not start: ${error instanceof Error ? error.message : String(error)}\n`
      )
      process.exit(1)
    }
  )
}
