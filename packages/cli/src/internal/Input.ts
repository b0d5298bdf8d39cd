/**
 * Checks on what the user typed that belong to the command line rather than to PostHog's wire format:
 * ids, JSON arguments and files, control characters, `--limit`/`--all`. Anything that fails here exits
 * with code 2 before a request is sent. Wire-format rules (lengths, required fields) are core's zod
 * schemas, applied by core before sending.
 */
import * as fs from "node:fs"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { usage } from "./Failure.js"
import { commandLine } from "./Operations.js"

/** Files read for --file / --data @file are request bodies: anything bigger is a mistake, not a template. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const dashboardId = (raw: string, what = "dashboard id") =>
  Effect.suspend(() => {
    const trimmed = raw.trim()
    if (/^\d+$/.test(trimmed) && Number(trimmed) > 0 && Number.isSafeInteger(Number(trimmed))) {
      return Effect.succeed(Number(trimmed))
    }
    return Effect.fail(
      usage(
        `"${printable(raw)}" is not a valid ${what}: dashboard ids are positive integers (see \`${commandLine("dashboards list")}\`).`
      )
    )
  })

export const uuidId = (raw: string, what: string, listCommand: string) =>
  Effect.suspend(() =>
    uuid.test(raw.trim())
      ? Effect.succeed(raw.trim().toLowerCase())
      : Effect.fail(
          usage(`"${printable(raw)}" is not a valid ${what}: ${what}s are UUIDs (see \`${listCommand}\`).`)
        )
  )

/** Show user input inside a message without letting control characters reach the terminal. */
export const printable = (text: string) => {
  const shown = text.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`
  )
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown
}

/** One-line values (names, scopes, tags) must not carry control characters: they break tables and logs. */
export const singleLine = (flag: string, value: string) =>
  Effect.suspend(() => {
    const bad = value.match(/[\u0000-\u001f\u007f-\u009f]/)
    return bad
      ? Effect.fail(
          usage(
            `${flag} contains a control character (\\x${bad[0].charCodeAt(0).toString(16).padStart(2, "0")}); remove it and try again.`
          )
        )
      : Effect.succeed(value)
  })

/** Free text (content, descriptions) may have newlines and tabs, but not other control characters. */
export const multiLine = (flag: string, value: string) =>
  Effect.suspend(() => {
    const bad = value.match(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/)
    return bad
      ? Effect.fail(
          usage(
            `${flag} contains a control character (\\x${bad[0].charCodeAt(0).toString(16).padStart(2, "0")}); only newlines and tabs are allowed.`
          )
        )
      : Effect.succeed(value)
  })

export const optionalSingleLine = (flag: string, value: Option.Option<string>) =>
  Option.isSome(value) ? Effect.map(singleLine(flag, value.value), (v) => v) : Effect.succeed(undefined)

/** Read a whole file given on the command line, with a message that says which flag and what to fix. */
export const readFileArg = (flag: string, file: string) =>
  Effect.suspend(() => {
    let stat: fs.Stats
    try {
      stat = fs.statSync(file)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      return Effect.fail(
        usage(
          code === "ENOENT"
            ? `${flag}: the file ${file} does not exist.`
            : `${flag}: cannot read ${file} (${code ?? "error"}).`
        )
      )
    }
    if (!stat.isFile()) return Effect.fail(usage(`${flag}: ${file} is not a regular file.`))
    if (stat.size > MAX_FILE_BYTES) {
      return Effect.fail(
        usage(
          `${flag}: ${file} is ${Math.round(stat.size / 1024)} KiB; request bodies are limited to ${MAX_FILE_BYTES / 1024 / 1024} MiB.`
        )
      )
    }
    try {
      return Effect.succeed(fs.readFileSync(file, "utf8"))
    } catch (error) {
      return Effect.fail(
        usage(`${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"}).`)
      )
    }
  })

export const parseJson = (flag: string, text: string, from?: string) =>
  Effect.suspend(() => {
    try {
      return Effect.succeed(JSON.parse(text) as unknown)
    } catch (error) {
      const why = error instanceof SyntaxError ? error.message.replace(/^JSON\.parse: /, "") : "invalid JSON"
      return Effect.fail(
        usage(`${flag}: ${from ? `${from} is` : "the value is"} not valid JSON (${printable(why)}).`)
      )
    }
  })

export const parseJsonObject = (flag: string, text: string, from?: string) =>
  Effect.flatMap(parseJson(flag, text, from), (value) =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? Effect.succeed(value as Record<string, unknown>)
      : Effect.fail(usage(`${flag}: expected a JSON object ({ … }).`))
  )

export interface ListMode {
  readonly limit: number | undefined
  readonly all: boolean
}

export const listMode = (limit: Option.Option<number>, all: boolean) =>
  Effect.suspend(() => {
    if (Option.isSome(limit) && all) return Effect.fail(usage("Use either --limit N or --all, not both."))
    if (Option.isSome(limit) && limit.value <= 0) {
      return Effect.fail(usage(`--limit must be a positive number (got ${limit.value}).`))
    }
    return Effect.succeed<ListMode>({ limit: Option.getOrUndefined(limit), all })
  })

/**
 * The first `n` items of an offset-paginated list, one page after another: never a page more than needed
 * (core's full stream prefetches pages concurrently, which is right for --all but not for --limit).
 */
export const offsetTake = <A, E, R>(
  n: number,
  fetch: (
    offset: number,
    limit: number
  ) => Effect.Effect<{ readonly next: string | null; readonly results: ReadonlyArray<A> }, E, R>
): Stream.Stream<A, E, R> => {
  const pageSize = Math.min(n, 100)
  return Stream.paginate(0, (offset: number) =>
    Effect.map(fetch(offset, Math.min(pageSize, n - offset)), (page) => {
      const got = offset + page.results.length
      const more = page.next !== null && page.results.length > 0 && got < n
      return [page.results, more ? Option.some(got) : Option.none()] as const
    })
  )
}
