/**
 * The two places a schema meets the pipeline: a response body decoded on the way in (any Standard Schema),
 * and what a user is about to send checked on the way out (zod, for PostHog's field names and messages).
 * Both fail with a reason, not a `HogkitError`: the pipeline names the operation.
 */
import * as Effect from "effect/Effect"
import type * as z from "zod"
import type { HogkitErrorReason, ValidationError } from "../Errors.js"
import type { HttpMethod } from "../PostHogClient.js"
import * as Mapping from "./errorMapping.js"
import { describeIssue, type OutputOf, type StandardResult, type StandardSchema } from "./standardSchema.js"

const isPromiseLike = <A>(value: A | PromiseLike<A>): value is PromiseLike<A> =>
  typeof (value as { then?: unknown } | null)?.then === "function"

/**
 * Decodes a response body. `path` is a function because it is needed only when the body does not fit, and
 * resolving it costs work on every call otherwise.
 */
export const decodeBody = <S extends StandardSchema>(
  schema: S,
  body: unknown,
  method: HttpMethod,
  path: () => string
): Effect.Effect<OutputOf<S>, HogkitErrorReason> => {
  const onResult = (result: StandardResult<unknown>): Effect.Effect<OutputOf<S>, HogkitErrorReason> =>
    result.issues
      ? Effect.fail(
          Mapping.decodeError(
            method,
            path(),
            undefined,
            result.issues.slice(0, 3).map(describeIssue).join("; ")
          )
        )
      : Effect.succeed(result.value as OutputOf<S>)
  // zod validates synchronously; only a schema with async checks needs a trip through a promise.
  const result = schema["~standard"].validate(body)
  return isPromiseLike(result)
    ? Effect.flatMap(
        Effect.promise(() => result),
        onResult
      )
    : onResult(result)
}

/** What checking a request's input found: the parsed input, or the ValidationError PostHog would have answered. */
export type InputCheck<A> =
  | { readonly _tag: "Valid"; readonly value: A }
  | { readonly _tag: "Invalid"; readonly error: ValidationError }

/**
 * Checks a request's input synchronously, reporting the first issue under the field name PostHog would
 * use. Shared by the pipeline ({@link validateInput}) and by servers that forward requests they did not
 * build (`Catalogue.checkInput`), so both refuse the same input with the same message.
 */
export const checkInput = <S extends z.ZodType>(
  schema: S,
  input: unknown,
  method: string,
  path: () => string
): InputCheck<z.output<S>> => {
  const result = schema.safeParse(input, { reportInput: true })
  return result.success
    ? { _tag: "Valid", value: result.data }
    : { _tag: "Invalid", error: Mapping.fromRequestIssues(method, path(), result.error.issues) }
}

/** Checks a request's input, reporting each issue under the field name PostHog would use. */
export const validateInput = <S extends z.ZodType>(
  schema: S,
  input: unknown,
  method: HttpMethod,
  path: () => string
): Effect.Effect<z.output<S>, HogkitErrorReason> =>
  Effect.suspend(() => {
    const checked = checkInput(schema, input, method, path)
    return checked._tag === "Valid" ? Effect.succeed(checked.value) : Effect.fail(checked.error)
  })
