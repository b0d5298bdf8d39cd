/**
 * Runs tools against PostHog: one `@hogkit/core` layer per API key (and per project, for the one tool
 * that targets another project). The layer is built on the first call.
 */
import type * as ManagedRuntime from "effect/ManagedRuntime"
import type { Connection } from "./internal/layer.js"
import type { Runner } from "./Server.js"
import type { ToolServices } from "./Tools.js"

export type { Connection } from "./internal/layer.js"

/** A runner bound to one connection, and a way to release it. @category constructors */
export const makeRunner = (
  connection: Connection
): { readonly run: Runner; readonly warm: () => void; readonly dispose: () => Promise<void> } => {
  let runtime: Promise<ManagedRuntime.ManagedRuntime<ToolServices, never>> | undefined
  const load = () => (runtime ??= import("./internal/layer.js").then((m) => m.runtimeFor(connection)))
  const run: Runner = async (effect, projectId, signal) => {
    const options = signal ? { signal } : undefined
    if (projectId === undefined || projectId === connection.projectId) {
      return (await load()).runPromiseExit(effect, options)
    }
    const { runInProject } = await import("./internal/layer.js")
    return runInProject(effect, connection, projectId, options)
  }
  const warm = () => void load().catch(() => undefined)
  return { run, warm, dispose: async () => (runtime === undefined ? undefined : (await runtime).dispose()) }
}
