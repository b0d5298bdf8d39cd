// Lists the dashboards of a PostHog project with @hogkit/core's Promise facade.
//
//   POSTHOG_HOST=eu POSTHOG_PERSONAL_API_KEY=phx_… POSTHOG_PROJECT_ID=12345 pnpm --filter @hogkit/core example
//
// Against the local emulator: start `hogkit-emulator --port 8010`, then
//   POSTHOG_HOST=http://127.0.0.1:8010 POSTHOG_PERSONAL_API_KEY=<the key it printed> POSTHOG_PROJECT_ID=1
import { createClient, isHogkitError } from "@hogkit/core/promise"

const apiKey = process.env.POSTHOG_PERSONAL_API_KEY || process.env.POSTHOG_API_KEY
if (!apiKey) {
  console.error(
    "Set POSTHOG_PERSONAL_API_KEY to a personal API key (phx_…), and POSTHOG_HOST / POSTHOG_PROJECT_ID."
  )
  process.exit(2)
}
const project = process.env.POSTHOG_PROJECT_ID
const posthog = createClient({
  apiKey,
  host: process.env.POSTHOG_HOST || "us",
  projectId: project && /^\d+$/.test(project) ? Number(project) : "@current"
})

try {
  const first = await posthog.dashboards.list({ limit: 1 })
  console.log(`${first.count} dashboard(s)`)
  // `for await` walks every page; pages after the first are fetched concurrently.
  for await (const dashboard of posthog.dashboards.list()) {
    console.log(
      `${String(dashboard.id).padStart(6)}  ${dashboard.pinned ? "📌 " : ""}${dashboard.name ?? "(untitled)"}`
    )
  }
} catch (error) {
  if (isHogkitError(error)) {
    console.error(error.message)
    if (error.reason._tag === "PermissionDenied" && error.reason.missingScope) {
      console.error(`Give the key the ${error.reason.missingScope} scope.`)
    }
    process.exitCode = 1
  } else {
    throw error
  }
} finally {
  await posthog.close()
}
