/**
 * Wire shapes shared by every resource: the user summary PostHog embeds in objects, its two page shapes,
 * its error body, and the limits PostHog enforces on what clients send.
 *
 * Response schemas are loose (unknown fields are kept, so `--format json` shows what PostHog sent);
 * request schemas are strict and carry PostHog's own messages, so a bad request fails before it leaves
 * the machine with the words the server would have used.
 */
import * as z from "zod"

// Written only in the functional API that classic zod and zod/mini share (`z.optional(x)`,
// `x.check(z.maxLength(n))`, ...), never in classic's methods: Node keeps importing classic `zod`, and the
// browser bundles alias `zod` to `zod/mini` (packages/web/build.mjs), where classic's every-method-on-every-
// prototype design cannot tree-shake. Each spelling here is what the classic method does internally, so
// both builds raise the same issues with the same codes, paths and messages.
//
// zod/mini leaves the locale unset (every unlabelled issue would read "Invalid input"); classic sets English
// on first use. Setting English here, only when no locale is set yet, keeps messages identical in both
// builds and still lets an application choose its own locale.
if (!z.core.globalConfig.localeError) z.config(z.locales.en())

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
  z.string({ error: "Not a valid string." }).check(z.maxLength(max, { error: maxLengthMessage(max) }))

/** The search parameter PostHog caps at 200 characters. @category constructors */
export const SearchParam = z
  .string()
  .check(z.maxLength(Limits.search, { error: `Search query must be ${Limits.search} characters or fewer.` }))

/**
 * A response object. At run time it keeps every field PostHog sends (PostHog adds fields often, and
 * `--format json` shows them); its static type lists only the fields hogkit knows, so a typo such as
 * `dashboard.nmae` is a type error instead of an `unknown`.
 * @category constructors
 */
export const responseObject = <Shape extends z.core.$ZodLooseShape>(shape: Shape) =>
  z.looseObject(shape) as unknown as z.ZodObject<Shape, z.core.$strip>

/** An ISO-8601 timestamp as PostHog renders it. Kept as a string: parsing is the caller's choice. */
export const Timestamp = z.string()

/** The user summary PostHog embeds as `created_by`, `completed_by`. @category resources */
export const UserBasic = responseObject({
  id: z.number(),
  uuid: z.string(),
  distinct_id: z.nullish(z.string()),
  first_name: z.nullish(z.string()),
  last_name: z.nullish(z.string()),
  email: z.string(),
  is_email_verified: z.nullish(z.boolean()),
  hedgehog_config: z.optional(z.unknown()),
  role_at_organization: z.nullish(z.string())
})
export interface UserBasic extends z.infer<typeof UserBasic> {}

/** A limit/offset page as DRF's LimitOffsetPagination returns it. @category pages */
export const OffsetPage = <T extends z.ZodType>(item: T) =>
  responseObject({
    count: z.number(),
    next: z.nullable(z.string()),
    previous: z.nullable(z.string()),
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
  responseObject({
    next: z.nullable(z.string()),
    previous: z.nullable(z.string()),
    results: z.array(item)
  })
export interface CursorPage<T> {
  readonly next: string | null
  readonly previous: string | null
  readonly results: ReadonlyArray<T>
}

/** Offset pagination parameters shared by dashboards and templates. @category parameters */
export const OffsetParams = {
  limit: z.optional(z.number().check(z.int(), z.positive({ error: "limit must be a positive integer." }))),
  offset: z.optional(
    z.number().check(z.int(), z.nonnegative({ error: "offset must be zero or a positive integer." }))
  )
}

/** PostHog's error body: one flat object describing the first error. @category errors */
export const PostHogErrorBody = z.looseObject({
  type: z.string(),
  code: z.string(),
  detail: z.string(),
  attr: z.nullable(z.string()),
  extra: z.optional(z.record(z.string(), z.unknown()))
})
export type PostHogErrorBody = z.infer<typeof PostHogErrorBody>

/** The ad-hoc body of the sharing password endpoints: `{"error": "..."}`. @category errors */
export const PostHogAdHocErrorBody = z.looseObject({ error: z.string() })

/** Any JSON object. PostHog stores filters, contexts and tiles as free-form JSON. */
export const JsonObject = z.record(z.string(), z.unknown())
export type JsonObject = z.infer<typeof JsonObject>
