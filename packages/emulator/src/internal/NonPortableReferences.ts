/**
 * What a dashboard template's tiles point at that exists only in its own project (newest PostHog's
 * `non_portable_references`): actions and cohorts by id, data-warehouse tables by name. A template copied
 * to another project keeps these references, which there point at nothing.
 */

export interface NonPortableReferences {
  readonly actions: number[]
  readonly cohorts: number[]
  readonly warehouse_tables: string[]
}

const asId = (value: unknown): number | undefined => {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value
  return typeof n === "number" && Number.isInteger(n) ? n : undefined
}

export const nonPortableReferences = (tiles: unknown): NonPortableReferences => {
  const actions = new Set<number>()
  const cohorts = new Set<number>()
  const tables = new Set<string>()
  const visit = (node: unknown, depth: number): void => {
    if (depth > 64 || node === null || typeof node !== "object") return
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1)
      return
    }
    const n = node as Record<string, unknown>
    // Query nodes (`ActionsNode`) and legacy filters (`{"type": "actions", "id": 3}`).
    if (n.kind === "ActionsNode" || n.type === "actions") {
      const id = asId(n.id)
      if (id !== undefined) actions.add(id)
    }
    // Cohort property filters: `{"type": "cohort", "key": "id", "value": 7}`.
    if (n.type === "cohort") {
      const id = asId(n.value)
      if (id !== undefined) cohorts.add(id)
    }
    if (n.kind === "DataWarehouseNode" && typeof n.table_name === "string") tables.add(n.table_name)
    for (const value of Object.values(n)) visit(value, depth + 1)
  }
  visit(tiles, 0)
  return {
    actions: [...actions].sort((a, b) => a - b),
    cohorts: [...cohorts].sort((a, b) => a - b),
    warehouse_tables: [...tables].sort()
  }
}
