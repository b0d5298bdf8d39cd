/**
 * `hogkit sharing get|enable|disable|refresh|password add|password remove` for a dashboard's public link.
 */

import { Catalogue, type Schema } from "@hogkit/core"
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Flag from "effect/cli/Flag"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { confirm, yes } from "../internal/Confirm.js"
import { usage } from "../internal/Failure.js"
import { dashboardId, printable, singleLine } from "../internal/Input.js"
import { commandLine, helpText } from "../internal/Operations.js"
import type { Printer, View } from "../internal/Output.js"
import { printerFor, withPostHog } from "../internal/Run.js"
import { open, uiUrl, web } from "../internal/Web.js"

export const view: View = {
  source: "Sharing.get",
  columns: [
    { key: "enabled", kind: "bool" },
    { key: "link" },
    { key: "password_required", header: "password", kind: "bool" },
    { key: "created_at", kind: "time" }
  ],
  detail: [
    { key: "enabled", kind: "bool" },
    { key: "link" },
    { key: "password_required", header: "password required", kind: "bool" },
    { key: "passwords", header: "passwords" },
    { key: "settings", kind: "json" },
    { key: "created_at", kind: "time" }
  ]
}

const dashboardArgument = Argument.String("DASHBOARD_ID").pipe(
  Argument.withDescription("Dashboard id (a number)")
)

/** The public address PostHog serves a shared dashboard at (core's catalogue builds it), or "". */
export const publicLink = (host: string, config: Schema.SharingConfiguration) =>
  Catalogue.shareUrl(config, host) ?? ""

/** JSON stays PostHog's object; the human views add the link and a password count. */
const show = (printer: Printer, host: string, config: Schema.SharingConfiguration) =>
  printer.isJson
    ? printer.object(config, view)
    : printer.object(
        {
          ...config,
          link: config.enabled ? publicLink(host, config) : "",
          passwords: (config.share_passwords ?? []).length
        },
        view
      )

const get = Command.make("get", { dashboard: dashboardArgument, web }, (input) =>
  Effect.gen(function* () {
    const id = yield* dashboardId(input.dashboard)
    const printer = yield* printerFor(view)
    yield* withPostHog((connected) =>
      Effect.gen(function* () {
        const config = yield* (yield* connected.core.Sharing).get(id)
        if (input.web) {
          // The sharing settings live on the dashboard's page, which the configuration does not name.
          const url = uiUrl("sharing_configuration", { ...config, dashboard_id: id }, connected)
          return yield* open(url, `the sharing of dashboard ${id}`, printer)
        }
        show(printer, connected.host, config)
      })
    )
  })
).pipe(
  Command.withShortDescription("Show a dashboard's sharing settings"),
  Command.withDescription(helpText("Sharing.get"))
)

/** enable and refresh print the link itself, so `url=$(hogkit sharing enable 12)` works. */
const linkCommand = (name: "enable" | "refresh", description: string) =>
  Command.make(
    name,
    { dashboard: dashboardArgument, yes: name === "refresh" ? yes : Flag.withHidden(yes) },
    (input) =>
      Effect.gen(function* () {
        const id = yield* dashboardId(input.dashboard)
        if (name === "refresh")
          yield* confirm("Sharing.refresh", {
            yes: input.yes,
            command: "sharing refresh",
            target: `dashboard ${id}`
          })
        const printer = yield* printerFor(view)
        yield* withPostHog(({ core, host }) =>
          Effect.gen(function* () {
            const sharing = yield* core.Sharing
            const config =
              name === "enable" ? yield* sharing.update(id, { enabled: true }) : yield* sharing.refresh(id)
            if (printer.isJson) return printer.object(config, view)
            printer.value(publicLink(host, config))
            printer.note(
              name === "enable"
                ? `Dashboard ${id} is public at this link. Turn it off with \`${commandLine("sharing disable", id)}\`.`
                : `Dashboard ${id} has a new link; the old one stops working within 5 minutes.`
            )
          })
        )
      })
  ).pipe(
    Command.withShortDescription(description),
    Command.withDescription(
      name === "refresh"
        ? helpText("Sharing.refresh", "Prints the new link. Asks first; --yes skips the question.")
        : `${description}. ${helpText("Sharing.update")}`
    )
  )

const disable = Command.make("disable", { dashboard: dashboardArgument, yes }, (input) =>
  Effect.gen(function* () {
    const id = yield* dashboardId(input.dashboard)
    yield* confirm("Sharing.update", {
      yes: input.yes,
      command: "sharing disable",
      target: `dashboard ${id}`,
      input: { enabled: false }
    })
    const printer = yield* printerFor(view)
    yield* withPostHog(({ core, host }) =>
      Effect.flatMap(core.Sharing, (s) => s.update(id, { enabled: false })).pipe(
        Effect.tap((c) =>
          Effect.sync(() => {
            show(printer, host, c)
            printer.note(`Dashboard ${id} is no longer shared.`)
          })
        )
      )
    )
  })
).pipe(
  Command.withShortDescription("Stop sharing a dashboard"),
  Command.withDescription(
    `Stop sharing a dashboard. ${helpText("Sharing.update", "Asks first; --yes skips the question.")}`
  )
)

const passwordAdd = Command.make(
  "add",
  {
    dashboard: dashboardArgument,
    note: Flag.String("note").pipe(
      Flag.withDescription("A note to recognise the password by"),
      Flag.optional
    ),
    yes
  },
  (input) =>
    Effect.gen(function* () {
      const id = yield* dashboardId(input.dashboard)
      const body: Schema.SharePasswordCreate = {}
      if (Option.isSome(input.note)) body.note = yield* singleLine("--note", input.note.value)
      const printer = yield* printerFor(view)
      yield* withPostHog(({ core }) =>
        Effect.gen(function* () {
          const sharing = yield* core.Sharing
          // PostHog only creates passwords once password protection is on; `password add` turns it on.
          const config = yield* sharing.get(id)
          if (config.password_required !== true) {
            yield* confirm("Sharing.update", {
              yes: input.yes,
              command: "sharing password add",
              target: `dashboard ${id}`,
              input: { password_required: true }
            })
            yield* sharing.update(id, { password_required: true })
            printer.note(`Password protection is now on for dashboard ${id}.`)
          }
          const created = yield* sharing.createPassword(id, body)
          if (printer.isJson) return printer.object(created, view)
          printer.value(created.password)
          printer.note(`Password ${created.id} added. Save it now: PostHog will not show it again.`)
        })
      )
    })
).pipe(
  Command.withShortDescription("Add a generated password to a shared dashboard and print it (once)"),
  Command.withDescription(
    helpText(
      "Sharing.createPassword",
      "The first password turns password protection on, which asks first (--yes skips the question)."
    )
  )
)

const passwordRemove = Command.make(
  "remove",
  {
    dashboard: dashboardArgument,
    password: Argument.String("PASSWORD_ID").pipe(
      Argument.withDescription(`Password id (see \`${commandLine("sharing get")} --format json\`)`)
    ),
    yes
  },
  (input) =>
    Effect.gen(function* () {
      const id = yield* dashboardId(input.dashboard)
      const passwordId = input.password.trim()
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(passwordId)) {
        return yield* usage(
          `"${printable(input.password)}" is not a valid password id (see \`${commandLine("sharing get", id)} --format json\`).`
        )
      }
      yield* confirm("Sharing.deletePassword", {
        yes: input.yes,
        command: "sharing password remove",
        target: `password ${passwordId} of dashboard ${id}`
      })
      const printer = yield* printerFor(view)
      yield* withPostHog(({ core }) =>
        Effect.flatMap(core.Sharing, (s) => s.deletePassword(id, passwordId)).pipe(
          Effect.map(() => printer.note(`Password ${passwordId} no longer opens dashboard ${id}.`))
        )
      )
    })
).pipe(
  Command.withShortDescription("Remove a password from a shared dashboard"),
  Command.withDescription(helpText("Sharing.deletePassword", "Asks first; --yes skips the question."))
)

const password = Command.make("password").pipe(
  Command.withDescription("Passwords for shared dashboards"),
  Command.withSubcommands([passwordAdd, passwordRemove])
)

export const command = Command.make("sharing").pipe(
  Command.withDescription("Public links for dashboards"),
  Command.withSubcommands([
    get,
    linkCommand("enable", "Share a dashboard publicly and print its link"),
    disable,
    linkCommand("refresh", "Replace a dashboard's public link with a new one and print it"),
    password
  ])
)
