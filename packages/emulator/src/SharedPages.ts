/**
 * `/shared/<access_token>` (and `.json`): the public page a dashboard's sharing link opens, as PostHog
 * serves it — a small read-only view of an enabled configuration, behind a password when the
 * configuration requires one, 404 when disabled or when its token was replaced by a refresh (after
 * PostHog's five-minute grace period, see Sharing's `refresh`).
 *
 * A password unlocks a configuration for the rest of this emulator run: the answer is a share token
 * (HMAC of the access token under a per-run secret), sent back as a cookie (the HTML form) or as
 * `Authorization: Bearer` (the JSON flow).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto"
import type { Database } from "./Database.js"
import { hashPassword } from "./resources/Sharing.js"

export interface SharedPageReply {
  readonly status: number
  readonly headers: Record<string, string>
  /** Rendered HTML, or a JSON value. */
  readonly html?: string
  readonly body?: unknown
}

interface SharedRow {
  readonly config_id: number
  readonly enabled: boolean
  readonly password_required: boolean
  readonly settings: unknown
  readonly dashboard_id: number
  readonly name: string | null
  readonly description: string | null
  readonly tags: string[] | null
  readonly tiles: unknown
}

const PATH = /^\/shared\/([A-Za-z0-9_-]{1,100})(\.json)?\/?$/

/** Does `pathname` belong to the shared pages? */
export const isSharedPath = (pathname: string) => pathname === "/shared" || pathname.startsWith("/shared/")

export class SharedPages {
  private readonly secret = randomBytes(32)

  constructor(private readonly db: Database) {}

  private shareToken(accessToken: string) {
    return createHmac("sha256", this.secret).update(accessToken).digest("base64url")
  }

  private unlocked(accessToken: string, cookie: string | undefined, authorization: string | undefined) {
    const expected = Buffer.from(this.shareToken(accessToken))
    const given = [
      /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1],
      ...(cookie ?? "").split(";").map((c) => {
        const [k, v] = c.trim().split("=")
        return k === cookieName(accessToken) ? v : undefined
      })
    ]
    return given.some(
      (g) => g !== undefined && g.length === expected.length && timingSafeEqual(Buffer.from(g), expected)
    )
  }

  async handle(req: {
    readonly method: string
    readonly pathname: string
    readonly cookie: string | undefined
    readonly authorization: string | undefined
    readonly contentType: string | undefined
    readonly data: () => unknown
  }): Promise<SharedPageReply> {
    const m = PATH.exec(req.pathname)
    const wantsJson = m?.[2] !== undefined
    if (m === null) return notFound(false)
    const accessToken = m[1]!
    if (req.method !== "GET" && req.method !== "HEAD" && req.method !== "POST")
      return {
        status: 405,
        headers: { Allow: "GET, HEAD, POST" },
        body: { error: `Method "${req.method}" not allowed.` }
      }
    const row = await this.db.run(async (sql) => {
      const { rows } = await sql.query<SharedRow>(
        `select c.id as config_id, c.enabled, c.password_required, c.settings, d.id as dashboard_id, d.name,
                d.description, d.tags, d.tiles
           from sharing_configurations c join dashboards d on d.id = c.dashboard_id
          where c.access_token = $1 and not d.deleted
            and (c.expires_at is null or c.expires_at > emulator_now())`,
        [accessToken]
      )
      return rows[0]
    }, false)
    if (row === undefined || !row.enabled) return notFound(wantsJson)

    if (req.method === "POST") {
      if (!row.password_required)
        return {
          status: 405,
          headers: { Allow: "GET, HEAD" },
          body: { error: "This link needs no password." }
        }
      const form =
        !wantsJson && (req.contentType ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")
      let password: unknown
      try {
        password = (req.data() as Record<string, unknown> | null)?.password
      } catch {
        password = undefined
      }
      const ok =
        typeof password === "string" && password !== "" && (await this.checkPassword(row.config_id, password))
      if (!ok)
        return form
          ? page(401, passwordPage(accessToken, "That password is not right."))
          : { status: 401, headers: {}, body: { error: "Incorrect password" } }
      const token = this.shareToken(accessToken)
      return form
        ? {
            status: 303,
            headers: {
              Location: `/shared/${accessToken}`,
              "Set-Cookie": `${cookieName(accessToken)}=${token}; Path=/shared/; HttpOnly; SameSite=Lax`
            },
            html: ""
          }
        : { status: 200, headers: {}, body: { shareToken: token } }
    }

    if (row.password_required && !this.unlocked(accessToken, req.cookie, req.authorization)) {
      return wantsJson
        ? { status: 401, headers: {}, body: { error: "This dashboard is password protected." } }
        : page(401, passwordPage(accessToken))
    }
    const dashboard = {
      id: row.dashboard_id,
      name: row.name,
      description: row.description ?? "",
      tags: row.tags ?? [],
      tiles: Array.isArray(row.tiles) ? row.tiles : []
    }
    if (wantsJson)
      return { status: 200, headers: {}, body: { type: "scene", dashboard, settings: row.settings } }
    return page(200, dashboardPage(dashboard))
  }

  private async checkPassword(configId: number, password: string) {
    const hash = hashPassword(password)
    return this.db.run(async (sql) => {
      const { rows } = await sql.query<{ password_hash: string }>(
        `select password_hash from share_passwords where sharing_configuration_id = $1 and is_active`,
        [configId]
      )
      return rows.some((r) => r.password_hash === hash)
    }, false)
  }
}

const cookieName = (accessToken: string) => `hogkit_share_${accessToken}`

const notFound = (json: boolean): SharedPageReply =>
  json
    ? { status: 404, headers: {}, body: { detail: "Not found." } }
    : page(
        404,
        shell("Not found", "<h1>Not found</h1><p>This shared link is not (or no longer) enabled.</p>")
      )

const page = (status: number, html: string): SharedPageReply => ({
  status,
  // The page runs no script and loads nothing from elsewhere; its form posts only back here.
  headers: {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer"
  },
  html
})

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!
  )

const shell = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1d1f27}
.tile{border:1px solid #d0d1d6;border-radius:6px;padding:.5rem 1rem;margin:.5rem 0}.tag{background:#eef;border-radius:4px;padding:0 .4rem;margin-right:.3rem}
small{color:#5f6270}</style></head>
<body>${body}<p><small>Shared from the hogkit PostHog emulator.</small></p></body></html>
`

const tileTitle = (tile: unknown, i: number) => {
  const t = (tile ?? {}) as Record<string, unknown>
  const insight = (t.insight ?? {}) as Record<string, unknown>
  const text = (t.text ?? {}) as Record<string, unknown>
  const name = [t.name, insight.name, insight.derived_name, text.body].find(
    (v) => typeof v === "string" && v !== ""
  )
  return typeof name === "string" ? name : `Tile ${i + 1}`
}

const dashboardPage = (d: { name: string | null; description: string; tags: string[]; tiles: unknown[] }) =>
  shell(
    d.name ?? "Untitled dashboard",
    `<h1>${escapeHtml(d.name ?? "Untitled dashboard")}</h1>
${d.description === "" ? "" : `<p>${escapeHtml(d.description)}</p>`}
${d.tags.length === 0 ? "" : `<p>${d.tags.map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join("")}</p>`}
${d.tiles.length === 0 ? "<p>This dashboard has no tiles yet.</p>" : d.tiles.map((t, i) => `<div class="tile">${escapeHtml(tileTitle(t, i))}</div>`).join("\n")}`
  )

const passwordPage = (accessToken: string, error?: string) =>
  shell(
    "Password required",
    `<h1>This dashboard is password protected</h1>
${error === undefined ? "" : `<p role="alert">${escapeHtml(error)}</p>`}
<form method="post" action="/shared/${escapeHtml(accessToken)}">
<label>Password <input type="password" name="password" autocomplete="current-password" required autofocus></label>
<button type="submit">View</button>
</form>`
  )
