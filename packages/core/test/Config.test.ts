/**
 * `@hogkit/core/config`: one resolver for every adapter (issue 12, point 3) and the two "before any
 * network" refusals of issue 13: the key over plain http to another machine, and a key pasted as the host.
 */
import * as Redacted from "effect/Redacted"
import { afterEach, describe, expect, it, vi } from "vitest"
import {
  activeProfile,
  ConfigProblem,
  checkProfileName,
  isUsCloud,
  missingKeyMessage,
  type ProfileSource,
  parseProfiles,
  profileSummaries,
  putProfile,
  removeProfile,
  requireApiKey,
  resolveConnection,
  resolveHost,
  serializeProfiles,
  switchProfile
} from "../src/config/index.js"
import { createClient, isHogkitError } from "../src/promise/index.js"

const KEY = "phx_ConfigTestKeyThatMustNeverLeak0123"

const problemOf = (f: () => unknown): ConfigProblem => {
  try {
    f()
  } catch (error) {
    if (error instanceof ConfigProblem) return error
    throw error
  }
  throw new Error("expected a ConfigProblem")
}

describe("hosts", () => {
  it("knows the clouds by shorthand and normalises URLs", () => {
    expect(resolveHost("us")).toBe("https://us.posthog.com")
    expect(resolveHost(" EU ")).toBe("https://eu.posthog.com")
    expect(resolveHost(undefined)).toBe("https://us.posthog.com")
    expect(resolveHost("posthog.example.com/")).toBe("https://posthog.example.com")
    expect(resolveHost("https://example.com/posthog/")).toBe("https://example.com/posthog")
    expect(isUsCloud("https://us.posthog.com")).toBe(true)
    expect(isUsCloud("https://app.posthog.com/")).toBe(true)
    expect(isUsCloud("https://eu.posthog.com")).toBe(false)
    expect(problemOf(() => resolveHost("not a host", { source: "--host" })).message).toBe(
      'The host "not a host" (from --host) is not valid: use us, eu, or a URL such as https://posthog.example.com.'
    )
  })

  it("refuses plain http to another machine unless explicitly allowed", () => {
    const problem = problemOf(() =>
      resolveHost("http://posthog.internal:8000", {
        source: "POSTHOG_HOST",
        insecureHint: "--allow-insecure-http"
      })
    )
    expect(problem.kind).toBe("insecure")
    expect(problem.message).toContain("http://posthog.internal:8000 (from POSTHOG_HOST) uses plain http://")
    expect(problem.message).toContain("--allow-insecure-http")
    expect(resolveHost("http://posthog.internal:8000", { allowInsecureHttp: true })).toBe(
      "http://posthog.internal:8000"
    )
    // This machine is fine: the emulator and local PostHog run on loopback.
    for (const local of [
      "http://127.0.0.1:8010",
      "http://localhost:8000",
      "http://[::1]:9",
      "http://app.localhost"
    ]) {
      expect(resolveHost(local)).toBe(local)
    }
  })

  it("refuses a key-shaped host before any parsing, without echoing it", () => {
    for (const pasted of [KEY, `https://${KEY}`, `${KEY}.posthog.com`, "phc_projectToken123456789"]) {
      const problem = problemOf(() => resolveHost(pasted, { source: "POSTHOG_HOST" }))
      expect(problem.kind).toBe("insecure")
      expect(problem.message).toContain("(from POSTHOG_HOST) looks like an API key")
      expect(problem.message).not.toContain(pasted)
    }
    // A key without PostHog's prefix is caught when it is the key in use.
    const custom = "s3cr3tvalue-abcdef"
    expect(problemOf(() => resolveHost(custom, { apiKey: custom })).message).not.toContain(custom)
  })
})

describe("resolveConnection", () => {
  const store = (
    profiles: Parameters<ProfileSource["load"]> extends [] ? ReturnType<ProfileSource["load"]> : never
  ) => {
    const counter = { loads: 0 }
    const source: ProfileSource = {
      location: "/home/me/.config/hogkit/config.json",
      load: () => {
        counter.loads++
        return profiles
      }
    }
    return { source, counter }
  }

  it("takes each setting from flag, then environment, then profile, then default, saying which", () => {
    const { source } = store({
      profiles: {
        default: { apiKey: Redacted.make("phx_stored"), host: "https://ph.example.com", projectId: "5" }
      }
    })
    const fromProfile = resolveConnection({ env: {}, store: source })
    expect(fromProfile.host).toEqual({
      value: "https://ph.example.com",
      source: 'profile "default" in /home/me/.config/hogkit/config.json'
    })
    expect(fromProfile.projectId.value).toBe(5)
    expect(fromProfile.apiKey?.source).toContain('profile "default"')

    const fromEnv = resolveConnection({
      env: {
        POSTHOG_API_KEY: "phx_legacy",
        POSTHOG_PERSONAL_API_KEY: " ",
        POSTHOG_HOST: "eu",
        POSTHOG_PROJECT_ID: "9"
      },
      store: source
    })
    expect(fromEnv.apiKey?.source).toBe("POSTHOG_API_KEY") // blank counts as unset
    expect(fromEnv.host).toEqual({ value: "https://eu.posthog.com", source: "POSTHOG_HOST" })
    expect(fromEnv.projectId).toEqual({ value: 9, source: "POSTHOG_PROJECT_ID" })

    const fromFlags = resolveConnection({
      flags: { apiKey: KEY, host: "us", projectId: "3" },
      env: { POSTHOG_PERSONAL_API_KEY: "phx_env", POSTHOG_HOST: "eu", POSTHOG_PROJECT_ID: "9" },
      store: source
    })
    expect(fromFlags.apiKey?.source).toBe("--api-key")
    expect(fromFlags.host).toEqual({ value: "https://us.posthog.com", source: "--host" })
    expect(fromFlags.projectId).toEqual({ value: 3, source: "--project" })

    const defaults = resolveConnection({ env: {} })
    expect(defaults.host).toEqual({ value: "https://us.posthog.com", source: "default" })
    expect(defaults.projectId).toEqual({ value: "@current", source: "default" })
    expect(defaults.apiKey).toBeUndefined()
  })

  it("reads the store only when something is missing, so a broken store cannot block a complete setup", () => {
    const broken: ProfileSource = {
      location: "/x",
      load: () => {
        throw new ConfigProblem("malformed", "broken")
      }
    }
    const env = { POSTHOG_PERSONAL_API_KEY: KEY, POSTHOG_HOST: "eu", POSTHOG_PROJECT_ID: "1" }
    expect(resolveConnection({ env, store: broken }).projectId.value).toBe(1)
    expect(() => resolveConnection({ env: { ...env, POSTHOG_PROJECT_ID: "" }, store: broken })).toThrow(
      "broken"
    )
  })

  it("names the profiles it knows when a named one is missing", () => {
    const { source } = store({ profiles: { work: {} } })
    expect(
      problemOf(() => resolveConnection({ flags: { profile: "home" }, env: {}, store: source })).message
    ).toBe('There is no profile "home" in /home/me/.config/hogkit/config.json. Known profiles: work.')
  })

  it("keeps the key Redacted: it never prints", () => {
    const connection = resolveConnection({ env: { POSTHOG_PERSONAL_API_KEY: KEY } })
    expect(Redacted.value(requireApiKey(connection))).toBe(KEY)
    expect(JSON.stringify(connection)).not.toContain(KEY)
    expect(String(connection.apiKey?.value)).not.toContain(KEY)
  })

  it("a missing key names the variable to set, then the caller's other ways", () => {
    const problem = problemOf(() => requireApiKey(resolveConnection({ env: {} })))
    expect(problem.kind).toBe("missingKey")
    expect(problem.message).toContain("POSTHOG_PERSONAL_API_KEY")
    expect(missingKeyMessage(["run `hogkit auth login`", "add --emulator"])).toBe(
      "No PostHog API key: set POSTHOG_PERSONAL_API_KEY, run `hogkit auth login`, or add --emulator."
    )
  })

  it("allows plain http by flag, by HOGKIT_ALLOW_INSECURE_HTTP, or for the profile that stored it", () => {
    const host = "http://posthog.lan:8000"
    expect(problemOf(() => resolveConnection({ env: { POSTHOG_HOST: host } })).message).toContain(
      "--allow-insecure-http (or HOGKIT_ALLOW_INSECURE_HTTP=1)"
    )
    expect(
      resolveConnection({ flags: { allowInsecureHttp: true }, env: { POSTHOG_HOST: host } }).host.value
    ).toBe(host)
    const viaEnv = resolveConnection({ env: { POSTHOG_HOST: host, HOGKIT_ALLOW_INSECURE_HTTP: "1" } })
    expect(viaEnv.allowInsecureHttp).toEqual({ value: true, source: "HOGKIT_ALLOW_INSECURE_HTTP" })
    const { source } = store({ profiles: { default: { host, allowInsecureHttp: true } } })
    expect(resolveConnection({ env: {}, store: source }).host.value).toBe(host)
    // The profile's permission covers its own host only, not one given elsewhere.
    expect(() => resolveConnection({ env: { POSTHOG_HOST: "http://other.lan" }, store: source })).toThrow(
      /plain http/
    )
  })

  it("refuses a key pasted into POSTHOG_HOST without echoing it", () => {
    const problem = problemOf(() => resolveConnection({ env: { POSTHOG_HOST: KEY } }))
    expect(problem.message).toContain("(from POSTHOG_HOST) looks like an API key")
    expect(problem.message).not.toContain(KEY)
  })
})

describe("named profiles", () => {
  const file = "/home/me/.config/hogkit/config.json"
  // Today's single-profile file, as `hogkit auth login` wrote it before profiles could be switched.
  const legacy = JSON.stringify({ profiles: { default: { api_key: KEY, host: "https://eu.posthog.com" } } })

  it("reads today's single-profile file unchanged and writes it back the same", () => {
    const stored = parseProfiles(legacy, file, "")
    expect(activeProfile(stored)).toEqual({ name: "default", chosenBy: "default" })
    expect(JSON.parse(serializeProfiles(stored))).toEqual(JSON.parse(legacy))
  })

  it("switches the default profile, which a flag or HOGKIT_PROFILE still override", () => {
    const two = putProfile(parseProfiles(legacy, file, ""), "work", { apiKey: Redacted.make(KEY) })
    const switched = switchProfile(two, "work", file)
    expect(JSON.parse(serializeProfiles(switched)).default_profile).toBe("work")
    expect(activeProfile(switched)).toEqual({ name: "work", chosenBy: "file" })
    expect(activeProfile(switched, { environment: "default" })).toEqual({
      name: "default",
      chosenBy: "environment"
    })
    expect(activeProfile(switched, { flag: "default", environment: "work" }).chosenBy).toBe("flag")
    const resolved = resolveConnection({
      env: {},
      store: { location: file, load: () => switched }
    })
    expect(resolved.profile).toBe("work")
    expect(problemOf(() => switchProfile(two, "home", file)).message).toBe(
      `There is no profile "home" in ${file}. Known profiles: default, work.`
    )
  })

  it("removes exactly one profile, and the default with it when it was the default", () => {
    const two = switchProfile(putProfile(parseProfiles(legacy, file, ""), "work", {}), "work", file)
    const gone = removeProfile(two, "work")
    expect(gone.wasDefault).toBe(true)
    expect(gone.profiles).toEqual({ profiles: { default: two.profiles.default } })
    const other = removeProfile(two, "default")
    expect(other.wasDefault).toBe(false)
    expect(Object.keys(other.profiles.profiles)).toEqual(["work"])
    expect(other.profiles.defaultProfile).toBe("work")
    expect(removeProfile(two, "nope").removed).toBeUndefined()
  })

  it("lists profiles without their keys, marking the active one", () => {
    const two = putProfile(parseProfiles(legacy, file, ""), "work", { projectId: "7" })
    const list = profileSummaries(two, "work")
    expect(list).toEqual([
      { name: "default", active: false, hasKey: true, host: "https://eu.posthog.com", projectId: undefined },
      { name: "work", active: true, hasKey: false, host: undefined, projectId: "7" }
    ])
    expect(JSON.stringify(list)).not.toContain(KEY)
  })

  it("accepts plain profile names only", () => {
    expect(checkProfileName("work-2.eu_x", "--profile")).toBe("work-2.eu_x")
    for (const bad of ["", "a b", "../x", "-x", "x".repeat(65), "a\u0007"]) {
      expect(problemOf(() => checkProfileName(bad, "--profile")).kind).toBe("invalid")
    }
  })
})

describe("createClient() without options reads the environment", () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })
  const recordingFetch = () => {
    const seen: Array<{ url: string; authorization: string | null }> = []
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input, init)
      seen.push({ url: request.url, authorization: request.headers.get("authorization") })
      return new Response(JSON.stringify({ count: 0, next: null, previous: null, results: [] }), {
        status: 200,
        headers: { "content-type": "application/json" }
      })
    }
    return { fetch, seen }
  }
  const clearEnv = () => {
    for (const name of [
      "POSTHOG_PERSONAL_API_KEY",
      "POSTHOG_API_KEY",
      "POSTHOG_HOST",
      "POSTHOG_PROJECT_ID",
      "HOGKIT_ALLOW_INSECURE_HTTP"
    ]) {
      vi.stubEnv(name, "")
    }
  }

  it("takes the key, host and project from POSTHOG_* like openai-node takes OPENAI_API_KEY", async () => {
    clearEnv()
    vi.stubEnv("POSTHOG_PERSONAL_API_KEY", KEY)
    vi.stubEnv("POSTHOG_HOST", "eu")
    vi.stubEnv("POSTHOG_PROJECT_ID", "42")
    const f = recordingFetch()
    const client = createClient({ fetch: f.fetch })
    await client.dashboards.list({ limit: 1 })
    await client.close()
    expect(f.seen).toEqual([
      { url: "https://eu.posthog.com/api/projects/42/dashboards/?limit=1", authorization: `Bearer ${KEY}` }
    ])
  })

  it("without a key rejects every call with a ConfigError naming the variable, sending nothing", async () => {
    clearEnv()
    const f = recordingFetch()
    const client = createClient({ fetch: f.fetch })
    const error = await client.dashboards.get(1).catch((e: unknown) => e)
    expect(isHogkitError(error) && error.reason._tag).toBe("ConfigError")
    expect(String((error as Error).message)).toContain("POSTHOG_PERSONAL_API_KEY")
    const items = async () => {
      for await (const _ of client.dashboards.list()) return
    }
    await expect(items()).rejects.toMatchObject({ reason: { _tag: "ConfigError" } })
    expect(f.seen).toEqual([])
    await client.close()
  })

  it("refuses a key pasted into POSTHOG_HOST and plain http to another machine before sending", async () => {
    clearEnv()
    vi.stubEnv("POSTHOG_PERSONAL_API_KEY", KEY)
    vi.stubEnv("POSTHOG_HOST", KEY)
    const f = recordingFetch()
    const pasted = createClient({ fetch: f.fetch })
    const error = (await pasted.dashboards.get(1).catch((e: unknown) => e)) as Error
    expect(error.message).toContain("looks like an API key")
    expect(error.message).not.toContain(KEY)
    await pasted.close()

    const plain = createClient({ apiKey: KEY, host: "http://posthog.lan", fetch: f.fetch })
    const insecure = (await plain.dashboards.get(1).catch((e: unknown) => e)) as Error
    expect(insecure.message).toContain("uses plain http://")
    expect(insecure.message).toContain("allowInsecureHttp: true")
    await plain.close()
    expect(f.seen).toEqual([])

    const allowed = createClient({
      apiKey: KEY,
      host: "http://posthog.lan",
      allowInsecureHttp: true,
      fetch: f.fetch
    })
    await allowed.dashboards.list({ limit: 1 })
    await allowed.close()
    expect(f.seen.map((s) => s.url)).toEqual(["http://posthog.lan/api/projects/@current/dashboards/?limit=1"])
  })
})
