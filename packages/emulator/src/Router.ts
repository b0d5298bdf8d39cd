/**
 * The `/api/…` pipeline, in DRF's order: route, authenticate (401), derive the scope (403 when an
 * action refuses API keys), resolve the project (404), key restrictions and scopes (403), membership
 * (403), throttles (429), then the handler — all inside one database transaction.
 */
import { authenticate, findKey, hasScope } from "./Auth.js"
import type { Action, Ctx, Reply, Route } from "./Context.js"
import type { Database } from "./Database.js"
import {
  ApiError,
  methodNotAllowed,
  missingScope,
  noPersonalApiKeyAccess,
  notFound,
  permissionDenied,
  projectNotFound,
  serverError,
  throttled
} from "./Errors.js"
import type { Faults } from "./Faults.js"
import type { IdentityCache, ProjectAccess } from "./IdentityCache.js"
import { rejectNulParams } from "./internal/InputGuards.js"
import type { QueryMemo } from "./QueryMemo.js"
import type { Throttle } from "./RateLimit.js"
import { cachedPayload, type ResponseCache } from "./ResponseCache.js"
import { commentRoutes } from "./resources/Comments.js"
import { dashboardRoutes } from "./resources/Dashboards.js"
import { dashboardTemplateRoutes, uniqueNameError } from "./resources/DashboardTemplates.js"
import { CURRENT_KEY_PATH, currentKey } from "./resources/PersonalApiKeys.js"
import { sharingRoutes } from "./resources/Sharing.js"
import { CURRENT_USER_PATH, currentUser, USER_READ } from "./resources/Users.js"

const routes: ReadonlyArray<Route> = [
  ...commentRoutes,
  ...dashboardTemplateRoutes,
  ...sharingRoutes,
  ...dashboardRoutes
]

export interface ApiRequest {
  readonly method: string
  readonly pathname: string
  readonly query: URLSearchParams
  readonly absoluteUrl: string
  readonly authorization: string | undefined
  readonly data: () => unknown
}

export interface RouterOptions {
  readonly db: Database
  readonly strictPostHog: boolean
  readonly throttle: Throttle | undefined
  readonly faults: Faults
  readonly identities: IdentityCache
  readonly responses: ResponseCache
  /** Answers that also depend on reads' marks (`CachePolicy.showsMarks`): kept apart, so a mark drops only them. */
  readonly markedResponses: ResponseCache
  readonly memo: QueryMemo
  readonly siteUrl: string
  readonly log: (line: string) => void
}

const API_PATH = /^\/api\/(?:projects|environments)\/([^/]+)(?:\/(.*))?$/

const match = (segments: ReadonlyArray<string>) => {
  for (const route of routes) {
    if (route.path.length !== segments.length) continue
    const params: Record<string, string> = {}
    let ok = true
    route.path.forEach((part, i) => {
      const seg = segments[i] ?? ""
      if (part.startsWith(":")) {
        if (seg === "") ok = false
        else params[part.slice(1)] = seg
      } else if (part !== seg) ok = false
    })
    if (ok) return { route, params }
  }
  return undefined
}

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

const requiredScope = (action: Action, strict: boolean) => {
  if (action.scope !== null) return action.scope
  if (!strict && action.lenient !== undefined) return action.lenient
  throw noPersonalApiKeyAccess()
}

export const handleApi = async (o: RouterOptions, req: ApiRequest): Promise<Reply> => {
  try {
    return await route(o, req)
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, body: error.body, headers: error.headers }
    const pg = error as { code?: unknown; constraint?: unknown; message?: unknown }
    if (pg.code === "23505" && String(pg.message).includes("unique_template_name_per_team")) {
      const e = uniqueNameError()
      return { status: e.status, body: e.body }
    }
    o.log(
      `unexpected error on ${req.method} ${req.pathname}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
    )
    const e = serverError()
    return { status: e.status, body: e.body }
  }
}

/** `/api/users/@me/`: not under a project, so no project, membership or key-restriction checks. */
const routeCurrentUser = (o: RouterOptions, req: ApiRequest): Promise<Reply> => {
  const format = req.query.get("format")
  if (format !== null && format !== "json") throw notFound()
  return o.db.run(async (sql) => {
    const caller = await authenticate(
      sql,
      o.identities,
      findKey(req.authorization, req.data, req.query),
      o.siteUrl
    )
    if (req.method !== "GET" && req.method !== "HEAD") throw methodNotAllowed(req.method)
    if (!hasScope(caller.key.scopes, USER_READ)) throw missingScope(USER_READ)
    for (const throttle of [o.throttle, o.faults.throttle]) {
      const wait = throttle?.check(caller.keyHash)
      if (wait !== undefined) throw throttled(wait)
    }
    return { status: 200, body: await currentUser(sql, caller) }
  }, false)
}

/** `/api/personal_api_keys/@current/`: any valid key may read itself, so only authentication and throttles apply. */
const routeCurrentKey = (o: RouterOptions, req: ApiRequest): Promise<Reply> => {
  const format = req.query.get("format")
  if (format !== null && format !== "json") throw notFound()
  return o.db.run(async (sql) => {
    const found = findKey(req.authorization, req.data, req.query)
    const caller = await authenticate(sql, o.identities, found, o.siteUrl)
    if (req.method !== "GET" && req.method !== "HEAD") throw methodNotAllowed(req.method)
    for (const throttle of [o.throttle, o.faults.throttle]) {
      const wait = throttle?.check(caller.keyHash)
      if (wait !== undefined) throw throttled(wait)
    }
    return { status: 200, body: await currentKey(sql, caller, found?.key ?? "") }
  }, false)
}

const route = async (o: RouterOptions, req: ApiRequest): Promise<Reply> => {
  if (CURRENT_USER_PATH.test(req.pathname)) return routeCurrentUser(o, req)
  if (CURRENT_KEY_PATH.test(req.pathname)) return routeCurrentKey(o, req)
  const m = API_PATH.exec(req.pathname)
  if (m === null) throw notFound()
  const projectParam = safeDecode(m[1] ?? "")
  const rest = (m[2] ?? "").replace(/\/$/, "")
  const found = match(rest === "" ? [] : rest.split("/").map(safeDecode))
  if (found === undefined) throw notFound()
  // DRF negotiates the renderer before authenticating: an unknown `format` is a 404 even without a key.
  const format = req.query.get("format")
  if (
    format !== null &&
    format !== "json" &&
    !(format === "txt" && found.route.path.join("/") === "dashboards")
  ) {
    throw notFound()
  }
  const safe = req.method === "GET" || req.method === "HEAD"
  return o.db.run(async (sql) => {
    const caller = await authenticate(
      sql,
      o.identities,
      findKey(req.authorization, req.data, req.query),
      o.siteUrl
    )
    const action = found.route.methods[req.method === "HEAD" ? "GET" : req.method]
    if (action === undefined) throw methodNotAllowed(req.method)
    const scope = requiredScope(action, o.strictPostHog)
    let teamId: number | null
    if (projectParam === "@current") teamId = caller.user.current_team_id
    else teamId = /^\d{1,9}$/.test(projectParam) ? Number(projectParam) : null
    if (teamId === null) throw projectNotFound()
    // Project, organization and membership in one round trip: every API request pays for this.
    const accessKey = `${teamId}:${caller.user.id}`
    let resolved = o.identities.projects.get(accessKey)
    if (resolved === undefined) {
      resolved = (
        await sql.query<ProjectAccess>(
          `select json_build_object('id', p.id, 'organization_id', p.organization_id, 'name', p.name) as team,
                  row_to_json(o.*) as org,
                  exists(select 1 from memberships m where m.user_id = $2 and m.organization_id = o.id) as member
             from projects p join organizations o on o.id = p.organization_id where p.id = $1`,
          [teamId, caller.user.id]
        )
      ).rows[0]
      if (resolved !== undefined) o.identities.projects.set(accessKey, resolved)
    }
    if (resolved === undefined) throw projectNotFound()
    const { team, org } = resolved
    // PostHog checks the organization's personal-API-key policy before the key's own restrictions.
    if (!org.members_can_use_personal_api_keys) {
      throw permissionDenied(
        `Organization '${org.name}' does not allow using personal API keys. Contact an admin to enable personal API keys for this organization.`
      )
    }
    const { scoped_teams, scoped_organizations } = caller.key
    if (scoped_teams !== null && scoped_teams.length > 0 && !scoped_teams.includes(team.id)) {
      throw permissionDenied(`API key does not have access to the requested project: ID ${team.id}.`)
    }
    if (
      scoped_organizations !== null &&
      scoped_organizations.length > 0 &&
      !scoped_organizations.includes(org.id)
    ) {
      throw permissionDenied(`API key does not have access to the requested organization: ID ${org.id}.`)
    }
    const partial = {
      sql: rejectNulParams(sql, req.query),
      method: req.method,
      query: req.query,
      absoluteUrl: req.absoluteUrl,
      data: req.data,
      team,
      params: found.params,
      defer: (key: string, statement: string, params: ReadonlyArray<unknown>) =>
        o.db.defer(key, statement, params),
      mark: () => o.db.mark(),
      memo: <T>(key: string, compute: () => Promise<T>) => o.memo.get(key, () => o.db.writes, compute)
    }
    const scopes = action.requiredScopes === undefined ? [scope] : await action.requiredScopes(partial, scope)
    for (const needed of scopes) if (!hasScope(caller.key.scopes, needed)) throw missingScope(needed)
    if (!resolved.member) throw permissionDenied("You don't have access to the project.")
    for (const throttle of [o.throttle, o.faults.throttle]) {
      const wait = throttle?.check(caller.keyHash)
      if (wait !== undefined) throw throttled(wait)
    }
    const ctx: Ctx = { ...partial, caller, org }
    if (action.cache?.showsMarks === true) await sql.settleMarks?.()
    // `format=txt` renders the body differently (event stream), so it is never served from the cache.
    const policy = safe && req.query.get("format") !== "txt" ? action.cache : undefined
    if (policy === undefined) return action.handle(ctx)
    // Everything above ran for this very request; only the handler's answer is reused. GET and HEAD
    // answer alike (the server drops HEAD's body).
    const cacheKey = `${caller.keyHash} ${req.absoluteUrl}`
    // Both counters only grow, so their sum moves whenever either does.
    const current = policy.showsMarks === true ? () => o.db.writes + o.db.marks : () => o.db.writes
    const cache = policy.showsMarks === true ? o.markedResponses : o.responses
    const generation = current()
    const hit = cache.get(cacheKey, generation)
    if (hit !== undefined) {
      if (policy.showsMarks === true) sql.dependsOnMarks?.()
      const stamp = policy.stamp === undefined ? undefined : await policy.stamp.renew(ctx)
      return {
        status: hit.status,
        ...(hit.headers === undefined ? {} : { headers: hit.headers }),
        json: cachedPayload(hit, stamp)
      }
    }
    const reply = await action.handle(ctx)
    if (current() === generation) cache.set(cacheKey, generation, reply, policy.stamp?.field)
    return reply
  }, !safe)
}
