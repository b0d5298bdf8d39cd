/**
 * `--seed demo`: a project that looks used — a few dozen dashboards, templates and comments, enough
 * that every list paginates with a small `limit`.
 */
import { randomUUID } from "node:crypto"
import type { Sql } from "./Database.js"

const areas = [
  "Acquisition",
  "Activation",
  "Retention",
  "Revenue",
  "Referral",
  "Onboarding",
  "Checkout",
  "Search"
]
const views = ["overview", "funnel", "weekly review", "cohorts", "KPIs"]
const insight = (name: string, kind: string) => ({
  type: "INSIGHT",
  name,
  description: `${kind} for ${name.toLowerCase()}`,
  query: { kind: "InsightVizNode", source: { kind, series: [{ kind: "EventsNode", event: "$pageview" }] } },
  layouts: { sm: { h: 5, w: 6, x: 0, y: 0 } },
  color: null
})

const templates = [
  ["Product analytics starter", "Pageviews, active users and retention at a glance", ["product", "starter"]],
  ["Website traffic", "Where visitors come from and what they read", ["marketing", "web"]],
  ["Signup funnel", "From landing page to activated account", ["growth", "funnel"]],
  ["Feature adoption", "Who uses the new feature, and do they come back", ["product"]],
  ["Revenue overview", "MRR, expansion and churn by plan", ["finance", "revenue"]],
  ["Mobile app health", "Crashes, sessions and app versions", ["mobile"]],
  ["Customer support load", "Tickets per day and time to first reply", ["support"]],
  ["Experiment readout", "Variant conversion with confidence intervals", ["experiments"]],
  ["Onboarding checklist", "Completion of each onboarding step", ["growth", "onboarding"]],
  ["Search quality", "Queries without results and click-through", ["search"]],
  ["Marketing campaigns", "UTM performance by source and medium", ["marketing"]],
  ["Ponies and horses", "A playful template about ponies for demos", ["demo"]]
] as const

const comments = [
  "Conversion dipped on Tuesday — was that the pricing page deploy?",
  "Looks like the mobile funnel double-counts signups, can someone check?",
  "Great week for activation, nice work everyone",
  "We should add a breakdown by plan here",
  "The weekly review is ready for Monday's meeting",
  "Retention for the March cohort is the best we've had",
  "Can we pin this dashboard for the whole team?",
  "Search queries without results doubled after the catalogue import",
  "Please rename this insight, the title is confusing",
  "Checkout errors are back to normal after the hotfix"
]

export const seedDemo = async (sql: Sql, teamId: number, userId: number) => {
  const dashboardIds: number[] = []
  let n = 0
  for (const area of areas) {
    for (const view of views) {
      n++
      const { rows } = await sql.query<{ id: number }>(
        `insert into dashboards (team_id, name, description, pinned, created_by, tags, tiles, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, emulator_now() - make_interval(days => $8))
         returning id`,
        [
          teamId,
          `${area} ${view}`,
          `${view[0]?.toUpperCase()}${view.slice(1)} of ${area.toLowerCase()} metrics`,
          n % 9 === 0,
          userId,
          [area.toLowerCase()],
          JSON.stringify([
            { id: 1, layouts: {}, color: null, insight: { name: `${area} trend` }, text: null }
          ]),
          60 - n
        ]
      )
      dashboardIds.push(rows[0]!.id)
    }
  }
  for (const [name, description, tags] of templates) {
    await sql.query(
      `insert into dashboard_templates (id, team_id, template_name, dashboard_description, dashboard_filters, tiles,
         tags, created_by, scope, deleted)
       values ($1, $2, $3, $4, '{}', $5, $6, $7, 'team', false)`,
      [
        randomUUID(),
        teamId,
        name,
        description,
        JSON.stringify([insight(`${name} trend`, "TrendsQuery"), insight(`${name} funnel`, "FunnelsQuery")]),
        [...tags],
        userId
      ]
    )
  }
  for (const [name, description] of [
    ["Web analytics", "PostHog's default web analytics dashboard"],
    ["Product analytics", "PostHog's default product analytics dashboard"]
  ] as const) {
    await sql.query(
      `insert into dashboard_templates (id, team_id, template_name, dashboard_description, dashboard_filters, tiles,
         tags, scope, is_featured, deleted)
       values ($1, null, $2, $3, '{}', $4, '{}', 'global', true, false)`,
      [randomUUID(), name, description, JSON.stringify([insight(`${name} trend`, "TrendsQuery")])]
    )
  }
  for (let i = 0; i < 36; i++) {
    const id = randomUUID()
    const dashboardId = dashboardIds[i % dashboardIds.length]!
    await sql.query(
      `insert into comments (id, team_id, content, scope, item_id, created_by, is_task, created_at)
       values ($1, $2, $3, 'Dashboard', $4, $5, $6, emulator_now() - make_interval(hours => $7))`,
      [id, teamId, comments[i % comments.length], String(dashboardId), userId, i % 6 === 0, 72 - i * 2]
    )
    if (i % 4 === 0) {
      await sql.query(
        `insert into comments (id, team_id, content, scope, item_id, created_by, source_comment_id, created_at)
         values ($1, $2, $3, 'Dashboard', $4, $5, $6, emulator_now() - make_interval(hours => $7))`,
        [
          randomUUID(),
          teamId,
          "Agreed — I'll take a look today.",
          String(dashboardId),
          userId,
          id,
          71 - i * 2
        ]
      )
    }
  }
}
