/**
 * `hogkit auth login [--with-token] [--skip-verify] | status | list | switch NAME | logout`: keys stored per
 * named profile in core's key store (mode 0600 in a 0700 directory, written through an exclusive temporary
 * file, profiles added, switched and removed by core's `@hogkit/core/config`). `status` says which host,
 * project, key and scopes are in effect and where each came from; `list` shows every profile and marks the
 * one in effect. Nothing here ever prints a key, not even a prefix.
 */

import {
  activeProfile,
  checkProfileName,
  ENV,
  keyStorePath,
  profileSummaries,
  putProfile,
  readProfiles,
  readVariable,
  removeProfile,
  resolveConnection,
  type StoredProfile,
  type StoredProfiles,
  switchProfile,
  type WriteReport,
  writeProfiles
} from "@hogkit/core/config/node"
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import {
  type Connection,
  normalizeHost,
  normalizeProject,
  resolve,
  toFailure
} from "../internal/Connection.js"
import { explain } from "../internal/Explain.js"
import { CliFailure, usage } from "../internal/Failure.js"
import * as GlobalFlags from "../internal/GlobalFlags.js"
import { type Printer, sanitize, type View } from "../internal/Output.js"
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

/** The profile a command acts on: --profile, else HOGKIT_PROFILE, else the file's default (auth switch). */
const profileChoice = (flag: Option.Option<string>, stored: StoredProfiles) =>
  activeProfile(stored, {
    flag: Option.getOrUndefined(flag),
    environment: readVariable(process.env, ENV.profile)
  })

const checkedName = (name: string, source: string) => attempt(() => checkProfileName(name, source))

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
    ),
    skipVerify: Flag.Boolean("skip-verify").pipe(
      Flag.withDescription("Store the key without asking PostHog whether it is valid (e.g. offline)"),
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
      const file = keyStorePath()
      const existing = yield* loadForWrite(file)
      const chosen = profileChoice(yield* GlobalFlags.Profile, existing)
      const profileName = yield* checkedName(
        chosen.name,
        chosen.chosenBy === "flag" ? "--profile" : ENV.profile
      )
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

      // The host the key will be used with, by core's precedence (--host, then the environment, then the
      // default); stored profiles don't count: this login is what sets the profile's host.
      const hostValue = yield* attempt(
        () =>
          resolveConnection({
            flags: { host: Option.getOrUndefined(host), allowInsecureHttp },
            needs: { apiKey: false }
          }).host.value
      )
      // The key describing itself: any valid key may read it whatever its scopes. A key that could not be
      // checked (PostHog unreachable, a server error) is not stored unless --skip-verify says so.
      if (!input.skipVerify) {
        const check = yield* withPostHog(({ core }) =>
          Effect.flatMap(core.Account, (account) => account.currentKey()).pipe(
            Effect.as(undefined),
            Effect.catch((error) =>
              core.isHogkitError(error) && error.reason._tag === "AuthenticationError"
                ? Effect.fail(error)
                : Effect.succeed(error)
            )
          )
        ).pipe(
          Effect.provideService(GlobalFlags.ApiKey, Option.some(Redacted.make(key))),
          Effect.provideService(GlobalFlags.Host, Option.some(hostValue)),
          Effect.provideService(GlobalFlags.Profile, Option.none()),
          Effect.provideService(GlobalFlags.Project, Option.some(Option.getOrElse(project, () => "@current")))
        )
        if (check !== undefined) {
          const why = yield* Effect.promise(() => explain(check))
          return yield* new CliFailure(
            `Could not check the key with ${hostValue}, so nothing was stored. ${why.text} ` +
              "To store it anyway, add --skip-verify.",
            1
          )
        }
      }

      const profile: StoredProfile = {
        apiKey: Redacted.make(key),
        ...(Option.isSome(host) ? { host: host.value } : {}),
        ...(Option.isSome(project) ? { projectId: project.value } : {}),
        // Remembered with the host it was given for, so later commands on this profile need no flag.
        ...(allowInsecureHttp && hostValue.startsWith("http:") ? { allowInsecureHttp: true } : {})
      }
      const report = yield* store(putProfile(existing, profileName, profile), file)
      const inEffect = profileChoice(Option.none(), existing).name
      yield* say(
        `Logged in to ${hostValue} as profile "${profileName}"; the key is stored in ${file}${protection(report)}` +
          (input.skipVerify ? " It was stored without checking: `hogkit auth status` checks it." : "") +
          (profileName !== inEffect
            ? ` Commands use profile "${inEffect}" unless --profile ${profileName} is given; \`hogkit auth switch ${profileName}\` makes it the default.`
            : "")
      )
    })
).pipe(
  Command.withDescription(
    "Store a personal API key for a profile (prompted, or --with-token from stdin). The key is checked with PostHog first and stored only if it works; --skip-verify stores it unchecked."
  ),
  Command.withExamples([
    { command: "hogkit auth login", description: "Paste the key when asked" },
    { command: "hogkit auth login --with-token < key.txt", description: "From a file or a pipe" },
    {
      command: "hogkit auth login --profile work --host eu --project 12345 --with-token < key.txt",
      description: "A second profile for another host and project"
    }
  ])
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
).pipe(
  Command.withDescription("Show who you are: the user, host, project, key source and scopes in effect"),
  Command.withExamples([
    { command: "hogkit auth status", description: "Who and where" },
    { command: "hogkit auth status --profile work --format json", description: "Another profile, as JSON" }
  ])
)

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
    const file = keyStorePath()
    const existing = yield* loadForWrite(file)
    const profileName = profileChoice(yield* GlobalFlags.Profile, existing).name
    const { profiles, removed, wasDefault } = removeProfile(existing, profileName)
    if (removed === undefined) {
      return yield* say(`There is no profile "${profileName}" in ${file}; nothing was removed.`)
    }
    yield* store(profiles, file)
    const what = [
      removed.apiKey !== undefined ? "its API key" : undefined,
      removed.host !== undefined ? `host ${removed.host}` : undefined,
      removed.projectId !== undefined ? `project ${removed.projectId}` : undefined
    ].filter((w) => w !== undefined)
    yield* say(
      `Removed profile "${profileName}"${what.length > 0 ? ` (${what.join(", ")})` : ""} from ${file}.` +
        (wasDefault
          ? ' It was the default profile; commands now use profile "default" unless --profile names another.'
          : "") +
        (readVariable(process.env, ENV.personalApiKey) || readVariable(process.env, ENV.apiKey)
          ? ` A key is still set in the environment (${ENV.personalApiKey} / ${ENV.apiKey}).`
          : "")
    )
  })
).pipe(
  Command.withDescription("Remove a stored profile: its key, host and project (--profile picks which)"),
  Command.withExamples([
    { command: "hogkit auth logout", description: "The profile in effect" },
    { command: "hogkit auth logout --profile work", description: "Another one" }
  ])
)

const listView: View = {
  columns: [
    { key: "active", kind: "bool" },
    { key: "name" },
    { key: "host" },
    { key: "project" },
    { key: "key" }
  ],
  detail: []
}

const list = Command.make("list", {}, () =>
  Effect.gen(function* () {
    const printer = yield* makePrinter
    const file = keyStorePath()
    const stored = yield* attempt(() => readProfiles(file))
    const active = profileChoice(yield* GlobalFlags.Profile, stored)
    const rows = profileSummaries(stored, active.name).map((p) => ({
      name: p.name,
      active: p.active,
      host: p.host ?? null,
      project: p.projectId ?? null,
      key: p.hasKey ? "stored" : "none"
    }))
    if (rows.length === 0) {
      printer.note(`No profiles are stored in ${file}: \`hogkit auth login\` adds one.`)
      if (printer.isJson) printer.json([])
      return
    }
    yield* printer.list(Stream.fromIterable(rows), listView)
    if (!rows.some((r) => r.active)) {
      printer.note(
        `Profile "${active.name}" (in effect) is not stored: \`hogkit auth login --profile ${active.name}\` adds it.`
      )
    }
  })
).pipe(
  Command.withAlias("ls"),
  Command.withDescription(
    "List the stored profiles and mark the one in effect (--profile, else HOGKIT_PROFILE, else the default set by `hogkit auth switch`). Keys are never shown, only whether one is stored."
  ),
  Command.withExamples([
    { command: "hogkit auth list", description: "Every profile" },
    { command: "hogkit auth list --format json", description: "For scripts" }
  ])
)

const switchCommand = Command.make(
  "switch",
  { name: Argument.String("NAME").pipe(Argument.withDescription("The stored profile to use from now on")) },
  (input) =>
    Effect.gen(function* () {
      const name = yield* checkedName(input.name, "NAME")
      const file = keyStorePath()
      const existing = yield* loadForWrite(file)
      yield* store(yield* attempt(() => switchProfile(existing, name, file)), file)
      const fromEnv = readVariable(process.env, ENV.profile)
      yield* say(
        `Switched to profile "${name}": commands without --profile now use it.` +
          (fromEnv !== undefined && fromEnv !== name
            ? ` ${ENV.profile}=${fromEnv} is set in this shell and still wins over it.`
            : "")
      )
    })
).pipe(
  Command.withDescription("Make a stored profile the default for commands without --profile"),
  Command.withExamples([{ command: "hogkit auth switch work", description: "Use profile work from now on" }])
)

export const command = Command.make("auth").pipe(
  Command.withDescription("Log in, check who you are, switch between profiles and log out"),
  Command.withSubcommands([login, status, list, switchCommand, logout])
)
