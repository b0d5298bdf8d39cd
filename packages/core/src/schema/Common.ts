/**
 * Wire shapes shared by every resource: the user summary PostHog embeds in objects, its two page shapes,
 * its error body, and the limits PostHog enforces on what clients send.
 *
 * Response schemas are loose (unknown fields are kept, so `--format json` shows what PostHog sent);
 * request schemas are strict and carry PostHog's own messages, so a bad request fails before it leaves
 * the machine with the words the server would have used.
 */
import * as z from "zod"

/** PostHog's documented limits on request fields. @category limits */
export const Limits = {
  commentScope: 79,
  commentItemId: 72,
  templateName: 400,
  templateDescription: 400,
  templateTag: 255,
  templateImageUrl: 8201,
  dashboardName: 400,
  search: 200,
  sharingNote: 100,
  sharePasswordMin: 8,
  templatesPerOrganization: 100,
  dashboardsPerProject: 500,
  defaultPageSize: 100
} as const

/** DRF's message for a string over its max length. @category messages */
export const maxLengthMessage = (n: number) => `Ensure this field has no more than ${n} characters.`

/** A string with PostHog's max-length rule and message. @category constructors */
export const boundedString = (max: number) =>
  z.string({ error: "Not a valid string." }).max(max, { error: maxLengthMessage(max) })

/** The search parameter PostHog caps at 200 characters. @category constructors */
export const SearchParam = z
  .string()
  .max(Limits.search, { error: `Search query must be ${Limits.search} characters or fewer.` })

/** An ISO-8601 timestamp as PostHog renders it. Kept as a string: parsing is the caller's choice. */
export const Timestamp = z.string()

/** The user summary PostHog embeds as `created_by`, `completed_by`. @category resources */
export const UserBasic = z.looseObject({
  id: z.number(),
  uuid: z.string(),
  distinct_id: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  email: z.string(),
  is_email_verified: z.boolean().nullish(),
  hedgehog_config: z.unknown().optional(),
  role_at_organization: z.string().nullish()
})
export type UserBasic = z.infer<typeof UserBasic>

/** A limit/offset page as DRF's LimitOffsetPagination returns it. @category pages */
export const OffsetPage = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    count: z.number(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(item)
  })
export interface OffsetPage<T> {
  readonly count: number
  readonly next: string | null
  readonly previous: string | null
  readonly results: ReadonlyArray<T>
}

/** A cursor page as DRF's CursorPagination returns it: no `count`. @category pages */
export const CursorPage = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(item)
  })
export interface CursorPage<T> {
  readonly next: string | null
  readonly previous: string | null
  readonly results: ReadonlyArray<T>
}

/** Offset pagination parameters shared by dashboards and templates. @category parameters */
export const OffsetParams = {
  limit: z.number().int().positive({ error: "limit must be a positive integer." }).optional(),
  offset: z.number().int().nonnegative({ error: "offset must be zero or a positive integer." }).optional()
}

/** PostHog's error body: one flat object describing the first error. @category errors */
export const PostHogErrorBody = z.looseObject({
  type: z.string(),
  code: z.string(),
  detail: z.string(),
  attr: z.string().nullable(),
  extra: z.record(z.string(), z.unknown()).optional()
})
export type PostHogErrorBody = z.infer<typeof PostHogErrorBody>

/** The ad-hoc body of the sharing password endpoints: `{"error": "..."}`. @category errors */
export const PostHogAdHocErrorBody = z.looseObject({ error: z.string() })

/** Any JSON object. PostHog stores filters, contexts and tiles as free-form JSON. */
export const JsonObject = z.record(z.string(), z.unknown())
export type JsonObject = z.infer<typeof JsonObject>
