/**
 * The environment variables hogkit reads its connection from, named once for every message that tells a
 * user which one to set. INTERIM: `@hogkit/core/config` owns these names once it lands on main.
 */
export const ENVIRONMENT = {
  apiKey: ["POSTHOG_PERSONAL_API_KEY", "POSTHOG_API_KEY"],
  host: "POSTHOG_HOST",
  projectId: "POSTHOG_PROJECT_ID"
} as const
