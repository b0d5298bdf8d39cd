/**
 * The admin API under `/_emulator/`: JSON, for hogkit's own tools and tests on this machine. Sets up
 * organizations, projects, users and keys, resets to the boot state, and injects faults. Guarded by
 * `adminRefusal`: a loopback peer, a loopback Host, no Origin, and the per-run admin token.
 */
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto"
import { hashKey } from "./Auth.js"
import type { BootIds } from "./BootState.js"
import { generateApiKey, generateKeyId } from "./BootState.js"
import { clockOffsetMs, readClock, setClockOffsetMs } from "./Clock.js"
import type { Reply } from "./Context.js"
import type { Database } from "./Database.js"
import { ApiError } from "./Errors.js"
import { FaultParseError, type Faults, parseFaults } from "./Faults.js"
import type { IdentityCache } from "./IdentityCache.js"
import { type UserRow, userBasic } from "./Rows.js"
import { VERSION } from "./Version.js"

export interface AdminDeps {
  readonly db: Database
  readonly ids: () => BootIds
  readonly faults: Faults
  readonly reset: () => Promise<void>
  readonly identities: IdentityCache
}

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

const bad = (message: string) => new AdminError(400, message)

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export const isLoopback = (address: string | undefined) => {
  if (address === undefined) return false
  const a = address.replace(/^::ffff:/, "")
  return a === "::1" || /^127\.\d+\.\d+\.\d+$/.test(a)
}

/** The header carrying the per-run admin token. */
export const ADMIN_TOKEN_HEADER = "x-hogkit-emulator-token"

/** A fresh admin token for one run of the emulator. */
export const newAdminToken = () => randomBytes(24).toString("base64url")

/** `localhost`, `127.x.y.z` or `[::1]`, with or without a port: the names a loopback client uses. */
const isLoopbackHost = (host: string | undefined) => {
  if (host === undefined) return false
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d*$/, "")
  return name === "localhost" || name === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(name)
}

const sameToken = (given: string, expected: string) => {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export interface AdminRequest {
  readonly peer: string | undefined
  readonly host: string | undefined
  readonly origin: string | undefined
  readonly token: string | undefined
}

/**
 * Why an admin request is refused, or undefined when it may go on. A browser can reach a loopback port
 * (a cross-site form or `text/plain` POST needs no preflight; DNS rebinding gives a page a foreign Host
 * on 127.0.0.1), so the peer address alone proves nothing: browsers always send Origin on such requests
 * or carry the foreign Host, and cannot know the token, which only hogkit's tools read (printed at start,
 * kept in the 0600 state file).
 */
export const adminRefusal = (req: AdminRequest, adminToken: string): Reply | undefined => {
  const refuse = (status: number, error: string): Reply => ({ status, body: { error } })
  if (!isLoopback(req.peer))
    return refuse(403, "The admin API only answers clients on the loopback interface.")
  if (req.origin !== undefined)
    return refuse(403, "The admin API does not answer browsers: the request carried an Origin header.")
  if (!isLoopbackHost(req.host))
    return refuse(
      403,
      "The admin API only answers requests addressed to localhost or 127.0.0.1 (Host header)."
    )
  if (req.token === undefined || req.token === "")
    return refuse(
      401,
      "The admin API needs the emulator's admin token in the X-Hogkit-Emulator-Token header (printed at start, and in the state file)."
    )
  if (!sameToken(req.token, adminToken))
    return refuse(401, "The admin token in X-Hogkit-Emulator-Token is not this emulator's.")
  return undefined
}

const obj = (body: unknown): Record<string, unknown> => {
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw bad("The request body must be a JSON object.")
  return body as Record<string, unknown>
}

const str = (o: Record<string, unknown>, key: string, required: boolean): string | undefined => {
  const v = o[key]
  if (v === undefined || v === null) {
    if (required) throw bad(`"${key}" is required.`)
    return undefined
  }
  if (typeof v !== "string" || v.trim() === "") throw bad(`"${key}" must be a non-empty string.`)
  return noNul(key, v)
}

// Postgres text cannot hold NUL; let it through and the insert fails with an unexpected error.
const noNul = (key: string, v: string) => {
  if (v.includes("\u0000")) throw bad(`"${key}" must not contain NUL characters.`)
  return v
}

/** A serial id: a positive integer Postgres' `int` can hold. */
const isId = (v: unknown): v is number =>
  typeof v === "number" && Number.isInteger(v) && v > 0 && v <= 2_147_483_647

const strList = (o: Record<string, unknown>, key: string): string[] | undefined => {
  const v = o[key]
  if (v === undefined || v === null) return undefined
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string"))
    throw bad(`"${key}" must be a list of strings.`)
  for (const x of v as string[]) noNul(key, x)
  return v as string[]
}

const bool = (o: Record<string, unknown>, key: string): boolean | undefined => {
  const v = o[key]
  if (v === undefined || v === null) return undefined
  if (typeof v !== "boolean") throw bad(`"${key}" must be true or false.`)
  return v
}

/** A number of seconds (fractions allowed), if present. */
const seconds = (o: Record<string, unknown>, key: string): number | undefined => {
  const v = o[key]
  if (v === undefined || v === null) return undefined
  if (typeof v !== "number" || !Number.isFinite(v)) throw bad(`"${key}" must be a number of seconds.`)
  return v
}

const MAX_CLOCK_OFFSET_MS = 100 * 365 * 24 * 3600 * 1000

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const handleAdmin = async (
  deps: AdminDeps,
  method: string,
  path: string,
  body: () => unknown
): Promise<Reply> => {
  try {
    return await route(deps, method, path.replace(/\/$/, ""), body)
  } catch (error) {
    if (error instanceof AdminError) return { status: error.status, body: { error: error.message } }
    // The body parser's 400/415, the same as on /api/, in the admin API's `{"error": ...}` shape.
    if (error instanceof ApiError) return { status: error.status, body: { error: error.message } }
    if (error instanceof FaultParseError) return { status: 400, body: { error: error.message } }
    const pg = error as { code?: unknown }
    if (pg.code === "23505") return { status: 409, body: { error: "That value is already taken." } }
    if (pg.code === "23503") return { status: 400, body: { error: "A referenced id does not exist." } }
    // Data exceptions (class 22) are bad input the checks above missed: still the caller's mistake, not a 500.
    if (typeof pg.code === "string" && pg.code.startsWith("22")) {
      const detail = (error as { message?: unknown }).message
      return { status: 400, body: { error: `A value is not valid: ${String(detail)}.` } }
    }
    throw error
  } finally {
    // Users, keys, organizations and memberships may have changed (cleared after the write committed).
    if (method !== "GET") deps.identities.clear()
  }
}

const route = async (deps: AdminDeps, method: string, path: string, body: () => unknown): Promise<Reply> => {
  const { db } = deps
  const key = `${method} ${path}`
  switch (key) {
    case "GET /_emulator/info": {
      const ids = deps.ids()
      return {
        status: 200,
        body: {
          version: VERSION,
          pid: process.pid,
          organization_id: ids.organizationId,
          project_id: ids.projectId,
          user_id: ids.userId,
          api_key: ids.apiKey
        }
      }
    }
    case "POST /_emulator/reset":
      await deps.reset()
      return { status: 204 }
    case "POST /_emulator/organizations": {
      const o = obj(body())
      const name = str(o, "name", true)!
      const features = strList(o, "features") ?? []
      const flags = strList(o, "flags") ?? []
      const membersKeys = bool(o, "members_can_use_personal_api_keys") ?? true
      const publicSharing = bool(o, "allow_publicly_shared_resources") ?? true
      const id = randomUUID()
      await db.transaction((sql) =>
        sql.query(
          `insert into organizations (id, name, features, flags, members_can_use_personal_api_keys,
             allow_publicly_shared_resources) values ($1, $2, $3, $4, $5, $6)`,
          [id, name, features, flags, membersKeys, publicSharing]
        )
      )
      return { status: 201, body: { id, name, features, flags } }
    }
    case "GET /_emulator/projects": {
      // Lets a tool on persistent data find what it created on an earlier run (the web demo's second project).
      const { rows } = await db.run(
        (sql) =>
          sql.query<{ id: number; organization_id: string; name: string }>(
            `select id, organization_id, name from projects order by id`
          ),
        false
      )
      return { status: 200, body: { results: rows } }
    }
    case "POST /_emulator/projects": {
      const o = obj(body())
      const organizationId = str(o, "organization_id", true)!
      if (!UUID.test(organizationId)) throw bad(`"organization_id" must be an organization's uuid.`)
      const name = str(o, "name", true)!
      return db.transaction(async (sql) => {
        const org = await sql.query(`select 1 from organizations where id = $1`, [organizationId])
        if (org.rows.length === 0) throw new AdminError(404, `No organization with id ${organizationId}.`)
        const { rows } = await sql.query<{ id: number }>(
          `insert into projects (organization_id, name) values ($1, $2) returning id`,
          [organizationId, name]
        )
        return { status: 201, body: { id: rows[0]!.id, organization_id: organizationId, name } }
      })
    }
    case "POST /_emulator/users": {
      const o = obj(body())
      const email = str(o, "email", true)!
      const orgIds = strList(o, "organization_ids") ?? []
      if (orgIds.some((id) => !UUID.test(id))) throw bad(`"organization_ids" must list organization uuids.`)
      const isStaff = bool(o, "is_staff") ?? false
      return db.transaction(async (sql) => {
        const firstTeam = (
          await sql.query<{ id: number }>(
            `select id from projects where organization_id = $1 order by id limit 1`,
            [orgIds[0] ?? "00000000-0000-0000-0000-000000000000"]
          )
        ).rows[0]
        const { rows } = await sql.query<UserRow>(
          `insert into users (uuid, distinct_id, email, first_name, last_name, is_staff, is_email_verified, current_team_id)
           values ($1, $2, $3, $4, $5, $6, true, $7) returning *`,
          [
            randomUUID(),
            randomBytes(16).toString("hex"),
            email,
            str(o, "first_name", false) ?? "",
            str(o, "last_name", false) ?? "",
            isStaff,
            firstTeam?.id ?? null
          ]
        )
        const user = rows[0]!
        for (const orgId of orgIds) {
          await sql.query(`insert into memberships (user_id, organization_id) values ($1, $2)`, [
            user.id,
            orgId
          ])
        }
        return { status: 201, body: { ...userBasic(user), is_staff: user.is_staff } }
      })
    }
    case "POST /_emulator/personal_api_keys": {
      const o = obj(body())
      const userId = o.user_id
      if (!isId(userId)) throw bad(`"user_id" must be a user's id.`)
      const scopes = strList(o, "scopes")
      if (scopes === undefined) throw bad(`"scopes" is required, e.g. ["*"] or ["dashboard:read"].`)
      const teams = o.scoped_teams
      if (teams !== undefined && teams !== null && (!Array.isArray(teams) || !teams.every(isId))) {
        throw bad(`"scoped_teams" must be a list of project ids.`)
      }
      const orgs = strList(o, "scoped_organizations")
      const label = str(o, "label", false) ?? null
      const keyValue = str(o, "key", false) ?? generateApiKey()
      const id = generateKeyId()
      await db.transaction(async (sql) => {
        const user = await sql.query(`select 1 from users where id = $1`, [userId])
        if (user.rows.length === 0) throw new AdminError(404, `No user with id ${userId}.`)
        await sql.query(
          `insert into personal_api_keys (id, user_id, secure_value, scopes, scoped_teams, scoped_organizations, label)
           values ($1, $2, $3, $4, $5, $6, $7)`,
          [
            id,
            userId,
            hashKey(keyValue),
            scopes,
            (teams as number[] | undefined) ?? null,
            orgs ?? null,
            label
          ]
        )
      })
      return { status: 201, body: { id, key: keyValue } }
    }
    case "GET /_emulator/clock":
      return { status: 200, body: await db.run(readClock, false) }
    case "PUT /_emulator/clock": {
      // Moves the emulator's clock (PostHog's time limits: a refreshed share token's grace period).
      const o = obj(body())
      const offset = seconds(o, "offset_seconds")
      const advance = seconds(o, "advance_seconds")
      if ((offset === undefined) === (advance === undefined))
        throw bad(
          'Send one of "offset_seconds" (from the real time) or "advance_seconds" (from the emulator\'s now).'
        )
      const clock = await db.transaction(async (sql) => {
        const ms = offset !== undefined ? offset * 1000 : (await clockOffsetMs(sql)) + advance! * 1000
        if (Math.abs(ms) > MAX_CLOCK_OFFSET_MS)
          throw bad("The clock can move at most 100 years from the real time.")
        await setClockOffsetMs(sql, ms)
        return readClock(sql)
      })
      return { status: 200, body: clock }
    }
    case "PUT /_emulator/faults": {
      deps.faults.set(parseFaults(body()))
      return { status: 200, body: deps.faults.settings }
    }
    case "GET /_emulator/faults":
      return { status: 200, body: deps.faults.settings }
    case "DELETE /_emulator/faults":
      deps.faults.clear()
      return { status: 204 }
    default:
      return { status: 404, body: { error: `No admin endpoint ${method} ${path}.` } }
  }
}
