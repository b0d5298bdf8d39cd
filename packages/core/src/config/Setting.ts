/**
 * A resolved setting and where it came from (`--host`, `POSTHOG_HOST`, `profile "work" in …`, `default`),
 * so `hogkit auth status` and error messages can say why a value is what it is.
 *
 * @since 0.2.0
 */

/** @category models */
export interface Setting<A> {
  readonly value: A
  /** The flag, variable, profile or `default` the value came from. */
  readonly source: string
}
