/**
 * `/api/users/@me/`: PostHog's current-user endpoint (scope `user:read`). The web widgets read it to tell
 * the viewer's own comments from others'. Only what the emulator knows of a user is served: the
 * UserBasic fields, `is_staff`, and the organization and project the user is working in.
 */
import type { Caller } from "../Auth.js"
import type { Sql } from "../Database.js"
import { userBasic } from "../Rows.js"

/** The `@me` segment, percent-encoded or not. */
export const CURRENT_USER_PATH = /^\/api\/users\/(?:@|%40)me\/?$/i

export const USER_READ = "user:read"

export const currentUser = async (sql: Sql, caller: Caller) => {
  const { user } = caller
  // The organization is the current project's; a user without a project still has their first organization.
  const { rows } = await sql.query<{
    team: { id: number; name: string } | null
    organization: { id: string; name: string } | null
  }>(
    `select (select json_build_object('id', p.id, 'name', p.name) from projects p where p.id = $2) as team,
            (select json_build_object('id', o.id, 'name', o.name) from organizations o
              where o.id = coalesce(
                (select p.organization_id from projects p where p.id = $2),
                (select m.organization_id from memberships m where m.user_id = $1 order by m.organization_id limit 1)
              )) as organization`,
    [user.id, user.current_team_id]
  )
  const row = rows[0]
  return {
    ...userBasic(user),
    is_staff: user.is_staff,
    organization: row?.organization ?? null,
    team: row?.team ?? null
  }
}
