/**
 * What tools add to PostHog's answers so an agent can act on them: the page of each object in PostHog's
 * UI (`_posthogUrl`) and a shared dashboard's public link (`_shareUrl`), both built by the catalogue on
 * the host and project this server talks to (so an emulator's results link to the emulator).
 */
import type * as Core from "@hogkit/core"
import * as Effect from "effect/Effect"
import type { Shaped } from "../internal/paging.js"
import { shapeOne } from "../internal/shape.js"
import type { ToolServices } from "./model.js"

type Json = Record<string, unknown>

const isRecord = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value)

/** The UI link field every linked result carries. */
export const LINK = "_posthogUrl"
/** The public link of a shared dashboard. */
export const SHARE_LINK = "_shareUrl"

const context = (core: typeof Core) =>
  core.PostHogClient.use((client) =>
    Effect.succeed({ host: client.baseUrl, projectId: client.projectId } as Core.Catalogue.LinkContext)
  )

const withLink = (
  core: typeof Core,
  resource: Core.Catalogue.ResourceName,
  object: Json,
  ctx: Core.Catalogue.LinkContext
): Json => {
  const url = core.Catalogue.uiUrl(resource, object, ctx)
  return url === undefined ? object : { ...object, [LINK]: url }
}

/**
 * Links an answer: one object, or each item of a page. `extra` supplies what the object lacks for its
 * link (a sharing configuration does not carry its dashboard's id).
 */
export const linked =
  (core: typeof Core, resource: Core.Catalogue.ResourceName, extra: Json = {}) =>
  <A>(value: A): Effect.Effect<A, never, ToolServices> =>
    Effect.map(context(core), (ctx) => {
      if (isRecord(value) && Array.isArray(value.results)) {
        const results = value.results.map((item) =>
          isRecord(item) ? withLink(core, resource, { ...item, ...extra }, ctx) : item
        )
        return { ...value, results } as A
      }
      return (isRecord(value) ? withLink(core, resource, { ...value, ...extra }, ctx) : value) as A
    })

/**
 * A sharing configuration with its settings page and, while sharing is on, the public link anyone can
 * open (behind a password when one is required).
 */
export const sharingResult =
  (core: typeof Core, dashboardId: number) =>
  (configuration: Core.Schema.SharingConfiguration): Effect.Effect<Shaped, never, ToolServices> =>
    Effect.map(context(core), (ctx) => {
      const page = core.Catalogue.uiUrl("sharing_configuration", { dashboard_id: dashboardId }, ctx)
      const share = configuration.enabled ? core.Catalogue.shareUrl(configuration, ctx.host) : undefined
      return shapeOne(
        {
          ...configuration,
          ...(share !== undefined ? { [SHARE_LINK]: share } : {}),
          ...(page !== undefined ? { [LINK]: page } : {})
        },
        undefined
      )
    })

/**
 * A page whose items all link to the same place (templates live on one tab of the dashboards page):
 * the link said once, beside the items, rather than on each.
 */
export const hoistLink = (shaped: Shaped): Shaped => {
  const value = shaped.value
  if (!isRecord(value) || !Array.isArray(value.results) || value.results.length === 0) return shaped
  const links = new Set(value.results.map((item) => (isRecord(item) ? item[LINK] : undefined)))
  const [only] = links
  if (links.size !== 1 || typeof only !== "string") return shaped
  const results = value.results.map((item) => {
    if (!isRecord(item)) return item
    const { [LINK]: _, ...rest } = item
    return rest
  })
  return { ...shaped, value: { ...value, results, [LINK]: only } }
}
