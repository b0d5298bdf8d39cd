/**
 * Which project requests go to: a positive integer, or `@current` (the key owner's current project).
 *
 * @since 0.2.0
 */
import { ConfigProblem } from "./Problem.js"

/** @category models */
export type ProjectId = number | "@current"

/** The project used when none is given. @category constants */
export const DEFAULT_PROJECT: ProjectId = "@current"

/** @category guards */
export const isProjectId = (value: unknown): value is ProjectId =>
  value === "@current" || (typeof value === "number" && Number.isSafeInteger(value) && value > 0)

/**
 * `12345` or `"12345"` → 12345, `"@current"` → `"@current"`; anything else throws a `ConfigProblem`
 * naming `source` (the flag, variable or profile it came from).
 *
 * @category parsing
 */
export const parseProjectId = (raw: string | number, source: string): ProjectId => {
  if (typeof raw === "number") {
    if (isProjectId(raw)) return raw
  } else {
    const trimmed = raw.trim()
    if (trimmed === "@current") return "@current"
    if (/^\d+$/.test(trimmed) && isProjectId(Number(trimmed))) return Number(trimmed)
  }
  throw new ConfigProblem(
    "invalid",
    `The project "${String(raw).trim()}" (from ${source}) is not valid: use a project id such as 12345, or @current.`
  )
}
