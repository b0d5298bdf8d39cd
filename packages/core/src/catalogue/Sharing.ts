/** The sharing operations: one public link per dashboard, optionally behind passwords. */
import {
  SharePasswordCreate,
  SharePasswordCreated,
  SharingConfiguration,
  SharingUpdate
} from "../schema/Sharing.js"
import type { Operation, PathParam } from "./model.js"
import { resources } from "./resources.js"

const configuration = resources.sharing_configuration
const dashboardId: PathParam = {
  name: "dashboard_id",
  kind: "integer",
  label: "dashboard id",
  resource: "dashboard"
}
const passwordId: PathParam = {
  name: "password_id",
  kind: "string",
  label: "password id",
  resource: "share_password"
}
const common = { resource: configuration, root: "project", apiKeyAccess: "allowed", page: "none" } as const
const write = { ...common, requiredScope: "sharing_configuration:write" } as const

export const sharing = {
  get: {
    ...common,
    name: "Sharing.get",
    service: "Sharing",
    verb: "get",
    summary: "read a dashboard's sharing",
    description:
      "Whether a dashboard is shared publicly: `enabled`, the `access_token` of its public link, its settings, whether a password is required and which passwords exist.",
    method: "GET",
    path: "dashboards/{dashboard_id}/sharing/",
    params: [dashboardId],
    requiredScope: "sharing_configuration:read",
    kind: "read",
    idempotent: true,
    response: SharingConfiguration
  },
  update: {
    ...write,
    name: "Sharing.update",
    service: "Sharing",
    verb: "update",
    summary: "change a dashboard's sharing",
    description:
      "Turns the public link on or off (`enabled`), changes its display `settings`, or requires a password (`password_required`). Turning sharing off breaks the link for everyone who has it.",
    method: "PATCH",
    path: "dashboards/{dashboard_id}/sharing/",
    params: [dashboardId],
    kind: "destructive",
    idempotent: true,
    body: SharingUpdate,
    destroys: (input) =>
      input.enabled === false
        ? "turns off the public link: everyone who has it loses access"
        : input.password_required === true
          ? "puts the public link behind a password: people without one lose access"
          : undefined,
    response: SharingConfiguration
  },
  refresh: {
    ...write,
    name: "Sharing.refresh",
    service: "Sharing",
    verb: "refresh",
    summary: "refresh a dashboard's share link",
    description: "Replaces the public link's token: the old link stops working and a new one is issued.",
    method: "POST",
    path: "dashboards/{dashboard_id}/sharing/refresh/",
    params: [dashboardId],
    kind: "destructive",
    idempotent: false,
    destroysAlways: "replaces the public link: the old one stops working",
    response: SharingConfiguration
  },
  createPassword: {
    ...write,
    name: "Sharing.createPassword",
    service: "Sharing",
    verb: "createPassword",
    summary: "add a share password",
    description:
      "Adds a password that unlocks the shared dashboard (PostHog generates one when `raw_password` is empty). The password is shown only in this answer.",
    method: "POST",
    path: "dashboards/{dashboard_id}/sharing/passwords/",
    params: [dashboardId],
    kind: "write",
    idempotent: false,
    body: SharePasswordCreate,
    response: SharePasswordCreated,
    resource: resources.share_password
  },
  deletePassword: {
    ...write,
    name: "Sharing.deletePassword",
    service: "Sharing",
    verb: "deletePassword",
    summary: "remove a share password",
    description:
      "Removes a share password: people using it lose access. There is no undo (add a new password instead).",
    method: "DELETE",
    path: "dashboards/{dashboard_id}/sharing/passwords/{password_id}/",
    params: [dashboardId, passwordId],
    kind: "destructive",
    idempotent: true,
    destroysAlways: "removes the password: people using it lose access",
    resource: resources.share_password
  }
} satisfies Record<string, Operation>
