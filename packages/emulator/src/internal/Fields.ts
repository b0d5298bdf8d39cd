/**
 * DRF field parsing with DRF's messages and codes. Each reader returns `undefined` when the key is absent
 * and throws PostHog's validation error (attr = the field) when the value is wrong.
 */
import { maxLengthMessage, validation } from "../Errors.js"

export type Obj = Record<string, unknown>

export const has = (o: Obj, key: string) => Object.hasOwn(o, key)

/** `serializer(data=...)` with a non-object: DRF's non-field error. */
export const objectBody = (data: unknown): Obj => {
  if (data !== null && typeof data === "object" && !Array.isArray(data)) return data as Obj
  const got = Array.isArray(data) ? "list" : pyType(data)
  throw validation(`Invalid data. Expected a dictionary, but got ${got}.`, null, "invalid")
}

export const pyType = (v: unknown): string => {
  if (v === null || v === undefined) return "NoneType"
  if (typeof v === "string") return "str"
  if (typeof v === "boolean") return "bool"
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float"
  if (Array.isArray(v)) return "list"
  return "dict"
}

const nullCheck = (v: unknown, attr: string, allowNull: boolean) => {
  if (v === null && !allowNull) throw validation("This field may not be null.", attr, "null")
  return v === null
}

export interface CharOptions {
  readonly max?: number
  readonly allowNull?: boolean
  readonly allowBlank?: boolean
  readonly required?: boolean
  readonly trim?: boolean
}

export const charField = (o: Obj, key: string, opts: CharOptions = {}): string | null | undefined => {
  if (!has(o, key)) {
    if (opts.required === true) throw validation("This field is required.", key, "required")
    return undefined
  }
  const v = o[key]
  if (nullCheck(v, key, opts.allowNull === true)) return null
  if (typeof v !== "string" && typeof v !== "number") throw validation("Not a valid string.", key, "invalid")
  let s = String(v)
  if (s.includes("\u0000"))
    throw validation("Null characters are not allowed.", key, "null_characters_not_allowed")
  if (opts.trim !== false) s = s.trim()
  if (s === "" && opts.allowBlank !== true) throw validation("This field may not be blank.", key, "blank")
  if (opts.max !== undefined && s.length > opts.max)
    throw validation(maxLengthMessage(opts.max), key, "max_length")
  return s
}

const TRUE = new Set<unknown>([
  "t",
  "T",
  "y",
  "Y",
  "yes",
  "Yes",
  "YES",
  "true",
  "True",
  "TRUE",
  "on",
  "On",
  "ON",
  "1",
  1,
  true
])
const FALSE = new Set<unknown>([
  "f",
  "F",
  "n",
  "N",
  "no",
  "No",
  "NO",
  "false",
  "False",
  "FALSE",
  "off",
  "Off",
  "OFF",
  "0",
  0,
  false
])

export const boolField = (o: Obj, key: string, allowNull = false): boolean | null | undefined => {
  if (!has(o, key)) return undefined
  const v = o[key]
  if (v === null || v === "" || v === "null") {
    if (allowNull) return null
    if (v === null) throw validation("This field may not be null.", key, "null")
  }
  if (TRUE.has(v)) return true
  if (FALSE.has(v)) return false
  throw validation("Must be a valid boolean.", key, "invalid")
}

export const intField = (o: Obj, key: string, allowNull = false): number | null | undefined => {
  if (!has(o, key)) return undefined
  const v = o[key]
  if (nullCheck(v, key, allowNull)) return null
  const n =
    typeof v === "number" ? v : typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : Number.NaN
  if (!Number.isSafeInteger(n)) throw validation("A valid integer is required.", key, "invalid")
  return n
}

export const choiceField = <T extends string | number>(
  o: Obj,
  key: string,
  choices: ReadonlyArray<T>,
  allowNull = false
): T | null | undefined => {
  if (!has(o, key)) return undefined
  const v = o[key]
  if (nullCheck(v, key, allowNull)) return null
  const found = choices.find((c) => String(c) === String(v))
  if (found === undefined) throw validation(`"${String(v)}" is not a valid choice.`, key, "invalid_choice")
  return found
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i

export const isUuid = (v: unknown): v is string => typeof v === "string" && UUID.test(v)

/** Canonical lower-case hyphenated form, as Python's `uuid.UUID` prints it. */
export const canonicalUuid = (v: string) => {
  const hex = v.replace(/-/g, "").toLowerCase()
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export const uuidField = (o: Obj, key: string, opts: { required?: boolean; allowNull?: boolean } = {}) => {
  if (!has(o, key)) {
    if (opts.required === true) throw validation("This field is required.", key, "required")
    return undefined
  }
  const v = o[key]
  if (nullCheck(v, key, opts.allowNull === true)) return null
  if (!isUuid(v)) throw validation("Must be a valid UUID.", key, "invalid")
  return canonicalUuid(v)
}

/** A list field; item errors are reported as `key__index` like drf-exceptions-hog does. */
export const listField = <T>(
  o: Obj,
  key: string,
  item: (wrapper: Obj, attr: string) => T,
  allowNull = false
): T[] | null | undefined => {
  if (!has(o, key)) return undefined
  const v = o[key]
  if (nullCheck(v, key, allowNull)) return null
  if (!Array.isArray(v)) {
    throw validation(`Expected a list of items but got type "${pyType(v)}".`, key, "not_a_list")
  }
  return v.map((x, i) => item({ [`${key}__${i}`]: x }, `${key}__${i}`))
}

export const isPlainObject = (v: unknown): v is Obj =>
  v !== null && typeof v === "object" && !Array.isArray(v)

/** `str_to_bool`, PostHog's query-string boolean. */
export const strToBool = (v: string | null) =>
  v !== null && ["y", "yes", "t", "true", "on", "1"].includes(v.toLowerCase())
