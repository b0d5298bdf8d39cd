/** Small pieces every toolset uses. */
import type { Shaped } from "../internal/paging.js"

/** The answer of a call PostHog answers with nothing worth showing (a delete): what happened, in words. */
export const done = (message: string, extra: Record<string, unknown> = {}): Shaped => ({
  value: { ok: true, message, ...extra },
  truncated: []
})

/** The arguments without the ones the tool consumes itself (ids, paging, `fields`): what goes to PostHog. */
export const split = <A extends Record<string, unknown>, K extends keyof A>(
  args: A,
  ...keys: ReadonlyArray<K>
): Omit<A, K> => {
  const rest: Record<string, unknown> = { ...args }
  for (const key of keys) delete rest[key as string]
  return rest as Omit<A, K>
}

/** An update that only says `deleted: false`: the catalogue's restore operation, not an edit. */
export const isRestore = (args: object): boolean =>
  (args as { readonly deleted?: unknown }).deleted === false && Object.keys(args).length === 2
