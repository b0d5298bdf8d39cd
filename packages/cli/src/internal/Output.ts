/**
 * How results reach stdout: a table for people at a terminal, tab-separated rows for pipes, JSON or JSON
 * lines for programs. JSON is PostHog's object exactly as it arrived (unknown fields included); `--fields`
 * picks keys (dot paths reach into nested objects). Lists are written as they arrive when the format allows
 * it, so `--all --format jsonl` streams.
 *
 * `--jq EXPR` runs what `--format json` would print through jq; `--template T` prints each object (each
 * item of a list) through a mustache template. Both see PostHog's object (after `--fields`).
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { shortIds } from "./IdPrefix.js"

export type Format = "table" | "tsv" | "json" | "jsonl"

/** One column of the human views: the key (a dot path) and how to show it. */
export interface Column {
  readonly key: string
  readonly header?: string
  readonly kind?: "time" | "text" | "user" | "list" | "bool" | "json"
  /** Long free text: the column that shrinks first when the table is wider than the terminal. */
  readonly wide?: boolean
  /**
   * A long id (a UUID): a table shows the shortest start of it unique among the rows (at least 8
   * characters), which commands accept back, and never cuts it; other formats print it whole.
   */
  readonly shortId?: boolean
}

/**
 * The columns a resource shows in a list (`columns`, also one object's tab-separated row) and for one
 * object on a terminal (`detail`). `source` names the catalogue operation whose response the view shows:
 * its schema says which `--fields` exist.
 */
export interface View {
  readonly columns: ReadonlyArray<Column>
  readonly detail: ReadonlyArray<Column>
  readonly source?: string
}

/** A compiled `--jq` expression: the text jq printed for one input (raw strings, one value a line). */
export type JqFilter = (input: unknown) => Promise<string>

export interface OutputSettings {
  readonly format: Format
  readonly fields: ReadonlyArray<string> | undefined
  readonly color: boolean
  readonly stderrIsTTY: boolean
  readonly columns: number
  readonly now: () => number
  readonly write: (text: string) => void
  readonly writeErr: (text: string) => void
  readonly jq?: JqFilter | undefined
  /** A compiled `--template`: the text for one object, without its final newline. */
  readonly template?: ((input: unknown) => string) | undefined
}

/** Read `a.b.c` from an object; undefined when any step is missing. */
export const getPath = (obj: unknown, path: string): unknown => {
  let current: unknown = obj
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined
    current = (current as Record<string, unknown>)[part]
  }
  return current
}

/** Keep only the requested keys, in the requested order; the key is the path as the user typed it. */
export const pickFields = (obj: unknown, fields: ReadonlyArray<string>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const field of fields) out[field] = getPath(obj, field) ?? null
  return out
}

const units: ReadonlyArray<readonly [number, string]> = [
  [60, "second"],
  [60, "minute"],
  [24, "hour"],
  [30, "day"],
  [12, "month"],
  [Number.POSITIVE_INFINITY, "year"]
]

/** "3 minutes ago", "in 2 days", "just now": the way gh shows dates on a terminal. */
export const relativeTime = (iso: string, now: number): string => {
  const then = Date.parse(iso)
  if (Number.isNaN(then)) return iso
  let delta = Math.round((now - then) / 1000)
  const future = delta < 0
  delta = Math.abs(delta)
  if (delta < 45) return future ? "in a few seconds" : "just now"
  let value = delta
  for (const [size, unit] of units) {
    if (value < size) {
      const n = Math.max(1, Math.round(value))
      const label = n === 1 ? `${unit === "hour" ? "an" : "a"} ${unit}` : `${n} ${unit}s`
      return future ? `in ${label}` : `${label} ago`
    }
    value /= size
  }
  return iso
}

/** Control characters (C0, DEL, C1) would move the cursor or corrupt a row; show them as escapes instead. */
export const sanitize = (text: string): string =>
  text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    if (c === "\n") return "\\n"
    if (c === "\t") return "\\t"
    if (c === "\r") return "\\r"
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`
  })

/** Cut text to `width` display characters, marking the cut with an ellipsis. */
export const truncate = (text: string, width: number): string => {
  const chars = Array.from(text)
  if (chars.length <= width) return text
  if (width <= 1) return "…"
  return chars.slice(0, width - 1).join("") + "…"
}

const displayWidth = (text: string): number => Array.from(text).length

const userLabel = (value: unknown): string => {
  if (value === null || value === undefined) return ""
  if (typeof value === "number") return `user ${value}`
  if (typeof value !== "object") return String(value)
  const user = value as { email?: unknown; first_name?: unknown }
  return typeof user.email === "string" ? user.email : JSON.stringify(value)
}

/** A cell as a human reads it (table) or as a script reads it (tsv: raw ISO dates, true/false). */
export const cell = (value: unknown, column: Column | undefined, human: boolean, now: number): string => {
  if (value === null || value === undefined) return ""
  const kind = column?.kind
  if (kind === "time" && typeof value === "string") return human ? relativeTime(value, now) : value
  if (kind === "user") return sanitize(userLabel(value))
  if (typeof value === "boolean") return human && kind === "bool" ? (value ? "yes" : "no") : String(value)
  if (typeof value === "string") return sanitize(value)
  if (typeof value === "number") return String(value)
  if (Array.isArray(value) && value.every((v) => typeof v !== "object" || v === null)) {
    return sanitize(value.map((v) => String(v)).join(human ? ", " : ","))
  }
  return sanitize(JSON.stringify(value))
}

const columnsFor = (
  view: View,
  fields: ReadonlyArray<string> | undefined,
  detail: boolean
): ReadonlyArray<Column> => {
  const base = detail ? view.detail : view.columns
  if (!fields) return base
  const known = new Map([...view.detail, ...view.columns].map((c) => [c.key, c]))
  return fields.map((key) => known.get(key) ?? { key })
}

const headerOf = (column: Column): string =>
  (column.header ?? column.key.replace(/_at$/, "").replace(/[._]/g, " ")).toUpperCase()

const bold = (text: string, color: boolean) => (color ? `\u001b[1m${text}\u001b[22m` : text)
const dim = (text: string, color: boolean) => (color ? `\u001b[2m${text}\u001b[22m` : text)

/** Lay out rows in aligned columns no wider than the terminal, shrinking the wide text columns first. */
export const renderTable = (
  rows: ReadonlyArray<ReadonlyArray<string>>,
  headers: ReadonlyArray<string>,
  columns: ReadonlyArray<Column>,
  maxWidth: number,
  color: boolean
): string => {
  const gap = 2
  const widths = headers.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? "")))
  )
  const total = () => widths.reduce((a, b) => a + b, 0) + gap * (widths.length - 1)
  // Text columns are capped first; then whatever is widest gives way, down to a readable minimum.
  const shrinkable = columns.map((c, i) => (c.wide ? i : -1)).filter((i) => i >= 0)
  for (const i of shrinkable) widths[i] = Math.min(widths[i]!, 60)
  // Ids are copied back into commands: never cut.
  const cuttable = [...widths.keys()].filter((i) => columns[i]?.shortId !== true)
  while (total() > maxWidth) {
    const order = cuttable.sort((a, b) => widths[b]! - widths[a]!)
    const widest = order[0]!
    if (widths[widest]! <= 12) break
    widths[widest] = Math.max(12, widths[widest]! - (total() - maxWidth))
  }
  const line = (cells: ReadonlyArray<string>, style: (s: string) => string) =>
    cells
      .map((c, i) => {
        const text = truncate(c, widths[i]!)
        return i === cells.length - 1
          ? style(text)
          : style(text + " ".repeat(widths[i]! - displayWidth(text)))
      })
      .join(" ".repeat(gap))
      .trimEnd()
  return [line(headers, (s) => bold(s, color)), ...rows.map((r) => line(r, (s) => s))].join("\n") + "\n"
}

/** A tab-separated line: one row per item, no header, tabs and newlines inside values escaped. */
const tsvLine = (cells: ReadonlyArray<string>) => cells.join("\t") + "\n"

/** Writes single objects and lists in the chosen format. */
export class Printer {
  /** jq answers asynchronously: its output is written in order, and `flush` waits for the last of it. */
  private pending: Promise<void> = Promise.resolve()
  private jqFailure: unknown

  constructor(readonly settings: OutputSettings) {}

  withFormat(format: Format): Printer {
    return new Printer({ ...this.settings, format })
  }

  /** True when the output is PostHog's JSON object (JSON formats, and what --jq and --template read). */
  get isJson(): boolean {
    const { format, jq, template } = this.settings
    return format === "json" || format === "jsonl" || jq !== undefined || template !== undefined
  }

  private runJq(value: unknown, jq: JqFilter): void {
    this.pending = this.pending.then(() =>
      jq(value).then(
        (text) => this.settings.write(text === "" || text.endsWith("\n") ? text : text + "\n"),
        (error: unknown) => {
          this.jqFailure ??= error
        }
      )
    )
  }

  private runTemplate(value: unknown, template: (input: unknown) => string): void {
    const text = template(value)
    this.settings.write(text.endsWith("\n") ? text : text + "\n")
  }

  /** Every --jq output written; fails with jq's own words when the expression failed on this data. */
  flush(): Promise<void> {
    return this.pending.then(() => {
      if (this.jqFailure !== undefined) throw this.jqFailure
    })
  }

  /** PostHog's value (an object, an array) through --jq or --template; false when neither is given. */
  private filtered(value: unknown): boolean {
    const { jq, template } = this.settings
    if (jq !== undefined) this.runJq(value, jq)
    else if (template !== undefined) this.runTemplate(value, template)
    else return false
    return true
  }

  private shape(obj: unknown): unknown {
    return this.settings.fields ? pickFields(obj, this.settings.fields) : obj
  }

  /** One object: pretty JSON, one JSON line, one tab-separated row, or a key/value view on a terminal. */
  object(obj: unknown, view: View): void {
    const { format, fields, now } = this.settings
    if (this.filtered(this.shape(obj))) return
    if (format === "json" || format === "jsonl") {
      this.settings.write(JSON.stringify(this.shape(obj), null, format === "json" ? 2 : undefined) + "\n")
      return
    }
    if (format === "tsv") {
      // The list's columns: `get` and `list` of a resource give rows that `cut` and `awk` read alike.
      const columns = columnsFor(view, fields, false)
      this.settings.write(tsvLine(columns.map((c) => cell(getPath(obj, c.key), c, false, now()))))
      return
    }
    const columns = columnsFor(view, fields, true)
    const headers = columns.map((c) => headerOf(c).toLowerCase())
    const pad = Math.max(...headers.map((h) => h.length))
    const valueWidth = Math.max(20, this.settings.columns - pad - 2)
    const lines = columns.map((c, i) => {
      const value = truncate(cell(getPath(obj, c.key), c, true, now()), valueWidth)
      return `${dim(`${headers[i]!}:`.padEnd(pad + 1), this.settings.color)} ${value}`.trimEnd()
    })
    this.settings.write(lines.join("\n") + "\n")
  }

  /** A plain value for scripts and people alike (a link, a password, a count). */
  value(text: string): void {
    this.settings.write(text + "\n")
  }

  /** Raw JSON (the `api` command and the template schema): indented on a terminal or with --format json. */
  json(value: unknown): void {
    if (this.filtered(value)) return
    const pretty = this.settings.format === "table" || this.settings.format === "json"
    this.settings.write((pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value)) + "\n")
  }

  /** A note for people: stderr, and only when stderr is a terminal, so pipes and scripts never see it. */
  note(text: string): void {
    if (this.settings.stderrIsTTY) this.settings.writeErr(text + "\n")
  }

  /**
   * Every item of a stream. jsonl and tsv write each item as it arrives; json and the table need them all
   * (an array, column widths). `progress` shows a running count on stderr when stderr is a terminal.
   */
  list<E, R>(items: Stream.Stream<unknown, E, R>, view: View, options: { progress?: boolean } = {}) {
    const { format, fields, now, jq, template } = this.settings
    const columns = columnsFor(view, fields, false)
    const showProgress = options.progress === true && this.settings.stderrIsTTY
    let count = 0
    const collected: Array<unknown> = []
    const clearProgress = () => {
      if (showProgress && count > 0) this.settings.writeErr("\r\u001b[2K")
    }
    return Stream.runForEach(items, (item) =>
      Effect.sync(() => {
        count++
        if (jq !== undefined) collected.push(item)
        else if (template !== undefined) this.runTemplate(this.shape(item), template)
        else if (format === "jsonl") this.settings.write(JSON.stringify(this.shape(item)) + "\n")
        else if (format === "tsv")
          this.settings.write(tsvLine(columns.map((c) => cell(getPath(item, c.key), c, false, now()))))
        else collected.push(item)
        if (showProgress && count % 25 === 0) this.settings.writeErr(`\rFetched ${count} items…`)
      })
    ).pipe(
      Effect.ensuring(Effect.sync(clearProgress)),
      Effect.tap(() =>
        Effect.sync(() => {
          // --jq reads what --format json prints: the array of every item.
          if (jq !== undefined)
            this.runJq(
              collected.map((i) => this.shape(i)),
              jq
            )
          else if (template !== undefined) return
          else if (format === "json") {
            this.settings.write(
              JSON.stringify(
                collected.map((i) => this.shape(i)),
                null,
                2
              ) + "\n"
            )
          } else if (format === "table") {
            if (collected.length === 0) {
              this.note("No results.")
              return
            }
            const rows = collected.map((item) =>
              columns.map((c) => cell(getPath(item, c.key), c, true, now()))
            )
            columns.forEach((c, i) => {
              if (!c.shortId) return
              const short = shortIds(rows.map((r) => r[i] ?? ""))
              rows.forEach((r, j) => {
                r[i] = short[j] ?? ""
              })
            })
            this.settings.write(
              renderTable(rows, columns.map(headerOf), columns, this.settings.columns, this.settings.color)
            )
          }
        })
      ),
      Effect.map(() => count)
    )
  }
}
