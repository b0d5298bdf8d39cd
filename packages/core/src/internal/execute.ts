/**
 * Runs one catalogue operation over a pipeline: checks the ids and fills the path template, validates the
 * query and body with the operation's schemas, adds its fixed body, sends, decodes the answer with its
 * response schema, and names the span after the operation. The services are this, once per entry.
 */
import * as Effect from "effect/Effect"
import type { Operation } from "../catalogue/model.js"
import type { HogkitError } from "../Errors.js"
import type { CallOptions, Service as Client } from "../PostHogClient.js"
import { intId, stringId, toQuery } from "./ops.js"
import type { OutputOf, StandardSchema } from "./standardSchema.js"

/** What one call supplies: the path ids by name, the query, the body, the per-call options. */
export interface Call {
  readonly params?: Readonly<Record<string, unknown>> | undefined
  readonly query?: unknown
  readonly body?: unknown
  readonly options?: CallOptions | undefined
}

/** The decoded answer of an operation: its response schema's output, or nothing for an empty answer. */
export type Output<Op extends Operation> = Op["response"] extends StandardSchema
  ? OutputOf<Op["response"]>
  : undefined

/** The path with every `{name}` replaced by its checked, escaped id. */
export const fillPath = (op: Operation, params: Readonly<Record<string, unknown>> | undefined) =>
  Effect.gen(function* () {
    let path = op.path
    for (const param of op.params) {
      const raw = params?.[param.name]
      const where = path.slice(0, path.indexOf(`{${param.name}}`))
      const value =
        param.kind === "integer"
          ? String(yield* intId(op.name, op.method, where, raw, param.label))
          : yield* stringId(op.name, op.method, where, raw, param.label)
      path = path.replace(`{${param.name}}`, value)
    }
    return op.root === "api" ? `/api/${path}` : path
  })

/** Sends one operation. */
export const execute = <Op extends Operation>(
  client: Client,
  op: Op,
  call: Call = {}
): Effect.Effect<Output<Op>, HogkitError> =>
  Effect.gen(function* () {
    const path = yield* fillPath(op, call.params)
    const query = op.query
      ? toQuery((yield* client.validate(op.name, op.method, path, op.query, call.query ?? {})) as object)
      : undefined
    const checked = op.body
      ? yield* client.validate(op.name, op.method, path, op.body, call.body ?? {})
      : undefined
    const body =
      op.fixedBody === undefined ? checked : { ...(checked as object | undefined), ...op.fixedBody }
    const request = {
      operation: op.name,
      method: op.method,
      // What may be retried after the request may have reached PostHog (decisions.md §10).
      idempotent: op.idempotent,
      path,
      query,
      body,
      options: call.options
    }
    return (
      op.response
        ? yield* client.requestWith(op.response, request)
        : yield* Effect.asVoid(client.request(request))
    ) as Output<Op>
  }).pipe(Effect.withSpan(op.name))
