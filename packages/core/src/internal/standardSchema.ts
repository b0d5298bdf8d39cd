/**
 * The slice of the Standard Schema interface (https://standardschema.dev) hogkit uses to decode
 * responses: zod schemas implement it, so Effect code never needs a second schema per shape.
 */
export interface StandardSchema<Output = unknown> {
  readonly "~standard": {
    readonly version: 1
    readonly vendor: string
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>
    readonly types?: { readonly input: unknown; readonly output: Output } | undefined
  }
}

export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardIssue> }

export interface StandardIssue {
  readonly message: string
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined
}

export type OutputOf<S> = S extends StandardSchema<infer O> ? O : never

/** `results.0.id: expected string, received number` */
export const describeIssue = (issue: StandardIssue): string => {
  const path = (issue.path ?? []).map((p) => (typeof p === "object" ? String(p.key) : String(p))).join(".")
  return path ? `${path}: ${issue.message}` : issue.message
}
