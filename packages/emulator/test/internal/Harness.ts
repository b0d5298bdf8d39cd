/** One emulator per test file, reset between tests, and a small fetch client for it. */
import { afterAll, beforeAll, beforeEach } from "vitest"
import { type Emulator, type EmulatorOptions, startEmulator } from "../../src/index.js"
import { freshDatabase, testServerUrl } from "./Postgres.js"

export interface Response<T = any> {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly body: T
}

export interface Client {
  request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    init?: { key?: string | null; headers?: Record<string, string> }
  ): Promise<Response<T>>
  get<T = any>(path: string, init?: { key?: string | null }): Promise<Response<T>>
  post<T = any>(path: string, body?: unknown, init?: { key?: string | null }): Promise<Response<T>>
  patch<T = any>(path: string, body?: unknown, init?: { key?: string | null }): Promise<Response<T>>
  del<T = any>(path: string, init?: { key?: string | null }): Promise<Response<T>>
  admin<T = any>(method: string, path: string, body?: unknown): Promise<Response<T>>
}

export const clientFor = (emu: () => Emulator): Client => {
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    init: { key?: string | null; headers?: Record<string, string> } = {}
  ) => {
    const e = emu()
    const url = path.startsWith("http")
      ? path
      : `${e.url}${path.startsWith("/") ? path : `/api/projects/${e.projectId}/${path}`}`
    const headers: Record<string, string> = { ...init.headers }
    const key = init.key === undefined ? e.apiKey : init.key
    if (key !== null) headers.Authorization = `Bearer ${key}`
    if (body !== undefined) headers["Content-Type"] ??= "application/json"
    const res = await fetch(url, {
      method,
      headers,
      ...(body === undefined
        ? {}
        : {
            body: (typeof body === "string" || body instanceof Uint8Array
              ? body
              : JSON.stringify(body)) as BodyInit
          })
    })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text === "" ? undefined : JSON.parse(text)
    } catch {
      // keep the text
    }
    return { status: res.status, headers: res.headers, text, body: parsed as any }
  }
  return {
    request,
    get: (path, init) => request("GET", path, undefined, init),
    post: (path, body, init) => request("POST", path, body ?? {}, init),
    patch: (path, body, init) => request("PATCH", path, body ?? {}, init),
    del: (path, init) => request("DELETE", path, undefined, init),
    admin: (method, path, body) => request(method, path, body, { key: null })
  }
}

/**
 * Starts one emulator for the file and resets it before each test. With HOGKIT_EMULATOR_TEST_DATABASE_URL
 * set (and no `dataDir`), the emulator keeps its data on that PostgreSQL server, in a database of its own.
 */
export const useEmulator = (options: EmulatorOptions = {}) => {
  let emu: Emulator | undefined
  let drop: (() => Promise<void>) | undefined
  beforeAll(async () => {
    const server = options.dataDir === undefined ? testServerUrl() : undefined
    let databaseUrl: string | undefined
    if (server !== undefined) ({ url: databaseUrl, drop } = await freshDatabase(server))
    emu = await startEmulator({ port: 0, ...options, ...(databaseUrl === undefined ? {} : { databaseUrl }) })
  })
  afterAll(async () => {
    await emu?.close()
    await drop?.()
  })
  beforeEach(async () => {
    await emu?.reset()
  })
  const get = () => {
    if (emu === undefined) throw new Error("emulator not started")
    return emu
  }
  return { emu: get, client: clientFor(get) }
}

/** A second user with their own key, in the default organization unless told otherwise. */
export const createUser = async (
  client: Client,
  opts: {
    email: string
    organizationIds: string[]
    isStaff?: boolean
    scopes?: string[]
    scopedTeams?: number[]
    scopedOrganizations?: string[]
  }
) => {
  const user = await client.admin("POST", "/_emulator/users", {
    email: opts.email,
    organization_ids: opts.organizationIds,
    is_staff: opts.isStaff ?? false
  })
  const key = await client.admin("POST", "/_emulator/personal_api_keys", {
    user_id: user.body.id,
    scopes: opts.scopes ?? ["*"],
    ...(opts.scopedTeams === undefined ? {} : { scoped_teams: opts.scopedTeams }),
    ...(opts.scopedOrganizations === undefined ? {} : { scoped_organizations: opts.scopedOrganizations })
  })
  return { user: user.body, key: key.body.key as string }
}

export const keyWithScopes = async (client: Client, userId: number, scopes: string[]) =>
  (await client.admin("POST", "/_emulator/personal_api_keys", { user_id: userId, scopes })).body.key as string

export const tiles = [{ type: "INSIGHT", name: "Pageviews", query: { kind: "TrendsQuery" } }]
