/**
 * Dashboard sharing: one configuration per dashboard (public link token, settings, optional passwords).
 * Not paginated. A GET does not persist anything until sharing is first enabled.
 */
import * as z from "zod"
import { boundedString, JsonObject, Limits, responseObject, Timestamp } from "./Common.js"

/** A password that unlocks a shared dashboard (the secret itself is shown only at creation). @category resources */
export const SharePassword = responseObject({
  id: z.union([z.number(), z.string()]),
  created_at: z.nullish(Timestamp),
  note: z.nullish(z.string()),
  created_by_email: z.nullish(z.string()),
  is_active: z.optional(z.boolean())
})
export interface SharePassword extends z.infer<typeof SharePassword> {}

/** A dashboard's sharing configuration. @category resources */
export const SharingConfiguration = responseObject({
  created_at: z.nullish(Timestamp),
  enabled: z.boolean(),
  access_token: z.nullish(z.string()),
  settings: z.nullish(JsonObject),
  password_required: z.optional(z.boolean()),
  share_passwords: z.optional(z.array(SharePassword))
})
export interface SharingConfiguration extends z.infer<typeof SharingConfiguration> {}

/** The settings keys PostHog keeps; others are dropped by the server. @category enums */
export const SharingSettingsKeys = [
  "whitelabel",
  "noHeader",
  "showInspector",
  "legend",
  "detailed",
  "hideExtraDetails",
  "theme"
] as const

/** The body of `PATCH /dashboards/:id/sharing`. @category requests */
export const SharingUpdate = z.strictObject({
  enabled: z.optional(z.boolean()),
  settings: z.nullish(z.record(z.string(), z.unknown(), { error: "Invalid settings format" })),
  password_required: z.optional(z.boolean())
})
export type SharingUpdate = z.input<typeof SharingUpdate>

/** The body of `POST /sharing/passwords`; PostHog generates a password when none is given. @category requests */
export const SharePasswordCreate = z.strictObject({
  raw_password: z.optional(
    z.string().check(
      z.refine((s) => s === "" || s.length >= Limits.sharePasswordMin, {
        error: `Password must be at least ${Limits.sharePasswordMin} characters long.`
      })
    )
  ),
  note: z.optional(boundedString(Limits.sharingNote))
})
export type SharePasswordCreate = z.input<typeof SharePasswordCreate>

/** What `POST /sharing/passwords` returns: the only time the password is shown. @category resources */
export const SharePasswordCreated = responseObject({
  id: z.union([z.number(), z.string()]),
  password: z.string(),
  note: z.nullish(z.string()),
  created_at: z.nullish(Timestamp),
  created_by_email: z.nullish(z.string())
})
export interface SharePasswordCreated extends z.infer<typeof SharePasswordCreated> {}
