/**
 * The `@hogkit/core` layer for one connection (core sends with node:http). Loaded on the first tool call
 * only, so starting the server and listing tools never pays for the HTTP stack.
 */
import { PostHog } from "@hogkit/core"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import type { ToolServices } from "../Tools.js"
import { VERSION } from "../Version.js"

export interface Connection {
  /** Redacted from the configuration; a plain string from an HTTP client's bearer header. */
  readonly apiKey: Redacted.Redacted<string> | string
  readonly host: string | undefined
  readonly projectId: number | "@current"
  /** The user allowed plain http to a host that is not this machine (--allow-insecure-http). */
  readonly allowInsecureHttp?: boolean | undefined
}

export const layerFor = (connection: Connection, projectId: number | "@current"): Layer.Layer<ToolServices> =>
  PostHog.layer({
    apiKey: Redacted.isRedacted(connection.apiKey) ? connection.apiKey : Redacted.make(connection.apiKey),
    ...(connection.host !== undefined ? { host: connection.host } : {}),
    ...(connection.allowInsecureHttp === true ? { allowInsecureHttp: true } : {}),
    projectId,
    userAgent: `hogkit-mcp/${VERSION}`,
    // An agent waits on every call: retry briefly, then hand the model an error it can act on.
    retry: { maxRetries: 2, maxDelay: "8 seconds" },
    totalTimeout: "60 seconds"
  })

export const runtimeFor = (connection: Connection) =>
  ManagedRuntime.make(layerFor(connection, connection.projectId))

/** Runs one call in a project other than the connection's, on a layer built for that call alone. */
export const runInProject = <A, E>(
  effect: Effect.Effect<A, E, ToolServices>,
  connection: Connection,
  projectId: number,
  options: { readonly signal?: AbortSignal } | undefined
) => Effect.runPromiseExit(effect.pipe(Effect.provide(layerFor(connection, projectId))), options)
