/**
 * The flags every command accepts, before or after the resource and verb:
 * `hogkit [--host H] [--project P] [--profile NAME] [--emulator] [--format F] [--fields a,b] …`.
 */
import { ENV } from "@hogkit/core/config"
import * as Flag from "effect/cli/Flag"
import * as GlobalFlag from "effect/cli/GlobalFlag"

export const Host = GlobalFlag.Setting("host")({
  flag: Flag.String("host").pipe(
    Flag.withDescription(`PostHog host: us, eu or a URL (env ${ENV.host}; default us)`),
    Flag.optional
  )
})

export const Project = GlobalFlag.Setting("project")({
  flag: Flag.String("project").pipe(
    Flag.withDescription(`Project id, or @current (env ${ENV.projectId})`),
    Flag.optional
  )
})

export const Profile = GlobalFlag.Setting("profile")({
  flag: Flag.String("profile").pipe(
    Flag.withDescription(`Stored profile to use (hogkit auth login; env ${ENV.profile})`),
    Flag.optional
  )
})

export const ApiKey = GlobalFlag.Setting("api-key")({
  flag: Flag.Redacted("api-key").pipe(
    Flag.withDescription(`Personal API key (prefer ${ENV.personalApiKey}: flags show in ps)`),
    Flag.optional
  )
})

export const AllowInsecureHttp = GlobalFlag.Setting("allow-insecure-http")({
  flag: Flag.Boolean("allow-insecure-http").pipe(
    Flag.withDescription(
      `Let the key travel over plain http:// to a host that is not this machine (env ${ENV.allowInsecureHttp}=1)`
    ),
    Flag.withDefault(false)
  )
})

export const Emulator = GlobalFlag.Setting("emulator")({
  flag: Flag.Boolean("emulator").pipe(
    Flag.withDescription(
      "Run against an embedded emulator whose data persists in $XDG_DATA_HOME/hogkit/emulator"
    ),
    Flag.withDefault(false)
  )
})

export const Format = GlobalFlag.Setting("format")({
  flag: Flag.Literals("format", ["table", "tsv", "json", "jsonl"]).pipe(
    Flag.withDescription("Output format (default: table on a terminal, tab-separated rows when piped)"),
    Flag.optional
  )
})

export const Fields = GlobalFlag.Setting("fields")({
  flag: Flag.String("fields").pipe(
    Flag.withDescription("Comma-separated columns or JSON keys to show (dot paths reach nested keys)"),
    Flag.optional
  )
})

export const Jq = GlobalFlag.Setting("jq")({
  flag: Flag.String("jq").pipe(
    Flag.withDescription("Filter JSON output with a jq expression (e.g. --jq '.[].name'); implies JSON"),
    Flag.optional
  )
})

export const Template = GlobalFlag.Setting("template")({
  flag: Flag.String("template").pipe(
    Flag.withDescription(
      "Print each object (each item of a list) through a mustache template: {{name}} a field, " +
        "{{created_by.email}} a nested one, {{#tags}}{{.}} {{/tags}} once per item, {{^pinned}}…{{/pinned}} " +
        "when false or empty; \\t and \\n are a tab and a newline; nothing is HTML-escaped"
    ),
    Flag.optional
  )
})

export const Debug = GlobalFlag.Setting("debug")({
  flag: Flag.Boolean("debug").pipe(
    Flag.withDescription("Print each HTTP request and response status to stderr (the key is redacted)"),
    Flag.withDefault(false)
  )
})

export const all = [
  Host,
  Project,
  Profile,
  ApiKey,
  AllowInsecureHttp,
  Emulator,
  Format,
  Fields,
  Jq,
  Template,
  Debug
] as const

/** What a handler needs in context to read the global flags. */
export type Services = GlobalFlag.Setting.Identifier<
  | "host"
  | "project"
  | "profile"
  | "api-key"
  | "allow-insecure-http"
  | "emulator"
  | "format"
  | "fields"
  | "jq"
  | "template"
  | "debug"
>
