/**
 * Who a key belongs to and what a user may see of a project, remembered between requests. Only the
 * admin API changes users, keys, organizations and memberships, so it clears this after each write.
 */
import type { Caller } from "./Auth.js"
import type { OrganizationRow, TeamRow } from "./Rows.js"

export interface ProjectAccess {
  readonly team: TeamRow
  readonly org: OrganizationRow
  readonly member: boolean
}

export class IdentityCache {
  readonly callers = new Map<string, Caller>()
  readonly projects = new Map<string, ProjectAccess>()

  clear() {
    this.callers.clear()
    this.projects.clear()
  }
}
