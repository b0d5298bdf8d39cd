/**
 * Which tools a server offers: `--toolsets` and `--tools` add up (a tool named on its own joins the chosen
 * toolsets), nothing chosen means everything, and `--read-only` then removes every tool that writes —
 * it wins over any other choice.
 */
import { type Selection, SelectionError, select } from "./internal/select.js"
import { tools as allTools, type Tool } from "./Tools.js"

export { type Selection, SelectionError }

/** The tools a selection leaves, in registry order; throws SelectionError on an unknown name. */
export const selectTools = (
  selection: Selection,
  registry: ReadonlyArray<Tool> = allTools
): ReadonlyArray<Tool> => select(selection, registry)
