/**
 * Runs tools against PostHog: one `@hogkit/core` layer per API key (and per project, for the one tool
 * that targets another project), over the fetch HTTP client.
 */
import type * as Core from "@hogkit/core"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import type { Runner } from "./Server.js"
import type { ToolServices } from "./Tools.js"
import { VERSION } from "./Version.js"

export interface Connection {
  readonly apiKey: string
  readonly host: string | undefined
  readonly projectId: number | "@current"
}

const layerFor = (core: typeof Core, connection: Connection, projectId: number | "@current") =>
  core.PostHog.layer({
    apiKey: Redacted.make(connection.apiKey),
    ...(connection.host !== undefined ? { host: connection.host } : {}),
    projectId,
    userAgent: `hogkit-mcp/${VERSION}`,
    // An agent waits on every call: retry briefly, then hand the model an error it can act on.
    retry: { maxRetries: 2, maxDelay: "8 seconds" },
    totalTimeout: "60 seconds"
  }).pipe(Layer.provide(FetchHttpClient.layer))

/** A runner bound to one connection, and a way to release it. @category constructors */
export const makeRunner = (
  connection: Connection
): { readonly run: Runner; readonly dispose: () => Promise<void> } => {
  // Built on the first call: listing tools never loads the HTTP stack.
  let runtime: Promise<ManagedRuntime.ManagedRuntime<ToolServices, never>> | undefined
  const load = () =>
    (runtime ??= import("@hogkit/core").then((core) =>
      ManagedRuntime.make(layerFor(core, connection, connection.projectId) as Layer.Layer<ToolServices>)
    ))
  const run: Runner = async (effect, projectId) => {
    if (projectId === undefined || projectId === connection.projectId)
      return (await load()).runPromiseExit(effect)
    const core = await import("@hogkit/core")
    return Effect.runPromiseExit(
      effect.pipe(Effect.provide(layerFor(core, connection, projectId) as Layer.Layer<ToolServices>))
    )
  }
  return { run, dispose: async () => (runtime === undefined ? undefined : (await runtime).dispose()) }
}
