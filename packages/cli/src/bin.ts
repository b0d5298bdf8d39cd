/**
 * Entry point of the bundled `hogkit`. `--version` answers before anything else loads; every other
 * command loads the command tree (bundled, evaluated on demand) and, only with --emulator or
 * `hogkit emulator`, the emulator package.
 */
import { VERSION } from "./internal/Version.js"

const argv = process.argv.slice(2)

// A reader that goes away (`hogkit … | head`) is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0)
  throw error
})

if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  process.stdout.write(`hogkit ${VERSION}\n`)
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
