/** Who is calling: the key's owner and the key itself, outside any project. */
import { CurrentUser, PersonalApiKey } from "../schema/Account.js"
import type { Operation } from "./model.js"
import { resources } from "./resources.js"

export const currentUser = {
  name: "Account.currentUser",
  service: "Account",
  verb: "currentUser",
  summary: "read the current user",
  description: "The person the API key belongs to: name, email, organization and current project.",
  resource: resources.user,
  method: "GET",
  path: "users/@me/",
  root: "api",
  params: [],
  requiredScope: "user:read",
  apiKeyAccess: "allowed",
  kind: "read",
  idempotent: true,
  page: "none",
  response: CurrentUser
} satisfies Operation

export const currentKey = {
  name: "Account.currentKey",
  service: "Account",
  verb: "currentKey",
  summary: "read the current API key",
  description:
    "The personal API key in use: its label, scopes, and the projects and organizations it is limited to.",
  resource: resources.personal_api_key,
  method: "GET",
  path: "personal_api_keys/@current/",
  root: "api",
  params: [],
  requiredScope: undefined,
  apiKeyAccess: "allowed",
  kind: "read",
  idempotent: true,
  page: "none",
  response: PersonalApiKey
} satisfies Operation
