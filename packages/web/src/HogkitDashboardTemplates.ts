/**
 * `<hogkit-dashboard-templates>`: the dashboard templates a project can use, by scope (this project's,
 * global, feature-flag), featured first, with search and pages; and the project templates of other
 * projects of the organization, which can be copied into this one.
 */
import type { DashboardTemplate, TemplateScope } from "@hogkit/core/schema"
import { css, html, nothing, type TemplateResult } from "lit"
import {
  type CommonStrings,
  commonStrings,
  define,
  failureMessage,
  HogkitElement
} from "./internal/HogkitElement.js"

/** Every user-visible string of `<hogkit-dashboard-templates>`. @category strings */
export interface TemplatesStrings extends CommonStrings {
  heading: string
  scopes: string
  scopeTeam: string
  scopeGlobal: string
  scopeFeatureFlag: string
  searchLabel: string
  searchPlaceholder: string
  loadingLabel: string
  loadError: string
  empty: string
  noMatches: (query: string) => string
  featured: string
  previous: string
  next: string
  range: (from: number, to: number, total: number) => string
  copyHeading: string
  sourceProject: string
  projectName: (id: number) => string
  copy: string
  copyLabel: (name: string) => string
  copied: (name: string) => string
  sourceEmpty: string
  sourceError: string
  untitled: string
  tiles: (n: number) => string
}

export const defaultTemplatesStrings: TemplatesStrings = {
  ...commonStrings,
  heading: "Dashboard templates",
  scopes: "Template scope",
  scopeTeam: "This project",
  scopeGlobal: "Global",
  scopeFeatureFlag: "Feature flags",
  searchLabel: "Search templates",
  searchPlaceholder: "Search templates",
  loadingLabel: "Loading templates…",
  loadError: "The templates could not be loaded.",
  empty: "No templates here yet.",
  noMatches: (q) => `No templates match “${q}”.`,
  featured: "Featured",
  previous: "Previous",
  next: "Next",
  range: (from, to, total) => `${from}–${to} of ${total}`,
  copyHeading: "Copy from another project",
  sourceProject: "Project",
  projectName: (id) => `Project ${id}`,
  copy: "Copy",
  copyLabel: (n) => `Copy ${n} into this project`,
  copied: (n) => `Template copied as “${n}”.`,
  sourceEmpty: "That project has no templates of its own.",
  sourceError: "The other project's templates could not be loaded.",
  untitled: "Untitled template",
  tiles: (n) => (n === 1 ? "1 tile" : `${n} tiles`)
}

export interface SourceProject {
  readonly id: number
  readonly name?: string
}

const scopes: ReadonlyArray<TemplateScope> = ["team", "global", "feature_flag"]

/** `"2,3"` or `[{"id":2,"name":"Staging"}]`. */
const parseProjects = (value: string | null): ReadonlyArray<SourceProject> => {
  if (!value) return []
  try {
    const parsed = JSON.parse(value) as unknown
    if (Array.isArray(parsed)) {
      return parsed.flatMap((p) => {
        if (typeof p === "number") return [{ id: p }]
        if (p && typeof p === "object" && typeof (p as SourceProject).id === "number") {
          const { id, name } = p as SourceProject
          return [typeof name === "string" ? { id, name } : { id }]
        }
        return []
      })
    }
  } catch {
    // Not JSON: a comma-separated list of ids.
  }
  return value
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0)
    .map((id) => ({ id }))
}

/**
 * The templates widget.
 *
 * @example
 * <hogkit-dashboard-templates api-base="/posthog" source-projects='[{"id":2,"name":"Staging"}]'></hogkit-dashboard-templates>
 * @category elements
 */
export class HogkitDashboardTemplates extends HogkitElement<TemplatesStrings> {
  static override styles = [
    HogkitElement.styles,
    css`
      [role="tablist"] { display: flex; gap: 4px; border-bottom: 1px solid var(--_border); margin-bottom: var(--_gap); flex-wrap: wrap; }
      [role="tab"] { border: none; border-bottom: 2px solid transparent; border-radius: 0; background: none; color: var(--_muted); }
      [role="tab"][aria-selected="true"] { color: var(--_fg); border-bottom-color: var(--_accent); }
      .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 220px), 1fr)); gap: 10px; }
      .card {
        border: 1px solid var(--_border); border-radius: var(--_radius); padding: 12px; display: flex; flex-direction: column;
        gap: 6px; min-width: 0; background: var(--_bg);
      }
      .card.featured { border-color: var(--_accent); }
      .card h3 { font-size: 1em; }
      .search { display: flex; margin-bottom: var(--_gap); }
      .search input { flex: 1 1 auto; min-width: 0; }
      .copy { margin-top: calc(var(--_gap) * 1.5); padding-top: var(--_gap); border-top: 1px solid var(--_border); }
      .copy ul { margin-top: 8px; }
      .copy li { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 6px 0; min-width: 0; }
      .copy li + li { border-top: 1px solid var(--_border); }
    `
  ]

  static override properties = {
    pageSize: { type: Number, attribute: "page-size" },
    sourceProjects: { attribute: "source-projects", converter: { fromAttribute: parseProjects } },
    scope: { type: String, reflect: true },
    query: { state: true },
    offset: { state: true },
    items: { state: true },
    count: { state: true },
    sourceId: { state: true },
    sourceItems: { state: true },
    sourceStatus: { state: true },
    sourceMessage: { state: true }
  }

  /** Templates per page (default 12). */
  declare pageSize: number
  /** Other projects of the organization to copy templates from (`"2,3"` or JSON with names). */
  declare sourceProjects: ReadonlyArray<SourceProject>
  /** The scope shown: `team` (default), `global` or `feature_flag`. */
  declare scope: TemplateScope
  declare private query: string
  declare private offset: number
  declare private items: ReadonlyArray<DashboardTemplate>
  declare private count: number
  declare private sourceId: number | null
  declare private sourceItems: ReadonlyArray<DashboardTemplate>
  declare private sourceStatus: "idle" | "loading" | "ready" | "error"
  declare private sourceMessage: string
  private debounce: ReturnType<typeof setTimeout> | undefined

  protected readonly defaultStrings = defaultTemplatesStrings
  protected readonly reloadOn = ["scope", "pageSize"]

  constructor() {
    super()
    this.pageSize = 12
    this.sourceProjects = []
    this.scope = "team"
    this.query = ""
    this.offset = 0
    this.items = []
    this.count = 0
    this.sourceId = null
    this.sourceItems = []
    this.sourceStatus = "idle"
    this.sourceMessage = ""
  }

  protected async load(): Promise<void> {
    // The other projects' templates load beside this project's, so a failure of one never hides the other.
    if (this.sourceId === null && this.sourceProjects.length > 0)
      void this.loadSource(this.sourceProjects[0]!.id)
    const page = await this.api.dashboardTemplates.list(
      {
        scope: this.scope,
        limit: this.pageSize,
        offset: this.offset,
        ...(this.query ? { search: this.query } : {})
      },
      { signal: this.signal }
    )
    // PostHog already sorts featured first; a stable sort keeps that true whatever the server version.
    this.items = [...page.results].sort(
      (a, b) => Number(Boolean(b.is_featured)) - Number(Boolean(a.is_featured))
    )
    this.count = page.count
  }

  private async selectScope(scope: TemplateScope, focus: boolean): Promise<void> {
    if (scope === this.scope) return
    this.offset = 0
    this.scope = scope
    if (focus) await this.focusLater(`[role=tab][data-scope=${scope}]`)
  }

  private onTabKey(e: KeyboardEvent): void {
    const at = scopes.indexOf(this.scope)
    const next =
      e.key === "ArrowRight"
        ? (at + 1) % scopes.length
        : e.key === "ArrowLeft"
          ? (at + scopes.length - 1) % scopes.length
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? scopes.length - 1
              : -1
    if (next < 0) return
    e.preventDefault()
    void this.selectScope(scopes[next]!, true)
  }

  private onSearch(e: Event): void {
    const value = (e.target as HTMLInputElement).value
    clearTimeout(this.debounce)
    this.debounce = setTimeout(() => {
      if (value.trim() === this.query) return
      this.query = value.trim()
      this.offset = 0
      void this.reload()
    }, 300)
  }

  private async go(delta: number): Promise<void> {
    this.offset = Math.max(0, this.offset + delta * this.pageSize)
    await this.reload()
    // The button pressed may now be disabled (first or last page): then the other one.
    const [pressed, other] = delta > 0 ? ["next", "previous"] : ["previous", "next"]
    await this.focusLater(`[data-page=${pressed}]:not(:disabled)`, `[data-page=${other}]`)
  }

  private async loadSource(id: number): Promise<void> {
    this.sourceId = id
    this.sourceStatus = "loading"
    try {
      const page = await this.api.dashboardTemplates.list(
        { scope: "team", limit: 100 },
        { signal: this.signal, projectId: id }
      )
      if (this.sourceId !== id) return
      this.sourceItems = page.results
      this.sourceStatus = "ready"
    } catch (e) {
      if (this.sourceId !== id) return
      if (e instanceof DOMException) {
        // Cancelled by a reload (which starts it again) or by leaving the page (coming back reloads).
        this.sourceId = null
        this.sourceStatus = "idle"
        return
      }
      this.sourceStatus = "error"
      this.sourceMessage = failureMessage(e)
    }
  }

  private async retrySource(): Promise<void> {
    await this.loadSource(this.sourceId ?? this.sourceProjects[0]?.id ?? 0)
    await this.focusLater(this.sourceStatus === "error" ? "[part~=source-retry]" : "#source")
  }

  private async copy(template: DashboardTemplate): Promise<void> {
    const copied = await this.act(() =>
      this.api.dashboardTemplates.copyBetweenProjects({ sourceTemplateId: template.id })
    )
    if (!copied) return
    this.toast = { message: this.t.copied(copied.template_name ?? this.t.untitled) }
    this.emit("hogkit-template-copied", { id: copied.id, sourceTemplateId: template.id })
    if (this.scope === "team") await this.reload()
    else this.scope = "team"
  }

  protected override render(): TemplateResult {
    const t = this.t
    const label: Record<TemplateScope, string> = {
      team: t.scopeTeam,
      global: t.scopeGlobal,
      feature_flag: t.scopeFeatureFlag
    }
    if (this.misconfigured) return this.renderBare(t.heading)
    return html`<section part="container" aria-labelledby="heading">
      <div class="header" part="header"><h2 class="title" id="heading" part="title" tabindex="-1">${t.heading}</h2></div>
      <div role="tablist" aria-label=${t.scopes} part="tabs" @keydown=${(e: KeyboardEvent) => this.onTabKey(e)}>
        ${scopes.map(
          (s) => html`<button type="button" role="tab" part="tab" id="tab-${s}" data-scope=${s}
            aria-selected=${this.scope === s ? "true" : "false"} aria-controls="panel"
            tabindex=${this.scope === s ? "0" : "-1"} @click=${() => this.selectScope(s, false)}>${label[s]}</button>`
        )}
      </div>
      <div id="panel" role="tabpanel" aria-labelledby="tab-${this.scope}" part="panel">
        <div class="search" role="search" aria-label=${t.heading}>
          <label class="sr-only" for="search">${t.searchLabel}</label>
          <input id="search" type="search" part="input search" placeholder=${t.searchPlaceholder}
            .value=${this.query} @input=${(e: Event) => this.onSearch(e)} />
        </div>
        ${this.renderList()}
      </div>
      ${this.sourceProjects.length > 0 ? this.renderCopy() : nothing} ${this.renderToast()}
    </section>`
  }

  private renderList(): TemplateResult {
    const t = this.t
    const state = this.renderState(t.loadingLabel, t.loadError)
    if (state) return state
    if (this.items.length === 0) return this.renderEmpty(this.query ? t.noMatches(this.query) : t.empty)
    return html`<ul class="plain grid" part="list" aria-label=${t.heading}>
        ${this.items.map((tpl) => this.renderCard(tpl))}
      </ul>
      ${
        this.count > this.pageSize
          ? html`<nav class="pager" part="pager" aria-label=${t.heading}>
              <span class="muted" aria-live="polite">${t.range(this.offset + 1, this.offset + this.items.length, this.count)}</span>
              <span class="row">
                <button type="button" part="button" data-page="previous" ?disabled=${this.offset === 0} @click=${() => this.go(-1)}>
                  ${t.previous}
                </button>
                <button type="button" part="button" data-page="next" ?disabled=${this.offset + this.pageSize >= this.count}
                  @click=${() => this.go(1)}>${t.next}</button>
              </span>
            </nav>`
          : nothing
      }`
  }

  private renderCard(tpl: DashboardTemplate): TemplateResult {
    const t = this.t
    const tiles = Array.isArray(tpl.tiles) ? tpl.tiles.length : 0
    return html`<li class="card ${tpl.is_featured ? "featured" : ""}" part="item">
      <div class="row">
        <h3 class="clip" part="name"><bdi>${tpl.template_name || t.untitled}</bdi></h3>
        ${tpl.is_featured ? html`<span class="badge" part="featured">★ ${t.featured}</span>` : nothing}
      </div>
      ${
        tpl.dashboard_description
          ? html`<p class="muted user-text" dir="auto" part="description">${tpl.dashboard_description}</p>`
          : nothing
      }
      ${
        tpl.tags && tpl.tags.length > 0
          ? html`<div class="tags">${tpl.tags.map((tag) => html`<span class="tag clip" part="tag"><bdi>${tag}</bdi></span>`)}</div>`
          : nothing
      }
      ${tiles > 0 ? html`<p class="muted">${t.tiles(tiles)}</p>` : nothing}
    </li>`
  }

  private renderCopy(): TemplateResult {
    const t = this.t
    return html`<section class="copy" part="copy" aria-labelledby="copy-heading">
      <div class="header">
        <h3 id="copy-heading">${t.copyHeading}</h3>
        <span class="row">
          <label for="source">${t.sourceProject}</label>
          <select id="source" part="input" @change=${(e: Event) => this.loadSource(Number((e.target as HTMLSelectElement).value))}>
            ${this.sourceProjects.map(
              (p) =>
                html`<option value=${String(p.id)} ?selected=${p.id === this.sourceId}>${p.name ?? t.projectName(p.id)}</option>`
            )}
          </select>
        </span>
      </div>
      ${
        this.sourceStatus === "loading" || this.sourceStatus === "idle"
          ? this.renderLoading(t.loadingLabel)
          : this.sourceStatus === "error"
            ? html`<div class="state error" role="alert" part="source-error">
                <p>${t.sourceError}</p>
                <p class="user-text">${this.sourceMessage}</p>
                <button type="button" part="button source-retry" @click=${() => this.retrySource()}>${t.retry}</button>
              </div>`
            : this.sourceItems.length === 0
              ? this.renderEmpty(t.sourceEmpty)
              : html`<ul class="plain" part="source-list" aria-labelledby="copy-heading">
                  ${this.sourceItems.map((tpl) => {
                    const name = tpl.template_name || t.untitled
                    return html`<li part="source-item">
                      <span class="clip"><bdi>${name}</bdi></span>
                      <button type="button" part="button copy" aria-label=${t.copyLabel(name)} @click=${() => this.copy(tpl)}>
                        ${t.copy}
                      </button>
                    </li>`
                  })}
                </ul>`
      }
    </section>`
  }
}

define("hogkit-dashboard-templates", HogkitDashboardTemplates)

declare global {
  interface HTMLElementTagNameMap {
    "hogkit-dashboard-templates": HogkitDashboardTemplates
  }
}
