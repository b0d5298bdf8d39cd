/**
 * The dashboard templates PostHog's helpers know without a stored row (`posthog/helpers/dashboard_templates`):
 * `use_template` accepts the keys `DEFAULT_APP` (the original "Product analytics" template) and
 * `WEBSITE_TRAFFIC`, and the original template's name even when no stored template carries it. The tiles
 * keep PostHog's names, descriptions and layouts; their queries are abbreviated to the query kind and the
 * series a client would look at (the emulator computes no insight results).
 */

export interface BuiltInTemplate {
  readonly template_name: string | null
  readonly dashboard_description: string | null
  readonly dashboard_filters: unknown
  readonly tiles: unknown
  readonly tags: string[] | null
}

const pageviews = (math: string) => ({ kind: "EventsNode", event: "$pageview", name: "$pageview", math })

const trends = (series: unknown[], extra: Record<string, unknown> = {}) => ({
  kind: "InsightVizNode",
  source: { kind: "TrendsQuery", series, ...extra }
})

const layout = (i: string, x: number, y: number, w: number, h: number) => ({
  sm: { i, x, y, w, h, minW: 3, minH: 5 },
  xs: { i, x: 0, y, w: 1, h: 5, minW: 1, minH: 5 }
})

const insight = (
  name: string,
  description: string,
  query: unknown,
  layouts: unknown,
  color: string | null = null
) => ({ type: "INSIGHT", name, description, query, layouts, color })

/** `DashboardTemplate.original_template()`. */
export const ORIGINAL_TEMPLATE: BuiltInTemplate = {
  template_name: "Product analytics",
  dashboard_description:
    "High-level overview of your product including daily active users, weekly active users, retention, and more.",
  dashboard_filters: {},
  tags: [],
  tiles: [
    insight(
      "Daily active users (DAUs)",
      "Shows the number of unique users that use your app every day.",
      trends([pageviews("dau")], { interval: "day", dateRange: { date_from: "-30d" } }),
      layout("21", 0, 0, 6, 5),
      "blue"
    ),
    insight(
      "Weekly active users (WAUs)",
      "Shows the number of unique users that use your app every week.",
      trends([pageviews("dau")], { interval: "week", dateRange: { date_from: "-90d" } }),
      layout("22", 6, 0, 6, 5),
      "green"
    ),
    insight(
      "Retention",
      "Weekly retention of your users.",
      { kind: "InsightVizNode", source: { kind: "RetentionQuery", retentionFilter: { period: "Week" } } },
      layout("23", 6, 5, 6, 5),
      "blue"
    ),
    insight(
      "Growth accounting",
      "How many of your users are new, returning, resurrecting, or dormant each week.",
      { kind: "InsightVizNode", source: { kind: "LifecycleQuery", series: [pageviews("total")] } },
      layout("24", 0, 5, 6, 5),
      "purple"
    ),
    insight(
      "Referring domain (last 14 days)",
      "Shows the most common referring domains for your users over the past 14 days.",
      trends([pageviews("dau")], {
        dateRange: { date_from: "-14d" },
        breakdownFilter: { breakdown: "$referring_domain", breakdown_type: "event" }
      }),
      layout("25", 0, 10, 6, 5),
      "black"
    ),
    insight(
      "Pageview funnel, by browser",
      "This example funnel shows how many of your users have completed 3 page views, broken down by browser.",
      {
        kind: "InsightVizNode",
        source: {
          kind: "FunnelsQuery",
          series: [pageviews("total"), pageviews("total"), pageviews("total")],
          breakdownFilter: { breakdown: "$browser", breakdown_type: "event" }
        }
      },
      layout("26", 6, 10, 6, 5),
      "green"
    )
  ]
}

/** `_create_website_dashboard`: the WEBSITE_TRAFFIC built-in (filters `date_from: -30d`, tag `marketing`). */
const WEBSITE_TRAFFIC: BuiltInTemplate = {
  // Names nothing: PostHog's helper leaves the dashboard's own name alone.
  template_name: null,
  dashboard_description: "",
  dashboard_filters: { date_from: "-30d" },
  tags: ["marketing"],
  tiles: [
    insight(
      "Website Unique Users (Total)",
      "Shows the number of unique users that use your app every day.",
      trends([pageviews("dau")], { interval: "day", compareFilter: { compare: true } }),
      layout("21", 0, 0, 6, 5),
      "blue"
    ),
    insight(
      "Organic SEO Unique Users (Total)",
      "",
      trends([pageviews("dau")], { interval: "day", compareFilter: { compare: true } }),
      layout("22", 6, 0, 6, 5),
      "green"
    ),
    insight(
      "Website Unique Users (Breakdown)",
      "",
      trends([pageviews("dau")]),
      layout("23", 0, 5, 6, 5),
      "blue"
    ),
    insight(
      "Organic SEO Unique Users (Breakdown)",
      "",
      trends([pageviews("dau")]),
      layout("24", 6, 5, 6, 5),
      "green"
    ),
    insight(
      "Sessions Per User",
      "",
      trends([pageviews("dau"), pageviews("unique_session")]),
      layout("25", 0, 10, 6, 5)
    ),
    insight("Pages Per User", "", trends([pageviews("total"), pageviews("dau")]), layout("26", 6, 10, 6, 5)),
    insight(
      "Top Website Pages (Overall)",
      "",
      trends([pageviews("unique_session")], { breakdownFilter: { breakdown: "$current_url" } }),
      layout("27", 0, 15, 6, 8),
      "black"
    ),
    insight(
      "Top Website Pages (via Google)",
      "",
      trends([pageviews("unique_session")], { breakdownFilter: { breakdown: "$current_url" } }),
      layout("28", 6, 15, 6, 8),
      "black"
    ),
    insight(
      "Website Users by Location",
      "",
      trends([pageviews("dau")], {
        breakdownFilter: { breakdown: "$geoip_country_code", breakdown_type: "person" }
      }),
      layout("29", 0, 23, 12, 8)
    )
  ]
}

/** `DASHBOARD_TEMPLATES`: the keys `use_template` looks up before any stored template. */
const BUILT_IN_KEYS: Readonly<Record<string, BuiltInTemplate>> = {
  DEFAULT_APP: ORIGINAL_TEMPLATE,
  WEBSITE_TRAFFIC
}

export const builtInTemplate = (key: string): BuiltInTemplate | undefined =>
  Object.hasOwn(BUILT_IN_KEYS, key) ? BUILT_IN_KEYS[key] : undefined

/** The original template, when no stored template had `key` for a name. */
export const originalTemplateNamed = (key: string): BuiltInTemplate | undefined =>
  key === ORIGINAL_TEMPLATE.template_name ? ORIGINAL_TEMPLATE : undefined
