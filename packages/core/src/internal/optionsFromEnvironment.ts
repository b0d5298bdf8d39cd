/**
 * `PostHog.layer` options completed from the environment through the shared resolver: what
 * `PostHog.layerConfig` and `createClient()` both do, so they cannot drift apart.
 */
import type { Environment } from "../config/Environment.js"
import { missingKeyMessage, OPTION_NAMES, resolveConnection } from "../config/Resolver.js"
import { HogkitError } from "../Errors.js"
import type { PostHogOptions } from "../PostHogClient.js"
import { configError } from "./errorMapping.js"

/** Options win over the environment; a bad or missing setting is a `HogkitError` with a `ConfigError` reason. */
export const optionsFromEnvironment = (
  overrides: Partial<PostHogOptions> | undefined,
  env: Environment,
  operation: string
): PostHogOptions | HogkitError => {
  const fail = (detail: string) => new HogkitError({ operation, reason: configError(detail) })
  try {
    const connection = resolveConnection({
      flags: {
        apiKey: overrides?.apiKey,
        host: overrides?.host,
        projectId: overrides?.projectId,
        allowInsecureHttp: overrides?.allowInsecureHttp
      },
      flagNames: OPTION_NAMES,
      env
    })
    if (connection.apiKey === undefined) return fail(missingKeyMessage())
    return {
      ...overrides,
      apiKey: connection.apiKey.value,
      host: connection.host.value,
      projectId: connection.projectId.value,
      allowInsecureHttp: connection.allowInsecureHttp.value
    }
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
}
