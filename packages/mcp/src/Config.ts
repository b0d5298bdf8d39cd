/**
 * hogkit-mcp's configuration from its flags and environment. Flags win over the environment; clients that
 * can only pass environment variables (most MCP hosts) get every flag as a variable too. Key, host and
 * project are resolved by `@hogkit/core/config` (the same rules, variables and stored profile as the CLI).
 */
import { parseArgs } from "node:util"
import {
  type ConnectionFlags,
  DEFAULT_HOST,
  ENV,
  isConfigProblem,
  type ResolveInput,
  resolveConnection,
  resolveStoredConnection
} from "@hogkit/core/config/node"
import type * as Redacted from "effect/Redacted"
import type { Selection } from "./Selection.js"

export interface McpConfig {
  /** The personal API key for stdio; HTTP clients bring their own. `Redacted`: it never prints. */
  readonly apiKey: Redacted.Redacted<string> | undefined
  /** The resolved origin (`us` becomes the US cloud's URL). */
  readonly host: string
  readonly projectId: number | "@current"
  /** The user allowed plain http to a host that is not this machine. */
  readonly allowInsecureHttp: boolean
  /** The connection flags as given, resolved again with the stored profile by `withStoredProfile`. */
  readonly flags: ConnectionFlags
  readonly selection: Selection
  readonly http: { readonly port: number; readonly bind: string } | undefined
  /** Serve the shared local emulator (the data `hogkit --emulator` shows) instead of PostHog. */
  readonly emulator: boolean
  readonly help: boolean
  readonly version: boolean
}

/** A flag or variable with a wrong value: the message says which and how to fix it. @category errors */
export class ConfigError extends Error {
  readonly _tag = "ConfigError"
}

export const USAGE = `Usage: hogkit-mcp [--toolsets dashboards,templates,comments,sharing,account] [--tools a,b] [--read-only]
                  [--http [--port 8020] [--bind 127.0.0.1]] [--host URL|us|eu] [--project ID] [--api-key KEY]
                  [--profile NAME] [--allow-insecure-http] [--emulator]

Serves PostHog dashboards, dashboard templates, comments and sharing to MCP clients, over stdio by default
or over Streamable HTTP at /mcp with --http (each HTTP client then sends its own key as Authorization: Bearer).
The opt-in toolset ascode (--toolsets ascode, with others or alone) adds project-plan: what as-code files would change.
--emulator serves the shared local emulator instead (no PostHog account needed; the same data as
\`hogkit --emulator\`; started in the background if it is not running).

Plain http:// is refused for hosts other than this machine (the key would travel unencrypted) unless
--allow-insecure-http is given. Without a key in flags or environment, the profile \`hogkit auth login\` stored is used.

Environment: ${ENV.personalApiKey} (or ${ENV.apiKey}), ${ENV.host}, ${ENV.projectId}, ${ENV.profile},
             ${ENV.allowInsecureHttp}=1, HOGKIT_MCP_TOOLSETS, HOGKIT_MCP_TOOLS, HOGKIT_MCP_READ_ONLY=1, HOGKIT_MCP_EMULATOR=1
`

const list = (value: string | undefined): ReadonlyArray<string> | undefined => {
  if (value === undefined) return undefined
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
  return items.length > 0 ? items : undefined
}

const truthy = (value: string | undefined): boolean =>
  value !== undefined && ["1", "true", "yes", "on"].includes(value.trim().toLowerCase())

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === "" ? undefined : value.trim()

/** Reads flags and environment; throws ConfigError with a sentence on bad input. */
export const parseConfig = (
  argv: ReadonlyArray<string>,
  env: Readonly<Record<string, string | undefined>>
): McpConfig => {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        toolsets: { type: "string" },
        tools: { type: "string" },
        "read-only": { type: "boolean" },
        http: { type: "boolean" },
        port: { type: "string" },
        bind: { type: "string" },
        "api-key": { type: "string" },
        host: { type: "string" },
        project: { type: "string" },
        emulator: { type: "boolean" },
        profile: { type: "string" },
        "allow-insecure-http": { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" }
      }
    }).values
  } catch (error) {
    // node's message names the flag; it never echoes a value, so the key cannot leak through it.
    throw new ConfigError(`${(error as Error).message.split("\n")[0]}. Run hogkit-mcp --help for the flags.`)
  }
  const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined)

  let http: McpConfig["http"]
  if (values.http === true) {
    const portRaw = str("port") ?? "8020"
    const port = Number(portRaw)
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new ConfigError(`--port ${portRaw} is not a port: give a number from 0 to 65535.`)
    }
    http = { port, bind: str("bind") ?? "127.0.0.1" }
  } else if (str("port") !== undefined || str("bind") !== undefined) {
    throw new ConfigError("--port and --bind apply to the HTTP transport only: add --http.")
  }

  const emulator = values.emulator === true || truthy(env.HOGKIT_MCP_EMULATOR)
  if (emulator && (str("api-key") !== undefined || str("host") !== undefined))
    throw new ConfigError(
      "--emulator brings its own host and key: drop --host and --api-key, or drop --emulator."
    )

  const flags: ConnectionFlags = {
    apiKey: nonEmpty(str("api-key")),
    host: nonEmpty(str("host")),
    projectId: nonEmpty(str("project")),
    profile: nonEmpty(str("profile")),
    allowInsecureHttp: values["allow-insecure-http"] === true
  }
  const help = values.help === true || values.version === true
  // --help and --version answer whatever the environment holds.
  const connection = help
    ? undefined
    : resolve({ flags, env, needs: { apiKey: http === undefined && !emulator } })
  return {
    apiKey: connection?.apiKey?.value,
    host: connection?.host.value ?? DEFAULT_HOST,
    projectId: connection?.projectId.value ?? "@current",
    allowInsecureHttp: connection?.allowInsecureHttp.value ?? false,
    flags,
    selection: {
      toolsets: list(str("toolsets")) ?? list(env.HOGKIT_MCP_TOOLSETS),
      tools: list(str("tools")) ?? list(env.HOGKIT_MCP_TOOLS),
      readOnly: values["read-only"] === true || truthy(env.HOGKIT_MCP_READ_ONLY)
    },
    http,
    emulator,
    help: values.help === true,
    version: values.version === true
  }
}

/** Core's resolver, its problems as this server's `ConfigError`. */
const resolve = (input: ResolveInput, stored = false) => {
  try {
    return stored ? resolveStoredConnection(input) : resolveConnection(input)
  } catch (error) {
    if (isConfigProblem(error)) throw new ConfigError(error.message)
    throw error
  }
}

/**
 * Fills what flags and environment left open from the profile `hogkit auth login` stored (core's key store,
 * with its safety checks). The file is read only when something is missing, so a broken file never gets in
 * the way of a complete setup. Over HTTP each client brings its own key, so no stored key is used.
 */
export const withStoredProfile = (
  config: McpConfig,
  env: Readonly<Record<string, string | undefined>>
): McpConfig => {
  if (config.emulator) return config
  const overHttp = config.http !== undefined
  const connection = resolve({ flags: config.flags, env, needs: { apiKey: !overHttp } }, true)
  return {
    ...config,
    apiKey: overHttp ? config.apiKey : connection.apiKey?.value,
    host: connection.host.value,
    projectId: connection.projectId.value,
    allowInsecureHttp: connection.allowInsecureHttp.value
  }
}

export const MISSING_KEY = `hogkit-mcp needs a PostHog personal API key: set ${ENV.personalApiKey} (or ${ENV.apiKey}) in the MCP client's env for this server, pass --api-key, or run \`hogkit auth login\` once. Create a key in PostHog under Settings → Personal API keys.`
