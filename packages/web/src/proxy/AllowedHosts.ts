/**
 * Which names the proxy answers to, and which web origins it trusts.
 *
 * The proxy's own origin comes from the request's `Host` header, and a DNS-rebinding page controls that
 * header: a name the attacker owns that resolves to this server makes `Host` and `Origin` agree, so the
 * page passes a same-origin check and uses the server's key. Checking `Host` against a list of names the
 * server really answers to (Vite's `server.allowedHosts`, Django's `ALLOWED_HOSTS`) closes that door.
 */

/** The names a development server on this machine is reached by; the default of `allowedHosts`. */
export const LOOPBACK_HOSTS: ReadonlyArray<string> = ["localhost", "127.0.0.1", "[::1]"]

// host = reg-name of letters, digits, '-', '_' and '.', or an IPv6 literal in brackets; then an optional port.
// Anything else ('/', '?', '#', '@', spaces, percent-escapes, userinfo) could change the URL built from it.
const HOST_HEADER =
  /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,251}[A-Za-z0-9_])?|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$/

/** A `Host` header taken apart, or `undefined` when it is not a plain `name[:port]`. */
export interface HostHeader {
  /** Lower-cased name; IPv6 literals keep their brackets. */
  readonly hostname: string
  readonly port: string | undefined
}

export const parseHostHeader = (value: string | null | undefined): HostHeader | undefined => {
  if (value === null || value === undefined || !HOST_HEADER.test(value)) return undefined
  const at = value.startsWith("[") ? value.indexOf("]") + 1 : value.indexOf(":")
  if (at <= 0 || at >= value.length) return { hostname: value.toLowerCase(), port: undefined }
  const port = value.slice(at + 1)
  if (Number(port) > 65535) return undefined
  return { hostname: value.slice(0, at).toLowerCase(), port }
}

/**
 * Matches a host against `allowedHosts` entries: `"app.example.com"` (any port), `"app.example.com:8443"`
 * (that port only), or `".example.com"` (the name and every subdomain).
 */
export const makeHostCheck = (entries: ReadonlyArray<string>): ((host: HostHeader) => boolean) => {
  const names = new Set<string>()
  const withPort = new Set<string>()
  const suffixes: Array<string> = []
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase()
    if (entry.startsWith(".") && entry.length > 1) {
      suffixes.push(entry)
      continue
    }
    const parsed = parseHostHeader(entry)
    if (parsed === undefined) {
      throw new Error(
        `createProxyHandler: allowedHosts entry "${raw}" is not a host name; write "app.example.com", "app.example.com:8443" or ".example.com".`
      )
    }
    if (parsed.port === undefined) names.add(parsed.hostname)
    else withPort.add(`${parsed.hostname}:${parsed.port}`)
  }
  return (host) =>
    names.has(host.hostname) ||
    (host.port !== undefined && withPort.has(`${host.hostname}:${host.port}`)) ||
    suffixes.some((s) => host.hostname === s.slice(1) || host.hostname.endsWith(s))
}

/**
 * An origin as scheme + host + port (`https://app.example.com:8443`, default ports dropped, lower case),
 * or `undefined` for `null`, opaque or non-web origins (`chrome-extension://…`, `file://`), which no list
 * can vouch for.
 */
export const normalizeOrigin = (value: string | null | undefined): string | undefined => {
  if (value === null || value === undefined) return undefined
  try {
    const url = new URL(value)
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined
    if (url.username !== "" || url.password !== "") return undefined
    return url.origin
  } catch {
    return undefined
  }
}
