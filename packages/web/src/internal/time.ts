/**
 * Relative times ("3 minutes ago") in the widget's locale, with the exact time kept for a tooltip.
 *
 * Intl formatters are built once per locale and reused: building one costs far more than formatting with
 * it, and a long thread formats two times per comment.
 */

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>()
const absoluteFormats = new Map<string, Intl.DateTimeFormat>()

const relativeFormat = (locale: string | undefined): Intl.RelativeTimeFormat => {
  const key = locale ?? ""
  let fmt = relativeFormats.get(key)
  if (!fmt) {
    fmt = new Intl.RelativeTimeFormat(locale, { numeric: "auto" })
    relativeFormats.set(key, fmt)
  }
  return fmt
}

const absoluteFormat = (locale: string | undefined): Intl.DateTimeFormat => {
  const key = locale ?? ""
  let fmt = absoluteFormats.get(key)
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" })
    absoluteFormats.set(key, fmt)
  }
  return fmt
}

const units: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1]
]

export const relativeTime = (
  iso: string | null | undefined,
  locale: string | undefined,
  now = Date.now()
): string => {
  if (!iso) return ""
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return ""
  const seconds = Math.round((t - now) / 1000)
  const fmt = relativeFormat(locale)
  if (Math.abs(seconds) < 45) return fmt.format(0, "second")
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return fmt.format(Math.round(seconds / size), unit)
  }
  return fmt.format(seconds, "second")
}

export const absoluteTime = (iso: string | null | undefined, locale: string | undefined): string => {
  if (!iso) return ""
  const t = Date.parse(iso)
  return Number.isNaN(t) ? "" : absoluteFormat(locale).format(t)
}

/**
 * Oldest first by the instant PostHog recorded. Not by string: PostHog renders a whole second without a
 * fraction ("…:52Z"), which sorts after "…:52.001000Z" as text although it is earlier. Unparseable or
 * missing times sort first, in their original order.
 */
interface Timed {
  readonly created_at?: string | null | undefined
}

export const byCreatedAt = (a: Timed, b: Timed): number => instant(a.created_at) - instant(b.created_at)

export const instant = (iso: string | null | undefined): number => {
  const t = iso ? Date.parse(iso) : Number.NaN
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t
}
