/**
 * Values derived from stored rows (a list's ordered ids), kept until the next write: the same
 * generation rule as the response cache (`Database.writes` moves on every transaction, and then
 * everything is forgotten). Used where a client walks many pages of one listing: the ordering is
 * computed once and every page reads only its own rows.
 */
export const QUERY_MEMO_ENTRIES = 64

export class QueryMemo {
  private readonly values = new Map<string, unknown>()
  private generation = -1

  constructor(private readonly maxEntries = QUERY_MEMO_ENTRIES) {}

  /** The value under `key` computed at `generation`, computing (and keeping) it when there is none. */
  async get<T>(key: string, generation: () => number, compute: () => Promise<T>): Promise<T> {
    const at = generation()
    if (at !== this.generation) {
      this.values.clear()
      this.generation = at
    }
    if (this.values.has(key)) {
      const value = this.values.get(key) as T
      this.values.delete(key)
      this.values.set(key, value)
      return value
    }
    const value = await compute()
    if (generation() === at && this.generation === at) {
      this.values.set(key, value)
      for (const oldest of this.values.keys()) {
        if (this.values.size <= this.maxEntries) break
        this.values.delete(oldest)
      }
    }
    return value
  }
}
