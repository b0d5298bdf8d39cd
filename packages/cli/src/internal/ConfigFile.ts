/**
 * The stored profiles: `$XDG_CONFIG_HOME/hogkit/config.json` (else `~/.config/hogkit/config.json`), a JSON
 * file holding a personal API key per profile. It is written with mode 0600 in a 0700 directory, and a copy
 * that other users could read is refused rather than used: a key that may have leaked should be rotated,
 * not silently trusted.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { CliFailure } from "./Failure.js"

export interface Profile {
  readonly api_key?: string
  readonly host?: string
  readonly project?: string
}

export interface ConfigFile {
  readonly default_profile?: string
  readonly profiles: Readonly<Record<string, Profile>>
}

export const configDir = (env: NodeJS.ProcessEnv = process.env): string =>
  path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config"), "hogkit")

export const configPath = (env: NodeJS.ProcessEnv = process.env): string =>
  path.join(configDir(env), "config.json")

export const dataDir = (env: NodeJS.ProcessEnv = process.env): string =>
  path.join(env.XDG_DATA_HOME || path.join(os.homedir(), ".local", "share"), "hogkit")

const empty: ConfigFile = { profiles: {} }

/** Read the stored profiles; a missing file is an empty configuration. */
export const readConfig = (
  file: string = configPath(),
  options: { allowOpen?: boolean } = {}
): ConfigFile => {
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return empty
    throw new CliFailure(`Could not read ${file}: ${(error as Error).message}.`, 1)
  }
  // Rewriting the file (login, logout) is how it gets fixed, so only reads that use the key refuse.
  if (process.platform !== "win32" && (stat.mode & 0o077) !== 0 && options.allowOpen !== true) {
    const mode = (stat.mode & 0o777).toString(8).padStart(3, "0")
    throw new CliFailure(
      `Refusing to use ${file}: other users can read it (mode ${mode}) and it holds your API key. ` +
        `Run \`chmod 600 ${file}\`, and rotate the key if others may have read it.`,
      4
    )
  }
  let text: string
  try {
    text = fs.readFileSync(file, "utf8")
  } catch (error) {
    throw new CliFailure(`Could not read ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}.`, 1)
  }
  try {
    const parsed = JSON.parse(text) as unknown
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      const p = parsed as { default_profile?: unknown; profiles?: unknown }
      const profiles =
        p.profiles && typeof p.profiles === "object" ? (p.profiles as Record<string, Profile>) : {}
      return typeof p.default_profile === "string"
        ? { default_profile: p.default_profile, profiles }
        : { profiles }
    }
  } catch {
    // fall through to the message below
  }
  throw new CliFailure(
    `${file} is not valid hogkit configuration JSON. Fix it, or delete it and run \`hogkit auth login\` again.`,
    2
  )
}

/** Write the profiles atomically, readable by the owner only. */
export const writeConfig = (config: ConfigFile, file: string = configPath()): void => {
  const dir = path.dirname(file)
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  const tmp = path.join(dir, `.config.${process.pid}.tmp`)
  // The temp file is created 0600 so the key is never readable by others, not even for a moment.
  const fd = fs.openSync(tmp, "w", 0o600)
  try {
    fs.writeFileSync(fd, JSON.stringify(config, null, 2) + "\n")
    fs.fchmodSync(fd, 0o600)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(tmp, file)
}
