/**
 * `copy_between_projects` names its source by template id only, in the body: the URL's project is the
 * target. Checking the URL alone would let a page copy a template out of any project the key can read,
 * so the proxy looks the template up in each project it may read templates from (`templateSourceProjects`)
 * and forwards the copy only when one of them owns it.
 */

const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/

export type SourceCheck =
  | { readonly _tag: "Allowed" }
  /** The body names no template the proxy can check: PostHog would refuse it too, with its own message. */
  | { readonly _tag: "Unchecked" }
  | { readonly _tag: "Refused" }
  | { readonly _tag: "Unreachable" }

/** The `source_template_id` of a copy request body, or `undefined` when the body has none that is a UUID. */
export const sourceTemplateId = (body: Uint8Array | undefined): string | undefined => {
  if (body === undefined) return undefined
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(body))
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return undefined
    const id = (parsed as Record<string, unknown>).source_template_id
    return typeof id === "string" && UUID.test(id) ? id : undefined
  } catch {
    return undefined
  }
}

/**
 * Asks PostHog, project by project, whether the template belongs to one of `sources`. `lookup` fetches a
 * path on PostHog with the server's key.
 */
export const checkTemplateSource = async (
  id: string,
  sources: ReadonlySet<number>,
  lookup: (path: string) => Promise<Response>
): Promise<SourceCheck> => {
  for (const project of sources) {
    let response: Response
    try {
      response = await lookup(`/api/projects/${project}/dashboard_templates/${id}/?scope=team`)
    } catch {
      return { _tag: "Unreachable" }
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined)
      continue
    }
    try {
      const template = (await response.json()) as { team_id?: unknown }
      if (template.team_id === project) return { _tag: "Allowed" }
    } catch {
      // An unreadable answer proves nothing: try the next project.
    }
  }
  return { _tag: "Refused" }
}
