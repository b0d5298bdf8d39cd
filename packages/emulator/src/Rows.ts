/** Rows the emulator reads back from Postgres, and the user summary PostHog embeds in objects. */

export interface UserRow {
  readonly id: number
  readonly uuid: string
  readonly distinct_id: string
  readonly email: string
  readonly first_name: string
  readonly last_name: string
  readonly is_staff: boolean
  readonly is_email_verified: boolean | null
  readonly role_at_organization: string | null
  readonly current_team_id: number | null
}

export interface TeamRow {
  readonly id: number
  readonly organization_id: string
  readonly name: string
}

export interface OrganizationRow {
  readonly id: string
  readonly name: string
  readonly features: string[]
  readonly flags: string[]
  readonly members_can_use_personal_api_keys: boolean
  readonly allow_publicly_shared_resources: boolean
}

/** PostHog's `UserBasicSerializer`. */
export const userBasic = (u: UserRow | null | undefined) =>
  u === null || u === undefined
    ? null
    : {
        id: u.id,
        uuid: u.uuid,
        distinct_id: u.distinct_id,
        first_name: u.first_name,
        last_name: u.last_name,
        email: u.email,
        is_email_verified: u.is_email_verified,
        hedgehog_config: null,
        role_at_organization: u.role_at_organization
      }

/** SQL selecting a user as JSON (or null), for embedding `created_by` and friends. */
export const userJson = (column: string) => `(select row_to_json(u.*) from users u where u.id = ${column})`
