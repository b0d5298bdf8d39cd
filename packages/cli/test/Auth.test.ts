import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { API_KEY, useEmulator } from "./helpers.js"

const h = useEmulator()
const configFile = () => path.join(h.configHome, "hogkit", "config.json")

describe("hogkit auth", () => {
  it("login --with-token stores the key per profile in a 0600 file, and commands use it", async () => {
    fs.rmSync(path.join(h.configHome, "hogkit"), { recursive: true, force: true })
    const login = await h.run(["auth", "login", "--with-token", "--host", h.emu.url, "--project", "1"], {
      bare: true,
      input: `${API_KEY}\n`
    })
    expect(login.code, login.stderr).toBe(0)
    expect(login.stderr).toContain('profile "default"')
    expect(fs.statSync(configFile()).mode & 0o777).toBe(0o600)
    expect(fs.statSync(path.dirname(configFile())).mode & 0o777).toBe(0o700)
    const stored = JSON.parse(fs.readFileSync(configFile(), "utf8"))
    expect(stored.profiles.default).toEqual({ api_key: API_KEY, host: h.emu.url, project: "1" })

    await h.api("dashboards/", { method: "POST", body: JSON.stringify({ name: "From profile" }) })
    const list = await h.run(["dashboards", "list", "--fields", "name"], { bare: true })
    expect(list.stdout).toBe("From profile\n")
  })

  it("status names host, project, key source and scopes without printing the key", async () => {
    const status = await h.run(["auth", "status"])
    expect(status.code).toBe(0)
    expect(status.stdout).toContain(`host\t${h.emu.url} (from POSTHOG_HOST)`)
    expect(status.stdout).toContain("project\t1 (from POSTHOG_PROJECT_ID)")
    expect(status.stdout).toContain("api key\tset (from POSTHOG_PERSONAL_API_KEY)")
    expect(status.stdout).toMatch(/scopes\t/)
    // Who the key belongs to, read through core's Account operations.
    const me = await h.api("/api/users/@me/")
    expect(status.stdout).toContain(`user\t`)
    expect(status.stdout).toContain(`<${me.email}>`)
    if (me.organization?.name) expect(status.stdout).toContain(`(${me.organization.name})`)
    const json = JSON.parse((await h.run(["auth", "status", "--format", "json"])).stdout)
    expect(json.user).toMatchObject({ email: me.email })
    expect(json).toMatchObject({
      host: { value: h.emu.url, source: "POSTHOG_HOST" },
      project: { value: 1, source: "POSTHOG_PROJECT_ID" },
      api_key: { present: true, source: "POSTHOG_PERSONAL_API_KEY" }
    })
    const table = await h.run(["auth", "status"], { tty: true })
    expect(table.stdout).toMatch(/host:\s+http/)
    const jsonl = await h.run(["auth", "status", "--format", "jsonl"])
    expect(JSON.parse(jsonl.stdout).profile).toBe("default")
  })

  it("status reports where each setting came from across flag, env, profile and default", async () => {
    fs.mkdirSync(path.dirname(configFile()), { recursive: true, mode: 0o700 })
    fs.writeFileSync(
      configFile(),
      JSON.stringify({ profiles: { work: { api_key: API_KEY, host: h.emu.url, project: "1" } } }),
      { mode: 0o600 }
    )
    const r = await h.run(["auth", "status", "--profile", "work", "--project", "1", "--format", "json"], {
      bare: true,
      env: { POSTHOG_HOST: h.emu.url }
    })
    expect(r.code, r.stderr).toBe(0)
    const json = JSON.parse(r.stdout)
    expect(json.project.source).toBe("--project")
    expect(json.host.source).toBe("POSTHOG_HOST")
    expect(json.api_key.source).toContain('profile "work"')
    const none = await h.run(["auth", "status", "--format", "json"], {
      bare: true,
      env: { XDG_CONFIG_HOME: `${h.configHome}/empty` }
    })
    expect(none.code).toBe(4)
    expect(JSON.parse(none.stdout)).toMatchObject({
      host: { value: "https://us.posthog.com", source: "default" },
      api_key: { present: false }
    })
    expect(none.stderr).toContain("POSTHOG_PERSONAL_API_KEY")
  })

  it("refuses a group- or world-readable config file and says how to fix it", async () => {
    fs.mkdirSync(path.dirname(configFile()), { recursive: true, mode: 0o700 })
    fs.writeFileSync(
      configFile(),
      JSON.stringify({ profiles: { default: { api_key: API_KEY, host: h.emu.url } } })
    )
    fs.chmodSync(configFile(), 0o644)
    const r = await h.run(["dashboards", "list"], { bare: true })
    expect(r.code).toBe(4)
    expect(r.stderr).toContain(`chmod 600 ${configFile()}`)
    expect(r.stdout).toBe("")
    fs.chmodSync(configFile(), 0o600)
    expect((await h.run(["dashboards", "list"], { bare: true })).code).toBe(0)
  })

  it("named profiles: login --profile, list marks the active one without keys, switch changes it", async () => {
    fs.rmSync(path.dirname(configFile()), { recursive: true, force: true })
    // Today's single-profile file, as earlier versions wrote it.
    fs.mkdirSync(path.dirname(configFile()), { recursive: true, mode: 0o700 })
    fs.writeFileSync(
      configFile(),
      JSON.stringify({ profiles: { default: { api_key: API_KEY, host: h.emu.url, project: "1" } } }),
      { mode: 0o600 }
    )
    const work = await h.run(
      ["auth", "login", "--profile", "work", "--with-token", "--host", h.emu.url, "--project", "1"],
      { bare: true, input: `${API_KEY}\n` }
    )
    expect(work.code, work.stderr).toBe(0)
    expect(work.stderr).toContain('as profile "work"')
    expect(work.stderr).toContain('Commands use profile "default" unless --profile work is given')
    expect(work.stderr).toContain("`hogkit auth switch work`")

    const table = await h.run(["auth", "list"], { bare: true, tty: true })
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/yes\s+default/)
    expect(table.stdout).toMatch(/no\s+work/)
    const listed = JSON.parse((await h.run(["auth", "list", "--format", "json"], { bare: true })).stdout)
    expect(listed).toEqual([
      { name: "default", active: true, host: h.emu.url, project: "1", key: "stored" },
      { name: "work", active: false, host: h.emu.url, project: "1", key: "stored" }
    ])

    const switched = await h.run(["auth", "switch", "work"], { bare: true })
    expect(switched.code, switched.stderr).toBe(0)
    expect(switched.stderr).toContain('Switched to profile "work"')
    expect(JSON.parse(fs.readFileSync(configFile(), "utf8")).default_profile).toBe("work")
    const status = JSON.parse((await h.run(["auth", "status", "--format", "json"], { bare: true })).stdout)
    expect(status.profile).toBe("work")
    // --profile and HOGKIT_PROFILE still choose for one command.
    const one = await h.run(["auth", "list", "--format", "json", "--profile", "default"], { bare: true })
    expect(JSON.parse(one.stdout).find((p: { active: boolean }) => p.active).name).toBe("default")
    const env = await h.run(["auth", "switch", "default"], { bare: true, env: { HOGKIT_PROFILE: "work" } })
    expect(env.stderr).toContain("HOGKIT_PROFILE=work is set in this shell and still wins over it.")

    const unknown = await h.run(["auth", "switch", "home"], { bare: true })
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('There is no profile "home"')
    expect(unknown.stderr).toContain("Known profiles: default, work.")
    const bad = await h.run(["auth", "login", "--profile", "../x", "--with-token"], {
      bare: true,
      input: `${API_KEY}\n`
    })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("--profile must be a profile name")
  })

  it("logout removes exactly the profile it names, and says what it removed", async () => {
    fs.mkdirSync(path.dirname(configFile()), { recursive: true, mode: 0o700 })
    fs.writeFileSync(
      configFile(),
      JSON.stringify({
        default_profile: "work",
        profiles: {
          default: { api_key: API_KEY, host: h.emu.url },
          work: { api_key: API_KEY, host: h.emu.url, project: "1" }
        }
      }),
      { mode: 0o600 }
    )
    const out = await h.run(["auth", "logout", "--profile", "work"], { bare: true })
    expect(out.code, out.stderr).toBe(0)
    expect(out.stderr).toContain(
      `Removed profile "work" (its API key, host ${h.emu.url}, project 1) from ${configFile()}.`
    )
    expect(out.stderr).toContain('It was the default profile; commands now use profile "default"')
    expect(JSON.parse(fs.readFileSync(configFile(), "utf8"))).toEqual({
      profiles: { default: { api_key: API_KEY, host: h.emu.url } }
    })
    const again = await h.run(["auth", "logout", "--profile", "work"], { bare: true })
    expect(again.code).toBe(0)
    expect(again.stderr).toContain('There is no profile "work"')
  })

  it("login --with-token stores no key it could not check, unless --skip-verify says so", async () => {
    fs.rmSync(path.dirname(configFile()), { recursive: true, force: true })
    // A port nothing listens on: PostHog cannot be asked.
    const closed = "http://127.0.0.1:9"
    const refused = await h.run(["auth", "login", "--with-token", "--host", closed], {
      bare: true,
      input: `${API_KEY}\n`
    })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain(`Could not check the key with ${closed}, so nothing was stored.`)
    expect(refused.stderr).toContain("--skip-verify")
    expect(fs.existsSync(configFile())).toBe(false)
    const stored = await h.run(["auth", "login", "--with-token", "--skip-verify", "--host", closed], {
      bare: true,
      input: `${API_KEY}\n`
    })
    expect(stored.code, stored.stderr).toBe(0)
    expect(stored.stderr).toContain("It was stored without checking")
    expect(JSON.parse(fs.readFileSync(configFile(), "utf8")).profiles.default.host).toBe(closed)
  })

  it("login without --host checks the key with POSTHOG_HOST, where it will be used", async () => {
    fs.rmSync(path.dirname(configFile()), { recursive: true, force: true })
    const r = await h.run(["auth", "login", "--with-token"], {
      bare: true,
      env: { POSTHOG_HOST: h.emu.url },
      input: `${API_KEY}\n`
    })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain(`Logged in to ${h.emu.url} as profile "default"`)
    // The host stays the environment's: only --host is stored with the key.
    expect(JSON.parse(fs.readFileSync(configFile(), "utf8")).profiles.default).toEqual({ api_key: API_KEY })
  })

  it("logout removes the stored key", async () => {
    fs.mkdirSync(path.dirname(configFile()), { recursive: true, mode: 0o700 })
    fs.writeFileSync(
      configFile(),
      JSON.stringify({ profiles: { default: { api_key: API_KEY, host: h.emu.url } } }),
      {
        mode: 0o600
      }
    )
    const out = await h.run(["auth", "logout"], { bare: true })
    expect(out.code).toBe(0)
    expect(JSON.parse(fs.readFileSync(configFile(), "utf8")).profiles).toEqual({})
    const after = await h.run(["dashboards", "list"], { bare: true })
    expect(after.code).toBe(4)
    expect(after.stderr).toContain("hogkit auth login")
  })

  it("login refuses a key PostHog rejects, and stores nothing", async () => {
    fs.rmSync(path.dirname(configFile()), { recursive: true, force: true })
    const r = await h.run(["auth", "login", "--with-token", "--host", h.emu.url], {
      bare: true,
      input: "phx_notARealKey123456789\n"
    })
    expect(r.code).toBe(4)
    expect(r.stderr).toContain("rejected the API key")
    expect(fs.existsSync(configFile())).toBe(false)
  })

  it("login into a config directory other users can write makes it private, and says so", async () => {
    const dir = path.dirname(configFile())
    fs.rmSync(dir, { recursive: true, force: true })
    fs.mkdirSync(dir, { mode: 0o777 })
    fs.chmodSync(dir, 0o777)
    const login = await h.run(["auth", "login", "--with-token", "--host", h.emu.url], {
      bare: true,
      input: `${API_KEY}\n`
    })
    expect(login.code, login.stderr).toBe(0)
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700)
    expect(login.stderr).toContain(`${dir} was open to other users (mode 777); hogkit made it private (700).`)
    expect(login.stderr).toContain("(readable only by you)")
  })

  it("refuses to use a key from a directory other users can write, naming the chmod that fixes it", async () => {
    const dir = path.dirname(configFile())
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(
      configFile(),
      JSON.stringify({ profiles: { default: { api_key: API_KEY, host: h.emu.url } } }),
      {
        mode: 0o600
      }
    )
    fs.chmodSync(dir, 0o777)
    const r = await h.run(["dashboards", "list"], { bare: true })
    expect(r.code).toBe(4)
    expect(r.stderr).toContain(`other users can write to ${dir} (mode 777)`)
    expect(r.stderr).toContain(`chmod 700 ${dir}`)
    expect(r.stdout).toBe("")
    fs.chmodSync(dir, 0o700)
    expect((await h.run(["dashboards", "list"], { bare: true })).code).toBe(0)
  })

  it("never follows a symlink planted in place of the key store, for reading or writing", async () => {
    const dir = path.dirname(configFile())
    fs.rmSync(dir, { recursive: true, force: true })
    fs.mkdirSync(dir, { mode: 0o700 })
    // Someone else's file, offering a host of theirs.
    const bait = path.join(h.configHome, "bait.json")
    fs.writeFileSync(
      bait,
      JSON.stringify({ profiles: { default: { api_key: API_KEY, host: "https://evil.example" } } }),
      {
        mode: 0o600
      }
    )
    fs.symlinkSync(bait, configFile())
    const r = await h.run(["dashboards", "list"], { bare: true })
    expect(r.code).toBe(4)
    expect(r.stderr).toContain(`Refusing to use ${configFile()}: it is a symbolic link`)
    expect(r.stderr).not.toContain("evil.example")
    const login = await h.run(["auth", "login", "--with-token", "--host", h.emu.url], {
      bare: true,
      input: `${API_KEY}\n`
    })
    expect(login.code).toBe(4)
    expect(JSON.parse(fs.readFileSync(bait, "utf8")).profiles.default.host).toBe("https://evil.example")
    fs.rmSync(bait)
  })

  it("stores a permission for plain http with the profile it was given for, and the emulator on loopback needs none", async () => {
    fs.rmSync(path.dirname(configFile()), { recursive: true, force: true })
    const refused = await h.run(["auth", "login", "--with-token", "--host", "http://posthog.example.com"], {
      bare: true,
      input: `${API_KEY}\n`
    })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain("uses plain http://")
    expect(fs.existsSync(configFile())).toBe(false)
    // The emulator on http://127.0.0.1 is this machine: no flag needed.
    expect(h.emu.url).toMatch(/^http:\/\/127\.0\.0\.1:/)
    const local = await h.run(["auth", "login", "--with-token", "--host", h.emu.url, "--project", "1"], {
      bare: true,
      input: `${API_KEY}\n`
    })
    expect(local.code, local.stderr).toBe(0)
    expect(
      JSON.parse(fs.readFileSync(configFile(), "utf8")).profiles.default.allow_insecure_http
    ).toBeUndefined()
  })
})
