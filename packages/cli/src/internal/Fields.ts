/**
 * Which `--fields` a command can show: the fields of the object its catalogue operation returns (core's
 * zod response schema; an item of a page for lists), with dot paths into nested objects, plus the
 * columns the CLI's views add. A name outside them is refused (exit 2) with the list, instead of
 * printing an empty column.
 */
import { Catalogue } from "@hogkit/core"
import { usage } from "./Failure.js"
import type { View } from "./Output.js"

/** The parts of a zod 4 schema's definition read here (`_zod.def` is zod's public introspection). */
interface Def {
  readonly type: string
  readonly shape?: Readonly<Record<string, { readonly _zod: { readonly def: Def } }>>
  readonly innerType?: { readonly _zod: { readonly def: Def } }
  readonly element?: { readonly _zod: { readonly def: Def } }
  readonly in?: { readonly _zod: { readonly def: Def } }
}

const defOf = (schema: unknown): Def | undefined =>
  (schema as { _zod?: { def?: Def } } | undefined)?._zod?.def

/** Optional, nullable, default and pipe wrappers taken off. */
const unwrap = (def: Def | undefined): Def | undefined => {
  let d = def
  for (let i = 0; i < 10 && d !== undefined; i++) {
    const inner = d.innerType ?? (d.type === "pipe" ? d.in : undefined)
    if (inner === undefined) return d
    d = inner._zod.def
  }
  return d
}

/** Field paths of an object schema; `open` collects the paths under which anything may appear. */
const walk = (def: Def, prefix: string, out: Array<string>, open: Array<string>, depth: number) => {
  for (const [key, child] of Object.entries(def.shape ?? {})) {
    const path = prefix === "" ? key : `${prefix}.${key}`
    out.push(path)
    const inner = unwrap(child._zod.def)
    if (inner?.type === "object" && inner.shape !== undefined && depth < 2)
      walk(inner, path, out, open, depth + 1)
    else if (inner !== undefined && ["record", "unknown", "any", "object"].includes(inner.type))
      open.push(path)
  }
}

export interface KnownFields {
  readonly fields: ReadonlyArray<string>
  /** Fields whose insides the schema leaves free (JSON objects): any dot path under them is accepted. */
  readonly open: ReadonlyArray<string>
}

/** The fields of the object `view.source` returns, and the view's own columns. */
export const knownFields = (view: View): KnownFields | undefined => {
  const op = view.source === undefined ? undefined : Catalogue.operation(view.source)
  let def = unwrap(defOf(op?.response))
  if (def === undefined) return undefined
  // A page: its items are what a list prints.
  const results = unwrap(def.shape?.results?._zod.def)
  if (results?.type === "array") def = unwrap(results.element?._zod.def)
  if (def?.type !== "object") return undefined
  const fields: Array<string> = []
  const open: Array<string> = []
  walk(def, "", fields, open, 0)
  for (const c of [...view.columns, ...view.detail]) if (!fields.includes(c.key)) fields.push(c.key)
  return { fields, open }
}

/** The requested fields, or a usage failure naming the unknown ones and every valid one. */
export const checkFields = (requested: ReadonlyArray<string>, view: View) => {
  const known = knownFields(view)
  if (known === undefined) return undefined
  const unknown = requested.filter(
    (f) => !known.fields.includes(f) && !known.open.some((o) => f.startsWith(`${o}.`))
  )
  if (unknown.length === 0) return undefined
  const top = known.fields.filter((f) => !f.includes("."))
  return usage(
    `Unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((f) => `"${f}"`).join(", ")} for --fields. ` +
      `Valid fields: ${top.join(", ")} (dot paths reach nested ones, e.g. ${known.fields.find((f) => f.includes(".")) ?? `${top[0]}`}).`
  )
}
