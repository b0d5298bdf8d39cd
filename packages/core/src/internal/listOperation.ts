/**
 * A catalogue entry that lists, and the types its calls carry: what a caller passes (the query schema's
 * input), what a page decodes to (the response schema's output) and what one item is. The Effect
 * streams and the Promise facade's list calls both read the page shape and these types from the entry,
 * so no service restates how its list pages.
 */
import type * as z from "zod"
import type { Operation } from "../catalogue/model.js"
import type { PageLike, PageShape } from "./paging.js"
import type { OutputOf, StandardSchema } from "./standardSchema.js"

/** A catalogue entry that lists: it pages, takes a query and decodes a page. */
export interface ListOperation extends Operation {
  readonly page: PageShape
  readonly query: z.ZodType
  readonly response: StandardSchema
}

/** What a caller passes to the list: its query schema's input. */
export type ParamsOf<Op extends ListOperation> = z.input<Op["query"]>

/** One page, as the list's response schema decodes it. */
export type PageOf<Op extends ListOperation> = OutputOf<Op["response"]>

/** One item of a page. */
export type ItemOf<Op extends ListOperation> = PageOf<Op> extends PageLike<infer Item> ? Item : never
