/** Other members of the emulator's organization, each with a key of their own to comment and react with. */
import type { Rig } from "./harness.js"

export interface Person {
  id: number
  first_name: string
  last_name: string
  email: string
}

export interface Row {
  id: string
  content: string | null
  rich_content: unknown
  deleted: boolean
  version: number
  is_task: boolean
  source_comment: string | null
  item_context: Record<string, unknown> | null
  created_by: { id: number } | null
}

export const member = async (rig: Rig, first_name: string, last_name: string, email: string) => {
  const user = await rig.emu<Person>("POST", "/_emulator/users", {
    email,
    first_name,
    last_name,
    organization_ids: [rig.emulator.organizationId]
  })
  const { key } = await rig.emu<{ key: string }>("POST", "/_emulator/personal_api_keys", {
    user_id: user.id,
    scopes: ["*"]
  })
  /** Posts a comment (or a reaction: a reply with `item_context.is_emoji`) as this person. */
  const comment = async (body: Record<string, unknown>): Promise<Row> => {
    const res = await fetch(`${rig.emulator.url}/api/projects/${rig.emulator.projectId}/comments/`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body)
    })
    if (res.status !== 201) throw new Error(`posting as ${email}: ${res.status} ${await res.text()}`)
    return (await res.json()) as Row
  }
  return { user, comment }
}

/** Every comment of a Dashboard item as the emulator holds it: deleted ones and reactions included. */
export const rowsOf = async (rig: Rig, itemId: string): Promise<Array<Row>> =>
  (
    await rig.emu<{ results: Array<Row> }>(
      "GET",
      `/api/projects/${rig.emulator.projectId}/comments/?scope=Dashboard&item_id=${itemId}&deleted=true`
    )
  ).results
