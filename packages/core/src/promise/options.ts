/** The optional last argument of every Promise operation. */
import type * as Duration from "effect/Duration"

/** The optional last argument of every operation. @category models */
export interface RequestOptions {
  /** Aborting cancels the request in flight; the Promise rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined
  /** Time allowed for one attempt. */
  readonly timeout?: Duration.Input | undefined
  /** Retries allowed for this call (0 disables retrying). */
  readonly retries?: number | undefined
  /** Another project of the same organization for this call only; by default the client's project. */
  readonly projectId?: number | undefined
}
