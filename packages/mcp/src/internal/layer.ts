/**
 * The `@hogkit/core` layer for one connection, over the fetch HTTP client. Loaded on the first tool call
 * only, so starting the server and listing tools never pays for the HTTP stack.
 */
import { PostHog } from "@hogkit/core"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import type { ToolServices } from "../Tools.js"
import { VERSION } from "../Version.js"

export interface Connection {
  readonly apiKey: string
  readonly host: string | undefined
  readonly projectId: number | "@current"
}

export const layerFor = (connection: Connection, projectId: number | "@current"): Layer.Layer<ToolServices> =>
  PostHog.layer({
    apiKey: Redacted.make(connection.apiKey),
    ...(connection.host !== undefined ? { host: connection.host } : {}),
    projectId,
    userAgent: `hogkit-mcp/${VERSION}`,
    // An agent waits on every call: retry briefly, then hand the model an error it can act on.
    retry: { maxRetries: 2, maxDelay: "8 seconds" },
    totalTimeout: "60 seconds"
  }).pipe(Layer.provide(FetchHttpClient.layer)) as Layer.Layer<ToolServices>

export const runtimeFor = (connection: Connection) =>
  ManagedRuntime.make(layerFor(connection, connection.projectId))
