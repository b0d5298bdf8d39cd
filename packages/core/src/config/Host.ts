/**
 * Where PostHog is: the `us` and `eu` shorthands for the two clouds, a self-hosted URL, or the emulator.
 * Also the two checks that keep the key from going where it should not before anything is sent: the key
 * crosses the network only over https (plain http only to this machine, or when explicitly allowed), and a
 * host that looks like an API key (a key pasted into the host variable) is refused without being looked up
 * in DNS or echoed.
 *
 * @since 0.2.0
 */
import { ENV } from "./Environment.js"
import { ConfigProblem } from "./Problem.js"

/** The PostHog clouds by shorthand. @category constants */
export const CLOUD_HOSTS = {
  us: "https://us.posthog.com",
  eu: "https://eu.posthog.com"
} as const

/** The host used when none is given. @category constants */
export const DEFAULT_HOST: string = CLOUD_HOSTS.us

/** The US cloud's older name, still served. */
const LEGACY_US_HOST = "https://app.posthog.com"

/** `us`, `eu` or a URL, as accepted by every hogkit adapter. @category models */
export type HostInput = "us" | "eu" | (string & {})

/** Options of {@link resolveHost}. @category models */
export interface ResolveHostOptions {
  /** Where the value came from, for messages: `--host`, `POSTHOG_HOST`, `profile "work" in …`. */
  readonly source?: string | undefined
  /** Let the key travel over plain `http://` to a host that is not this machine. */
  readonly allowInsecureHttp?: boolean | undefined
  /** How the user allows plain http in this adapter, for the message (default: the option and the variable). */
  readonly insecureHint?: string | undefined
  /** The API key in use: a host that contains it is refused without being echoed. */
  readonly apiKey?: string | undefined
}

/** Whether a hostname (as `URL.hostname` gives it) is this machine. @category guards */
export const isLoopbackHostname = (hostname: string): boolean => {
  const h = hostname.toLowerCase().replace(/\.$/, "")
  return (
    h === "localhost" ||
    h.endsWith(".localhost") ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) ||
    h === "[::1]" ||
    /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(h)
  )
}

/**
 * Whether a value looks like a PostHog key or token (`phx_…`, `phc_…`, `phs_…`) rather than a host. Checked
 * anywhere in the value, so a key pasted after `https://` or into a path is caught too.
 *
 * @category guards
 */
export const looksLikeApiKey = (value: string): boolean =>
  /(^|[^a-z0-9])ph[a-z]_[A-Za-z0-9_-]{8,}/i.test(value)

/** Whether the host is PostHog's US cloud (where a key made on the EU cloud is rejected). @category guards */
export const isUsCloud = (host: string | undefined): boolean => {
  if (host === undefined) return false
  const h = host.replace(/\/+$/, "").toLowerCase()
  return h === CLOUD_HOSTS.us || h === LEGACY_US_HOST
}

/** `us` or `eu` for a PostHog cloud host, else undefined (self-hosted, emulator). @category getters */
export const cloudOf = (host: string): "us" | "eu" | undefined => {
  const h = host.replace(/\/+$/, "").toLowerCase()
  if (h === CLOUD_HOSTS.us || h === LEGACY_US_HOST) return "us"
  if (h === CLOUD_HOSTS.eu) return "eu"
  return undefined
}

const defaultInsecureHint = `allowInsecureHttp: true (or ${ENV.allowInsecureHttp}=1)`

/**
 * `us`/`eu`, a bare host name (https is assumed) or an http(s) URL → an origin plus base path, without a
 * trailing slash. Throws a `ConfigProblem` when the value is not a host, looks like a key, or would send
 * the key over plain http to another machine.
 *
 * @example
 * ```ts
 * resolveHost("eu") // "https://eu.posthog.com"
 * resolveHost("posthog.example.com/") // "https://posthog.example.com"
 * resolveHost("http://127.0.0.1:8010") // allowed: loopback
 * ```
 *
 * @category parsing
 */
export const resolveHost = (raw: string | undefined, options: ResolveHostOptions = {}): string => {
  const source = options.source ?? "host"
  const trimmed = (raw ?? "us").trim()
  const known = CLOUD_HOSTS[trimmed.toLowerCase() as keyof typeof CLOUD_HOSTS]
  if (known) return known
  // Before any parsing or DNS, and without echoing the value: it may be the key itself.
  const keyText = options.apiKey?.trim()
  if (
    looksLikeApiKey(trimmed) ||
    (keyText !== undefined && keyText.length >= 8 && trimmed.includes(keyText))
  ) {
    throw new ConfigProblem(
      "insecure",
      `The host (from ${source}) looks like an API key, not a host, so hogkit sent nothing. ` +
        `Set the host to us, eu or your PostHog's URL, and put the key in ${ENV.personalApiKey}; ` +
        "rotate the key if the value was shared or logged."
    )
  }
  let url: URL | undefined
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`)
  } catch {
    url = undefined
  }
  if (
    url === undefined ||
    (url.protocol !== "http:" && url.protocol !== "https:") ||
    url.hostname === "" ||
    /\s/.test(trimmed)
  ) {
    throw new ConfigProblem(
      "invalid",
      `The host "${trimmed}" (from ${source}) is not valid: use us, eu, or a URL such as https://posthog.example.com.`
    )
  }
  const origin = `${url.origin}${url.pathname.replace(/\/+$/, "")}`
  if (url.protocol === "http:" && !isLoopbackHostname(url.hostname) && options.allowInsecureHttp !== true) {
    throw new ConfigProblem(
      "insecure",
      `The host ${origin} (from ${source}) uses plain http://, so the API key would cross the network unencrypted; hogkit sent nothing. ` +
        `Use https://, or if the network is trusted, allow it with ${options.insecureHint ?? defaultInsecureHint}.`
    )
  }
  return origin
}
