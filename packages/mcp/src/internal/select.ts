/**
 * Which tools a server offers: `--toolsets` and `--tools` add up (a tool named on its own joins the chosen
 * toolsets), nothing chosen means every tool outside the opt-in toolsets, and `--read-only` then removes
 * every tool that writes — it wins over any other choice.
 */
import { OPT_IN_TOOLSETS, TOOLSETS, type ToolAnnotations } from "./toolsets.js"

export interface Selection {
  readonly toolsets?: ReadonlyArray<string> | undefined
  readonly tools?: ReadonlyArray<string> | undefined
  readonly readOnly?: boolean | undefined
}

/** A selection naming a toolset or tool that does not exist. */
export class SelectionError extends Error {
  readonly _tag = "SelectionError"
}

/** The tools a selection leaves, in registry order; throws SelectionError on an unknown name. */
export const select = <
  T extends { readonly name: string; readonly toolset: string; readonly annotations: ToolAnnotations }
>(
  selection: Selection,
  registry: ReadonlyArray<T>
): ReadonlyArray<T> => {
  const toolsets = selection.toolsets ?? []
  const names = selection.tools ?? []
  for (const ts of toolsets) {
    if (!([...TOOLSETS, ...OPT_IN_TOOLSETS] as ReadonlyArray<string>).includes(ts)) {
      throw new SelectionError(
        `Unknown toolset "${ts}". Toolsets: ${TOOLSETS.join(", ")}; opt-in: ${OPT_IN_TOOLSETS.join(", ")}.`
      )
    }
  }
  for (const name of names) {
    if (!registry.some((t) => t.name === name)) {
      throw new SelectionError(`Unknown tool "${name}". Tools: ${registry.map((t) => t.name).join(", ")}.`)
    }
  }
  const everything = toolsets.length === 0 && names.length === 0
  return registry.filter(
    (t) =>
      ((everything && !(OPT_IN_TOOLSETS as ReadonlyArray<string>).includes(t.toolset)) ||
        toolsets.includes(t.toolset) ||
        names.includes(t.name)) &&
      (!selection.readOnly || t.annotations.readOnlyHint)
  )
}
