/**
 * `hogkit auth login [--with-token] | status | logout`: keys stored per profile in core's key store
 * (mode 0600 in a 0700 directory, written through an exclusive temporary file; see `@hogkit/core/config`). `status` says which host, project, key and scopes are in effect and where each came from,
 * and never prints the key, not even a prefix.
 */

import {
  DEFAULT_HOST,
  DEFAULT_PROFILE_NAME,
  ENV,
  keyStorePath,
  readProfiles,
  readVariable,
  type StoredProfile,
  type StoredProfiles,
  type WriteReport,
  writeProfiles
} from "@hogkit/core/config/node"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import {
  type Connection,
  normalizeHost,
  normalizeProject,
  resolve,
  toFailure
} from "../internal/Connection.js"
import { CliFailure, usage } from "../internal/Failure.js"
import * as GlobalFlags from "../internal/GlobalFlags.js"
import { type Printer, sanitize } from "../internal/Output.js"
import { makePrinter, withPostHog } from "../internal/Run.js"

const say = (text: string) => Effect.sync(() => process.stderr.write(text + "\n"))

const readAll = Effect.tryPromise({
  try: async () => {
    const chunks: Array<Buffer> = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString("utf8")
  },
  catch: () => usage("Could not read the key from stdin.")
})

/** Ask for the key on the terminal without echoing it. */
const promptHidden = (question: string) =>
  Effect.callback<string, CliFailure>((resume) => {
    const stdin = process.stdin
    process.stderr.write(question)
    let value = ""
    stdin.setRawMode?.(true)
    stdin.resume()
    stdin.setEncoding("utf8")
    const done = (result: Effect.Effect<string, CliFailure>) => {
      stdin.setRawMode?.(false)
      stdin.pause()
      stdin.off("data", onData)
      process.stderr.write("\n")
      resume(result)
    }
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return done(Effect.succeed(value))
        if (ch === "\u0003") return done(Effect.fail(new CliFailure("Login cancelled.", 2)))
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1)
        else value += ch
      }
    }
    stdin.on("data", onData)
  })

/** A personal API key: one token, no spaces or control characters, and not a project token. */
const checkKey = (raw: string) =>
  Effect.suspend(() => {
    const key = raw.trim()
    if (key === "") return Effect.fail(usage("No key given: paste a personal API key (phx_…)."))
    if (/[\s\u0000-\u001f\u007f]/.test(key)) {
      return Effect.fail(
        usage("The key contains spaces or control characters: give exactly one personal API key (phx_…).")
      )
    }
    if (key.startsWith("phc_")) {
      return Effect.fail(
        usage(
          "That is a project token (phc_…), which only sends events. Create a personal API key (phx_…) in PostHog under Settings → Personal API keys."
        )
      )
    }
    return Effect.succeed(key)
  })

const attempt = <A>(f: () => A) => Effect.try({ try: f, catch: toFailure })

/** The stored profiles, about to be rewritten: a copy others can read is accepted, since rewriting fixes it. */
const loadForWrite = (file: string) => attempt(() => readProfiles(file, { forRewrite: true }))

const store = (profiles: StoredProfiles, file: string) => attempt(() => writeProfiles(profiles, file))

const profileNameOf = (flag: Option.Option<string>) =>
  Option.getOrElse(flag, () => readVariable(process.env, ENV.profile) ?? DEFAULT_PROFILE_NAME)

/** What the store's protection is, in words: "readable only by you" only when checked to be true. */
const protection = (report: WriteReport) =>
  (report.privateToOwner ? " (readable only by you)" : " (protect it as you would a password)") +
  "." +
  (report.tightenedDirectory
    ? ` ${report.tightenedDirectory.directory} was open to other users (mode ${report.tightenedDirectory.fromMode}); hogkit made it private (700).`
    : "")

const login = Command.make(
  "login",
  {
    withToken: Flag.Boolean("with-token").pipe(
      Flag.withDescription("Read the key from stdin"),
      Flag.withDefault(false)
    )
  },
  (input) =>
    Effect.gen(function* () {
      if (yield* GlobalFlags.Emulator) {
        return yield* usage("The embedded emulator needs no login: just add --emulator to any command.")
      }
      const flagKey = yield* GlobalFlags.ApiKey
      const flagHost = yield* GlobalFlags.Host
      const flagProject = yield* GlobalFlags.Project
      const profileName = profileNameOf(yield* GlobalFlags.Profile)
      const allowInsecureHttp = yield* GlobalFlags.AllowInsecureHttp
      const host = yield* attempt(() =>
        Option.map(flagHost, (h) => normalizeHost(h, "--host", allowInsecureHttp))
      )
      const project = yield* attempt(() =>
        Option.map(flagProject, (p) => String(normalizeProject(p, "--project")))
      )
      let raw: string
      if (input.withToken) raw = yield* readAll
      else if (Option.isSome(flagKey)) raw = Redacted.value(flagKey.value)
      else if (process.stdin.isTTY) raw = yield* promptHidden("Paste your PostHog personal API key: ")
      else {
        return yield* usage(
          "stdin is not a terminal: pipe the key in and add --with-token (hogkit auth login --with-token < key.txt)."
        )
      }
      const key = yield* checkKey(raw)

      // A key PostHog rejects outright is not worth storing. Other failures (a scope the check lacks, no
      // network) do not prove the key wrong, so it is stored anyway.
      const hostValue = Option.getOrElse(host, () => DEFAULT_HOST)
      // The key describing itself: any valid key may read it whatever its scopes, so "unverified" means
      // only that PostHog could not be asked (a network failure), never that a scope is missing.
      const verified = yield* withPostHog(({ core }) =>
        Effect.flatMap(core.Account, (account) => account.currentKey()).pipe(
          Effect.as("ok" as const),
          Effect.catch((error) =>
            core.isHogkitError(error) && error.reason._tag === "AuthenticationError"
              ? Effect.fail(error)
              : Effect.succeed("unverified" as const)
          )
        )
      ).pipe(
        Effect.provideService(GlobalFlags.ApiKey, Option.some(Redacted.make(key))),
        Effect.provideService(GlobalFlags.Host, Option.some(hostValue)),
        Effect.provideService(GlobalFlags.Profile, Option.none()),
        Effect.provideService(GlobalFlags.Project, Option.some(Option.getOrElse(project, () => "@current")))
      )

      const file = keyStorePath()
      const existing = yield* loadForWrite(file)
      const profile: StoredProfile = {
        apiKey: Redacted.make(key),
        ...(Option.isSome(host) ? { host: host.value } : {}),
        ...(Option.isSome(project) ? { projectId: project.value } : {}),
        // Remembered with the host it was given for, so later commands on this profile need no flag.
        ...(allowInsecureHttp && hostValue.startsWith("http:") ? { allowInsecureHttp: true } : {})
      }
      const report = yield* store(
        { ...existing, profiles: { ...existing.profiles, [profileName]: profile } },
        file
      )
      yield* say(
        `Logged in to ${hostValue} as profile "${profileName}"; the key is stored in ${file}${protection(report)}` +
          (verified === "unverified"
            ? " hogkit could not check the key just now; run `hogkit auth status` later."
            : "")
      )
    })
).pipe(
  Command.withDescription("Store a personal API key for a profile (prompted, or --with-token from stdin)")
)

interface UserReport {
  readonly email: string | null
  readonly name: string | null
  readonly organization: string | null
}

interface ScopeReport {
  readonly value: ReadonlyArray<string> | undefined
  readonly source: string
}

const statusOf = (
  connection: Connection,
  scopes: ScopeReport,
  host: string,
  projectId: number | "@current" = connection.projectId.value
) => ({
  profile: connection.profile,
  config_file: connection.configFile,
  host: { value: host, source: connection.emulator ? "--emulator" : connection.host.source },
  project: {
    value: projectId,
    source:
      connection.emulator && connection.projectId.source === "default"
        ? "--emulator"
        : connection.projectId.source
  },
  api_key: connection.emulator
    ? { present: true, source: "--emulator (the embedded emulator's key)" }
    : { present: connection.apiKey !== undefined, source: connection.apiKey?.source ?? "none" },
  scopes: { value: scopes.value ?? null, source: scopes.source }
})

const status = Command.make("status", {}, () =>
  Effect.gen(function* () {
    const printer = yield* makePrinter
    const connection = yield* resolve
    if (connection.apiKey === undefined && !connection.emulator) {
      const report = statusOf(connection, { value: undefined, source: "no key" }, connection.host.value)
      print(printer, report)
      return yield* new CliFailure(
        `Not logged in: set ${ENV.personalApiKey} or run \`hogkit auth login\`.`,
        4
      )
    }
    yield* withPostHog(({ core, host, projectId }) =>
      Effect.gen(function* () {
        const account = yield* core.Account
        // Who the key belongs to, and the key describing itself (its scopes): core's typed operations.
        const user = yield* account.currentUser().pipe(
          Effect.map(
            (u): UserReport => ({
              email: u.email ?? null,
              name:
                [u.first_name, u.last_name].filter((n) => typeof n === "string" && n !== "").join(" ") ||
                null,
              organization: u.organization?.name ?? null
            })
          ),
          Effect.catch((error) =>
            core.isHogkitError(error) && error.reason._tag === "AuthenticationError"
              ? Effect.fail(error)
              : Effect.succeed<UserReport | undefined>(undefined)
          )
        )
        const scopes = yield* account.currentKey().pipe(
          Effect.map(
            (key): ScopeReport =>
              key.scopes !== undefined
                ? { value: key.scopes, source: "PostHog (the key in use)" }
                : { value: undefined, source: "not reported by this server" }
          ),
          Effect.catch((error) =>
            core.isHogkitError(error) && error.reason._tag === "AuthenticationError"
              ? Effect.fail(error)
              : Effect.succeed<ScopeReport>({ value: undefined, source: "not reported by this server" })
          )
        )
        print(printer, { ...statusOf(connection, scopes, host, projectId), user: user ?? null })
      })
    )
  })
).pipe(Command.withDescription("Show the host, project, key source and scopes in effect"))

const print = (p: Printer, report: ReturnType<typeof statusOf> & { readonly user?: UserReport | null }) => {
  if (p.isJson) return p.object(report, { columns: [], detail: [] })
  const user = report.user
  const lines: Array<[string, string]> = [
    ...(user
      ? ([
          [
            "user",
            // Names and organizations are text people chose: no control characters reach the terminal.
            sanitize(
              `${user.name ? `${user.name} <${user.email ?? "no email"}>` : (user.email ?? "unknown")}${user.organization ? ` (${user.organization})` : ""}`
            )
          ]
        ] as Array<[string, string]>)
      : []),
    ["host", `${report.host.value} (from ${report.host.source})`],
    ["project", `${report.project.value} (from ${report.project.source})`],
    ["api key", report.api_key.present ? `set (from ${report.api_key.source})` : "none"],
    [
      "scopes",
      report.scopes.value
        ? `${report.scopes.value.join(", ") || "none"}`
        : `unknown (${report.scopes.source})`
    ],
    ["profile", `${report.profile} (${report.config_file})`]
  ]
  if (p.settings.format === "tsv") {
    for (const [k, v] of lines) p.value(`${k}\t${v}`)
  } else {
    const width = Math.max(...lines.map(([k]) => k.length)) + 1
    for (const [k, v] of lines) p.value(`${`${k}:`.padEnd(width)} ${v}`)
  }
}

const logout = Command.make("logout", {}, () =>
  Effect.gen(function* () {
    const profileName = profileNameOf(yield* GlobalFlags.Profile)
    const file = keyStorePath()
    const existing = yield* loadForWrite(file)
    if (!existing.profiles[profileName]) {
      return yield* say(`No key is stored for profile "${profileName}"; nothing to do.`)
    }
    const { [profileName]: _removed, ...rest } = existing.profiles
    yield* store({ ...existing, profiles: rest }, file)
    yield* say(
      `Removed the key of profile "${profileName}" from ${file}.` +
        (readVariable(process.env, ENV.personalApiKey) || readVariable(process.env, ENV.apiKey)
          ? ` A key is still set in the environment (${ENV.personalApiKey} / ${ENV.apiKey}).`
          : "")
    )
  })
).pipe(Command.withDescription("Remove the stored key of a profile"))

export const command = Command.make("auth").pipe(
  Command.withDescription("Log in, check and log out"),
  Command.withSubcommands([login, status, logout])
)
