/** The sharing toolset: a dashboard's public link and the passwords in front of it. */
import * as Effect from "effect/Effect"
import * as z from "zod"
import { shapeOne } from "../internal/shape.js"
import { bodyArgs, dashboardIdArg } from "./args.js"
import { define, op } from "./define.js"
import { done, split } from "./helpers.js"
import { LINK, sharingResult } from "./results.js"

const dashboard_id = dashboardIdArg("Dashboard id (from dashboards-get-all).")

export const sharingTools = [
  define({
    operation: "Sharing.get",
    toolset: "sharing",
    title: "Get dashboard sharing",
    hint: "`_shareUrl` is the public link while enabled.",
    inputSchema: z.strictObject({ dashboard_id }),
    subject: (args) => `dashboard ${args.dashboard_id}`,
    listTool: "dashboards-get-all",
    run: (args, core) =>
      core.Sharing.use((s) => s.get(args.dashboard_id)).pipe(
        Effect.flatMap(sharingResult(core, args.dashboard_id))
      )
  }),
  define({
    operation: "Sharing.update",
    toolset: "sharing",
    title: "Update dashboard sharing",
    inputSchema: z.strictObject({
      dashboard_id,
      ...bodyArgs(op("Sharing.update"), {
        enabled: "true: public link on; false: off (it stops working).",
        settings:
          'Display options, e.g. {"whitelabel": true, "noHeader": true, "legend": true, "theme": "dark"}.',
        password_required: "true: the link asks for a password (dashboard-sharing-password-create)."
      })
    }),
    subject: (args) => `dashboard ${args.dashboard_id}`,
    listTool: "dashboards-get-all",
    run: (args, core) =>
      core.Sharing.use((s) => s.update(args.dashboard_id, split(args, "dashboard_id"))).pipe(
        Effect.flatMap(sharingResult(core, args.dashboard_id))
      )
  }),
  define({
    operation: "Sharing.refresh",
    toolset: "sharing",
    title: "Refresh dashboard share link",
    inputSchema: z.strictObject({ dashboard_id }),
    subject: (args) => `dashboard ${args.dashboard_id}`,
    listTool: "dashboards-get-all",
    run: (args, core) =>
      core.Sharing.use((s) => s.refresh(args.dashboard_id)).pipe(
        Effect.flatMap(sharingResult(core, args.dashboard_id))
      )
  }),
  define({
    operation: "Sharing.createPassword",
    toolset: "sharing",
    title: "Create share password",
    hint: "Used once password_required is true. Give the password to the user.",
    inputSchema: z.strictObject({
      dashboard_id,
      ...bodyArgs(op("Sharing.createPassword"), {
        raw_password: "The password (8+ characters); omit to generate one.",
        note: 'What it is for, e.g. "for Bob".'
      })
    }),
    subject: (args) => `dashboard ${args.dashboard_id}`,
    listTool: "dashboards-get-all",
    run: (args, core) =>
      core.Sharing.use((s) => s.createPassword(args.dashboard_id, split(args, "dashboard_id"))).pipe(
        Effect.flatMap((created) =>
          core.PostHogClient.use((client) => {
            const page = core.Catalogue.uiUrl(
              "sharing_configuration",
              { dashboard_id: args.dashboard_id },
              { host: client.baseUrl, projectId: client.projectId }
            )
            return Effect.succeed(shapeOne(page ? { ...created, [LINK]: page } : created, undefined))
          })
        )
      )
  }),
  define({
    operation: "Sharing.deletePassword",
    toolset: "sharing",
    title: "Delete share password",
    inputSchema: z.strictObject({
      dashboard_id,
      password_id: z
        .union([z.string().min(1), z.number().int()], { error: "password_id is the id of a share password." })
        .transform(String)
        .describe("Password id (from dashboard-sharing-get).")
    }),
    subject: (args) => `password ${args.password_id} of dashboard ${args.dashboard_id}`,
    listTool: "dashboard-sharing-get",
    run: (args, core) =>
      core.Sharing.use((s) => s.deletePassword(args.dashboard_id, args.password_id)).pipe(
        Effect.as(done(`Password ${args.password_id} no longer unlocks dashboard ${args.dashboard_id}.`))
      )
  })
]
