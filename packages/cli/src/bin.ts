/**
 * Entry point of the bundled `hogkit`. `--version` answers before anything else loads; every other
 * command loads the command tree (bundled, evaluated on demand) and, only with --emulator or
 * `hogkit emulator`, the emulator package.
 */
import { colorWanted } from "./internal/Color.js"
import { VERSION } from "./internal/Version.js"

/** `hogkit --help`, rendered by this very build (build.mjs) so the most common first command starts fast. */
declare const __HOGKIT_HELP__: { readonly plain: string; readonly color: string } | undefined

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
  import("./Main.js").then(
    ({ main }) =>
      main(argv).then((code) => {
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
