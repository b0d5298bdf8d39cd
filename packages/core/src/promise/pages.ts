/**
 * The Promise facade's pages, as openai-node has them: awaiting a list call gives PostHog's page with
 * `hasNextPage()` and `getNextPage()`; the call itself iterates every item (`for await`), every page
 * (`pages()`) or the first `n` items (`take(n)`). Built on plain Promises and the rules of
 * `internal/paging.ts`, never on Effect's `Stream`, so the browser widgets can carry it.
 */
import {
  type CursorParams,
  DEFAULT_PAGE_SIZE,
  dropRepeats,
  hasNextPage,
  nextParams,
  type OffsetParams,
  type PageLike,
  type PageShape,
  plannedOffsets,
  takePlan
} from "../internal/paging.js"
import type { RequestOptions } from "./options.js"

/** Where a list call reads its pages from: one request per page. @internal */
export interface ListSource<Params, Raw> {
  readonly shape: PageShape
  /** Pages of offset lists fetched at once while iterating items (1 = one after another). */
  readonly concurrency: number
  readonly fetch: (params: Params, options: RequestOptions | undefined) => Promise<Raw>
}

/** What a page knows beyond PostHog's fields: its next request. @category models */
export interface PageMethods<Raw, Params> {
  /** True when PostHog says there is a page after this one. */
  hasNextPage(): boolean
  /** The parameters of the next page's request, or null on the last page. */
  nextPageParams(): Params | null
  /**
   * Fetches the next page (with the list call's options unless given others). Rejects with a
   * `RangeError` on the last page, sending nothing: check `hasNextPage()` first.
   */
  getNextPage(options?: RequestOptions): Promise<Page<Raw, Params>>
}

/** PostHog's page as it is (`results`, `next`, … ) plus its next request. @category models */
export type Page<Raw, Params> = Raw & PageMethods<Raw, Params>

class PageImpl<Raw, Params> implements PageMethods<Raw, Params> {
  readonly #source: ListSource<Params, Raw>
  readonly #params: Params
  readonly #options: RequestOptions | undefined
  readonly #raw: Raw
  constructor(
    source: ListSource<Params, Raw>,
    params: Params,
    raw: Raw,
    options: RequestOptions | undefined
  ) {
    this.#source = source
    this.#params = params
    this.#raw = raw
    this.#options = options
  }
  hasNextPage(): boolean {
    return hasNextPage(this.#raw as PageLike)
  }
  nextPageParams(): Params | null {
    return (
      (nextParams(this.#source.shape, this.#params as OffsetParams & CursorParams, this.#raw as PageLike) as
        | Params
        | undefined) ?? null
    )
  }
  async getNextPage(options?: RequestOptions): Promise<Page<Raw, Params>> {
    const next = this.nextPageParams()
    if (next === null) throw new RangeError("No next page: check hasNextPage() first.")
    return fetchPage(this.#source, next, options ?? this.#options)
  }
}

const fetchPage = async <Raw, Params>(
  source: ListSource<Params, Raw>,
  params: Params,
  options: RequestOptions | undefined
): Promise<Page<Raw, Params>> => {
  const raw = await source.fetch(params, options)
  return Object.assign(new PageImpl(source, params, raw, options), raw) as Page<Raw, Params>
}

/**
 * A list call: `await` it for one page (with `hasNextPage()`/`getNextPage()`), `for await` over it for
 * every item, `pages()` for every page, `take(n)` for the first `n` items.
 *
 * @category models
 */
export class ListCall<Raw, Item, Params = unknown>
  implements PromiseLike<Page<Raw, Params>>, AsyncIterable<Item>
{
  #page: Promise<Page<Raw, Params>> | undefined
  readonly #source: ListSource<Params, Raw>
  readonly #params: Params
  readonly #options: RequestOptions | undefined
  /** @internal */
  constructor(source: ListSource<Params, Raw>, params: Params, options: RequestOptions | undefined) {
    this.#source = source
    this.#params = params
    this.#options = options
  }
  // biome-ignore lint/suspicious/noThenProperty: a ListCall is deliberately awaitable
  then<R1 = Page<Raw, Params>, R2 = never>(
    onfulfilled?: ((value: Page<Raw, Params>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null
  ): Promise<R1 | R2> {
    this.#page ??= fetchPage(this.#source, this.#params, this.#options)
    return this.#page.then(onfulfilled, onrejected)
  }
  catch<R = never>(
    onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null
  ): Promise<Page<Raw, Params> | R> {
    return this.then(undefined, onrejected)
  }
  finally(onfinally?: (() => void) | null): Promise<Page<Raw, Params>> {
    return this.then().finally(onfinally)
  }

  /** Every page from the first on, one request after another. */
  async *pages(): AsyncGenerator<Page<Raw, Params>, void, undefined> {
    let page: Page<Raw, Params> | undefined = await fetchPage(this.#source, this.#params, this.#options)
    while (page !== undefined) {
      yield page
      const next = page.nextPageParams()
      page = next === null ? undefined : await fetchPage(this.#source, next, this.#options)
    }
  }

  /** The first `n` items, one page after another, fetching no page more than needed. */
  async take(n: number): Promise<Array<Item>> {
    const { shape, fetch } = this.#source
    const plan = takePlan(shape, this.#params as OffsetParams & CursorParams, n)
    const items: Array<Item> = []
    let params = plan.first
    while (params !== undefined) {
      const page = (await fetch(params as Params, this.#options)) as PageLike<Item>
      items.push(...page.results.slice(0, n - items.length))
      params = plan.after(params, page, items.length)
    }
    return items
  }

  [Symbol.asyncIterator](): AsyncIterator<Item> {
    return this.#source.shape === "offset"
      ? offsetItems<Raw, Item, Params>(this.#source, this.#params, this.#options)
      : sequentialItems<Raw, Item, Params>(this)
  }

  get [Symbol.toStringTag](): string {
    return "ListCall"
  }
}

async function* sequentialItems<Raw, Item, Params>(call: ListCall<Raw, Item, Params>): AsyncGenerator<Item> {
  for await (const page of call.pages()) yield* (page as unknown as PageLike<Item>).results
}

/**
 * Every item of an offset list, in server order: once the first page gives `count`, the other pages are
 * fetched `concurrency` at a time and emitted in order; rows that slid across a page boundary while we
 * read are emitted once; rows added past the announced `count` are followed through `next`. Leaving the
 * loop early cancels the pages still in flight.
 */
async function* offsetItems<Raw, Item, Params>(
  source: ListSource<Params, Raw>,
  params: Params,
  options: RequestOptions | undefined
): AsyncGenerator<Item> {
  const base = params as Params & OffsetParams
  const limit = base.limit ?? DEFAULT_PAGE_SIZE
  // Pages still in flight are cancelled when the loop ends early or fails, without touching the caller's signal.
  const inner = new AbortController()
  const outer = options?.signal
  const forward = () => inner.abort(outer?.reason)
  if (outer?.aborted) forward()
  outer?.addEventListener("abort", forward, { once: true })
  const queue: Array<{ readonly offset: number; readonly page: Promise<Raw> }> = []
  const launch = (offset: number) => {
    const page = source.fetch({ ...base, limit, offset } as Params, { ...options, signal: inner.signal })
    page.catch(() => {}) // awaited in order below; a later page failing first must not go unhandled
    queue.push({ offset, page })
  }
  let planned: Array<number> | undefined
  let seen: ReadonlySet<unknown> = new Set()
  try {
    launch(base.offset ?? 0)
    while (queue.length > 0) {
      const { offset, page: pending } = queue.shift() as (typeof queue)[number]
      const page = (await pending) as PageLike<Item> & { readonly count: number }
      // The first page says how many there are; past the announced count, `next` is followed one by one.
      planned ??= plannedOffsets(offset, limit, page)
      while (queue.length < source.concurrency && planned.length > 0) launch(planned.shift() as number)
      if (queue.length === 0 && hasNextPage(page)) launch(offset + limit)
      const [kept, ids] = dropRepeats(seen, page.results)
      seen = ids
      yield* kept
    }
  } finally {
    outer?.removeEventListener("abort", forward)
    inner.abort()
  }
}
