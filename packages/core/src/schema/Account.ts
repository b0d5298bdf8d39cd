/**
 * Who is calling: the user a personal API key belongs to (`GET /api/users/@me/`) and the key describing
 * itself (`GET /api/personal_api_keys/@current/`). Both are served outside any project.
 */
import * as z from "zod"
import { responseObject, Timestamp, UserBasic } from "./Common.js"

const named = responseObject({ id: z.union([z.number(), z.string()]), name: z.nullish(z.string()) })

/** The user behind the key, with the organization and project they are working in. @category resources */
export const CurrentUser = responseObject({
  ...UserBasic.shape,
  is_staff: z.optional(z.boolean()),
  organization: z.nullish(named),
  team: z.nullish(named)
})
export interface CurrentUser extends z.infer<typeof CurrentUser> {}

/** A personal API key as PostHog describes it; the key itself is never returned, only `mask_value`. @category resources */
export const PersonalApiKey = responseObject({
  id: z.string(),
  label: z.nullish(z.string()),
  mask_value: z.nullish(z.string()),
  scopes: z.optional(z.array(z.string())),
  scoped_teams: z.nullish(z.array(z.number())),
  scoped_organizations: z.nullish(z.array(z.string())),
  created_at: z.nullish(Timestamp),
  last_used_at: z.nullish(Timestamp)
})
export interface PersonalApiKey extends z.infer<typeof PersonalApiKey> {}
