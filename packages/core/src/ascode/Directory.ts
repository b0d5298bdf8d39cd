/**
 * A project folder on disk: reading every spec file under `dashboards/` and `templates/`, and writing an
 * export (removing the spec files of objects the project no longer has, touching nothing else).
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises"
import { dirname, join } from "node:path"
import * as Effect from "effect/Effect"
import { ConfigError, HogkitError } from "../Errors.js"
import { kindOf } from "./Files.js"
import { FOLDERS, type SpecFiles } from "./Spec.js"

const ioError = (operation: string, path: string, e: unknown) =>
  new HogkitError({
    operation,
    reason: new ConfigError({
      method: "",
      path,
      detail: `Could not use ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or folder" : (e as Error).message}.`
    })
  })

/** The spec files already in a folder, by relative path. */
const listSpecFiles = async (dir: string): Promise<string[]> => {
  const out: string[] = []
  for (const folder of Object.values(FOLDERS)) {
    let entries: string[]
    try {
      entries = await readdir(join(dir, folder))
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue
      throw e
    }
    for (const name of entries) {
      const path = `${folder}/${name}`
      if (kindOf(path) !== undefined) out.push(path)
    }
  }
  return out.sort()
}

/** Reads a project folder. A folder that does not exist is an error (a typo should not plan deletions). */
export const readDirectory = (
  dir: string,
  operation = "AsCode.readDirectory"
): Effect.Effect<SpecFiles, HogkitError> =>
  Effect.tryPromise({
    try: async () => {
      await readdir(dir)
      const files: Record<string, string> = {}
      for (const path of await listSpecFiles(dir)) files[path] = await readFile(join(dir, path), "utf8")
      return files
    },
    catch: (e) => ioError(operation, dir, e)
  })

/** What writing an export changed on disk. */
export interface WriteResult {
  readonly written: ReadonlyArray<string>
  readonly removed: ReadonlyArray<string>
}

/** Writes an export: every file, and removes spec files of objects that are gone. */
export const writeDirectory = (
  dir: string,
  files: SpecFiles,
  operation = "AsCode.writeDirectory"
): Effect.Effect<WriteResult, HogkitError> =>
  Effect.tryPromise({
    try: async () => {
      await mkdir(dir, { recursive: true })
      const removed = (await listSpecFiles(dir)).filter((path) => !(path in files))
      for (const path of removed) await rm(join(dir, path))
      const written = Object.keys(files).sort()
      for (const path of written) {
        await mkdir(dirname(join(dir, path)), { recursive: true })
        await writeFile(join(dir, path), files[path] ?? "")
      }
      return { written, removed }
    },
    catch: (e) => ioError(operation, dir, e)
  })
