/**
 * The profile `hogkit auth login` stores in `$XDG_CONFIG_HOME/hogkit/config.json` (else
 * `~/.config/hogkit/config.json`): the last place a key, host or project is looked for, after flags and
 * the environment. A file other users can read is refused, as the CLI refuses it: its key may have leaked.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

export interface StoredProfile {
  readonly apiKey?: string | undefined
  readonly host?: string | undefined
  readonly project?: string | undefined
}

/** A stored configuration that cannot be used; the message says how to fix it. */
export class ProfileError extends Error {
  readonly _tag = "ProfileError"
}

export const configPath = (env: Readonly<Record<string, string | undefined>>): string =>
  path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config"), "hogkit", "config.json")

const str = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() !== "" ? v.trim() : undefined

/** The profile named by HOGKIT_PROFILE, else the file's default, else "default"; empty when there is no file. */
export const readStoredProfile = (env: Readonly<Record<string, string | undefined>>): StoredProfile => {
  const file = configPath(env)
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch {
    return {}
  }
  if (process.platform !== "win32" && (stat.mode & 0o077) !== 0) {
    throw new ProfileError(
      `refusing to use ${file}: other users can read it and it holds an API key. Run \`chmod 600 ${file}\` (and rotate the key if others may have read it), or set POSTHOG_PERSONAL_API_KEY instead.`
    )
  }
  let parsed: { default_profile?: unknown; profiles?: Record<string, Record<string, unknown>> }
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"))
  } catch {
    throw new ProfileError(
      `${file} is not valid hogkit configuration JSON: fix it, or run \`hogkit auth login\` again.`
    )
  }
  const name = str(env.HOGKIT_PROFILE) ?? str(parsed.default_profile) ?? "default"
  const profile = parsed.profiles?.[name] ?? {}
  return { apiKey: str(profile.api_key), host: str(profile.host), project: str(profile.project) }
}
