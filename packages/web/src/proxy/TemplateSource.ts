/**
 * `copy_between_projects` names its source by template id only, in the body: the URL's project is the
 * target. Checking the URL alone would let a page copy a template out of any project the key can read,
 * so the proxy looks the template up in each project it may read templates from (`templateSourceProjects`)
 * and forwards the copy only when one of them owns it. What the copy and the lookup are (paths, body) is
 * core's catalogue; the rule that the source must be listed is the proxy's own.
 */
import { Catalogue } from "@hogkit/core"

const copyOperation = Catalogue.operation("DashboardTemplates.copyBetweenProjects")
const getOperation = Catalogue.operation("DashboardTemplates.get")

/** Is this upstream path (`/api/projects/1/…/`) the copy operation? */
export const isTemplateCopy = (upstreamPath: string): boolean =>
  copyOperation !== undefined && upstreamPath.endsWith(`/${copyOperation.path}`)

export type SourceCheck =
  | { readonly _tag: "Allowed" }
  | { readonly _tag: "Refused" }
  | { readonly _tag: "Unreachable" }

/**
 * The source template id of a copy request body, or `undefined` when the body is not exactly a valid copy
 * body; the proxy then forwards nothing, since it cannot tell which template PostHog would copy.
 */
export const sourceTemplateId = (body: Uint8Array | undefined): string | undefined => {
  if (body === undefined || copyOperation?.body === undefined) return undefined
  try {
    const parsed = copyOperation.body.safeParse(JSON.parse(new TextDecoder().decode(body)))
    if (!parsed.success) return undefined
    const id = (parsed.data as { readonly source_template_id?: unknown }).source_template_id
    return typeof id === "string" ? id : undefined
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
  if (getOperation === undefined) return { _tag: "Refused" }
  for (const project of sources) {
    let response: Response
    try {
      response = await lookup(
        `/api/projects/${project}/${getOperation.path.replace("{id}", encodeURIComponent(id))}`
      )
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
