/**
 * Loads the command tree (dist/hogkit-main.js, ~1 MB) through V8's code cache. Every command but
 * `--version` and `--help` needs that bundle, and compiling it was most of a command's start-up: Node 20
 * has no `module.enableCompileCache()`, and `import()` of a CommonJS file also runs cjs-module-lexer over
 * the whole source to guess its exports. So the bin compiles the bundle itself with `vm.Script`, and after
 * the first command saves V8's cached code (which by then includes the functions that command ran) under
 * the user's cache directory; later commands skip most parsing and compiling.
 *
 * The cache is only an accelerator: any failure, a rejected or foreign file, or
 * `NODE_DISABLE_COMPILE_CACHE` (Node's own switch) compiles from source as before. The file is named
 * after a hash of the bundle's text, Node's version and the architecture, because V8 itself only checks
 * the source's length; a file is trusted only if it is a regular file (never a symlink) owned by this
 * user and writable by no one else, and it is written aside and renamed into place.
 */
import { createHash, randomBytes } from "node:crypto"
import {
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync
} from "node:fs"
import { createRequire } from "node:module"
import { homedir } from "node:os"
import { dirname, join } from "node:path"
import { Script } from "node:vm"

/** `$XDG_CACHE_HOME/hogkit` (else `~/.cache/hogkit`; `%LOCALAPPDATA%\hogkit` on Windows). */
const cacheDirectory = (env: NodeJS.ProcessEnv): string =>
  process.platform === "win32" && env.LOCALAPPDATA
    ? join(env.LOCALAPPDATA, "hogkit")
    : join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "hogkit")

const PREFIX = "compile-cache-"

/**
 * CommonJS's function wrapper, as `require` applies it (so `exports`, `require`, `module`… are in scope),
 * plus `__hogkitImport`: the caller's `import()`, which the bundle uses instead of its own (ImportExternal.ts).
 */
const wrap = (source: string): string =>
  `(function (exports, require, module, __filename, __dirname, __hogkitImport) { ${source}\n})`

/** The cached code, if there is a file this user wrote and nobody else can change. */
const readTrusted = (file: string): Buffer | undefined => {
  let fd: number | undefined
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
    const stat = fstatSync(fd)
    const uid = process.getuid?.()
    if (!stat.isFile()) return undefined
    if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o022) !== 0)) return undefined
    return readFileSync(fd)
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

const saveQuietly = (directory: string, file: string, data: Buffer): void => {
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 })
    // Commands started at once never read a half-written file; `wx` refuses to write through a link.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.partial`
    writeFileSync(partial, data, { mode: 0o600, flag: "wx" })
    renameSync(partial, file)
    // Caches of earlier builds (an upgrade, another Node) are of no further use.
    for (const name of readdirSync(directory)) {
      const path = join(directory, name)
      if (name.startsWith(PREFIX) && path !== file && !name.endsWith(".partial"))
        rmSync(path, { force: true })
    }
  } catch {
    // A read-only home or a full disk only costs later commands their speed.
  }
}

export interface LoadedBundle<Exports> {
  readonly exports: Exports
  /** Saves the compiled code for later commands if there was no usable cache; call once the command ran. */
  readonly saveCache: () => void
}

/** Evaluates the CommonJS bundle at `file` as `require` would, compiled through the code cache. */
export const loadWithCompileCache = <Exports>(
  file: string,
  importExternal: (specifier: string) => Promise<unknown>,
  env: NodeJS.ProcessEnv = process.env
): LoadedBundle<Exports> => {
  const source = readFileSync(file, "utf8")
  const enabled = !env.NODE_DISABLE_COMPILE_CACHE
  const directory = cacheDirectory(env)
  const key = createHash("sha256")
    .update(`${process.version}\0${process.arch}\0`)
    .update(source)
    .digest("hex")
    .slice(0, 24)
  const cacheFile = join(directory, `${PREFIX}${key}.v8`)
  const cachedData = enabled ? readTrusted(cacheFile) : undefined
  const script = new Script(wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) })
  const module = { exports: {} as Exports }
  const evaluate = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: unknown,
    filename: string,
    dirname: string,
    hogkitImport: (specifier: string) => Promise<unknown>
  ) => void
  evaluate(module.exports, createRequire(file), module, file, dirname(file), importExternal)
  const usable = cachedData !== undefined && !script.cachedDataRejected
  return {
    exports: module.exports,
    saveCache: () => {
      if (enabled && !usable) saveQuietly(directory, cacheFile, script.createCachedData())
    }
  }
}
