// Canned PostHog bytes, copied from what the emulator answers (which follows PostHog's serializers), so
// hogkit's decoders do their real work on realistic objects.

const user = {
  id: 1,
  uuid: "bb3c6bc2-22ce-40c7-81fb-a7a3a20cc9f5",
  distinct_id: "ebfcd671c6fe17f97a55e61f4f2bb698",
  first_name: "Emulator",
  last_name: "User",
  email: "user@example.com",
  is_email_verified: true,
  hedgehog_config: null,
  role_at_organization: null
}

/** `GET /api/projects/1/dashboards/9/`, as PostHog shapes it. */
export const dashboard = (id = 9) => ({
  id,
  name: "Activation cohorts",
  description: "Cohorts of activation metrics",
  pinned: true,
  created_at: "2026-10-08T17:47:09.717000Z",
  created_by: user,
  last_accessed_at: "2026-11-28T17:47:11.112000Z",
  last_viewed_at: null,
  is_shared: false,
  deleted: false,
  creation_mode: "default",
  tags: ["activation"],
  restriction_level: 21,
  effective_restriction_level: 21,
  effective_privilege_level: 37,
  user_access_level: "editor",
  access_control_version: "v2",
  last_refresh: null,
  team_id: 1,
  filters: {},
  variables: null,
  breakdown_colors: null,
  data_color_theme_id: null,
  persisted_filters: {},
  persisted_variables: null,
  quick_filter_ids: null,
  tiles: [{ id: 1, text: null, color: null, insight: { name: "Activation trend" }, layouts: {} }]
})

const hex = (n, width) => n.toString(16).padStart(width, "0")

/** A comment as `GET /api/projects/1/comments/` lists it; `n` makes the id and timestamp unique. */
export const comment = (n, { itemId = "1", sourceComment = null, base = Date.UTC(2026, 10, 28) } = {}) => ({
  id: `${hex(n, 8)}-7ea5-464b-966f-${hex(n, 12)}`,
  created_by: user,
  content: `Comment ${n}: conversion dipped on Tuesday — was that the pricing page deploy?`,
  rich_content: null,
  deleted: false,
  version: 0,
  created_at: new Date(base - n * 1000).toISOString().replace("Z", "000Z"),
  item_id: itemId,
  item_context: null,
  scope: "Dashboard",
  source_comment: sourceComment,
  is_task: n % 7 === 0,
  completed_at: null,
  completed_by: null,
  slack_thread: null
})

/**
 * DRF's CursorPagination cursor: base64 of `p=<position>` (plus `r=1` when reversed), in the `cursor`
 * query parameter of absolute `next`/`previous` URLs.
 */
export const encodeCursor = (position, reverse = false) =>
  Buffer.from(`${reverse ? "r=1&" : ""}p=${position}`).toString("base64")

export const decodeCursor = (cursor) => {
  const params = new URLSearchParams(Buffer.from(cursor, "base64").toString("utf8"))
  return { position: params.get("p"), reverse: params.get("r") === "1" }
}
