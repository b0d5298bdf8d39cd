/**
 * `<hogkit-dashboards>`: the project's dashboards, pinned first, with a debounced search, pages, a form to
 * create one (blank, from a template, or as a copy of another), and soft delete with undo. Delete and
 * Duplicate sit in each card's overflow menu. A dashboard just created is shown at once, highlighted on
 * the current page, and announced to the host page with a `hogkit-dashboard-created` event.
 */
import type { Dashboard, DashboardBasic, DashboardTemplate } from "@hogkit/core/schema"
import { css, html, nothing, type TemplateResult } from "lit"
import { type CommonStrings, commonStrings, define, HogkitElement } from "./internal/HogkitElement.js"
import { OverflowMenu } from "./internal/OverflowMenu.js"
import { relativeTime } from "./internal/time.js"
import { displayName } from "./internal/users.js"

/** Every user-visible string of `<hogkit-dashboards>`. @category strings */
export interface DashboardsStrings extends CommonStrings {
  heading: string
  searchLabel: string
  searchPlaceholder: string
  loadingLabel: string
  loadError: string
  empty: string
  noMatches: (query: string) => string
  range: (from: number, to: number, total: number) => string
  pinned: string
  previous: string
  next: string
  page: (page: number, pages: number) => string
  create: string
  createHeading: string
  name: string
  description: string
  startFrom: string
  blank: string
  fromTemplate: string
  copyOf: string
  templateLabel: string
  dashboardLabel: string
  submitCreate: string
  cancel: string
  created: (name: string) => string
  newBadge: string
  moreActions: (name: string) => string
  duplicate: string
  copyName: (name: string) => string
  delete: string
  deleted: (name: string) => string
  untitled: string
  createdBy: (name: string, when: string) => string
  nameRequired: string
  pickOne: string
  loadingOptions: string
  noTemplates: string
  noDashboards: string
}

export const defaultDashboardsStrings: DashboardsStrings = {
  ...commonStrings,
  heading: "Dashboards",
  searchLabel: "Search dashboards",
  searchPlaceholder: "Search by name, description or tag",
  loadingLabel: "Loading dashboards…",
  loadError: "The dashboards could not be loaded.",
  empty: "This project has no dashboards yet.",
  noMatches: (q) => `No dashboards match “${q}”.`,
  range: (from, to, total) => `${from}–${to} of ${total}`,
  pinned: "Pinned",
  previous: "Previous",
  next: "Next",
  page: (p, n) => `Page ${p} of ${n}`,
  create: "New dashboard",
  createHeading: "New dashboard",
  name: "Name",
  description: "Description",
  startFrom: "Start from",
  blank: "Blank",
  fromTemplate: "A template",
  copyOf: "A copy of a dashboard",
  templateLabel: "Template",
  dashboardLabel: "Dashboard to copy",
  submitCreate: "Create dashboard",
  cancel: "Cancel",
  created: (n) => `Dashboard “${n}” created.`,
  newBadge: "New",
  moreActions: (n) => `More actions for ${n}`,
  duplicate: "Duplicate",
  copyName: (n) => `${n} (copy)`,
  delete: "Delete",
  deleted: (n) => `Dashboard “${n}” deleted.`,
  untitled: "Untitled dashboard",
  createdBy: (name, when) => `Created by ${name} ${when}`,
  nameRequired: "Give the dashboard a name.",
  pickOne: "Choose one…",
  loadingOptions: "Loading the choices…",
  noTemplates: "This project has no templates yet.",
  noDashboards: "This project has no dashboards to copy yet."
}

type Mode = "blank" | "template" | "copy"

const pinIcon = html`<svg width="10" height="10" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path fill="currentColor" d="M10.5 1.5 14.5 5.5 12.8 6.2 10.4 8.6 10.8 12.2 9.4 13.6 6.6 10.8 2.7 14.7 1.3 14.7 1.3 13.3 5.2 9.4 2.4 6.6 3.8 5.2 7.4 5.6 9.8 3.2z"/></svg>`

/**
 * The dashboards widget.
 *
 * @example
 * <hogkit-dashboards api-base="/posthog" page-size="10" link-template="/dashboards/{id}"></hogkit-dashboards>
 * @category elements
 */
export class HogkitDashboards extends HogkitElement<DashboardsStrings> {
  static override styles = [
    HogkitElement.styles,
    css`
      .toolbar { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin-bottom: var(--_gap); }
      .toolbar input[type="search"] { flex: 1 1 220px; min-width: 0; }
      .item {
        display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 2px 12px; align-items: start;
        padding: 10px 12px; border: 1px solid var(--_border); border-radius: var(--_radius);
      }
      .item + .item { margin-top: 8px; }
      .item.created { border-color: var(--_accent); box-shadow: 0 0 0 1px var(--_accent); }
      .item > .menu { grid-column: 2; grid-row: 1 / span 2; }
      .name { font-weight: 650; max-width: 100%; }
      .item .muted, .item .desc, .item .tags { grid-column: 1; }
      .desc { overflow-wrap: anywhere; }
      fieldset { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 8px 12px; margin: 0; min-width: 0; }
      legend { font-weight: 550; padding: 0 4px; }
      form.create { padding: 12px; border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_surface); margin-bottom: var(--_gap); }
    `
  ]

  static override properties = {
    pageSize: { type: Number, attribute: "page-size" },
    searchDelay: { type: Number, attribute: "search-delay" },
    linkTemplate: { type: String, attribute: "link-template" },
    query: { state: true },
    offset: { state: true },
    items: { state: true },
    count: { state: true },
    creating: { state: true },
    mode: { state: true },
    templates: { state: true },
    allDashboards: { state: true },
    formError: { state: true },
    optionsStatus: { state: true },
    createdId: { state: true }
  }

  /** Dashboards per page (default 10). */
  declare pageSize: number
  /** Milliseconds of quiet typing before a search is sent (default 300). */
  declare searchDelay: number
  /** Turns names into links: `{id}` is replaced by the dashboard's id. */
  declare linkTemplate: string | undefined
  declare private query: string
  declare private offset: number
  declare private items: ReadonlyArray<DashboardBasic>
  declare private count: number
  declare private creating: boolean
  declare private mode: Mode
  declare private templates: ReadonlyArray<DashboardTemplate>
  declare private allDashboards: ReadonlyArray<DashboardBasic>
  declare private formError: string
  /** The choices of the create form's template / source select. */
  declare private optionsStatus: "loading" | "ready" | "error"
  /** The dashboard this widget just created: highlighted, and kept on the page it was created from. */
  declare private createdId: number | undefined
  private readonly menu = new OverflowMenu(this)
  /** Dashboards of this page as PostHog sent it (a new one shown on top is not counted in the range). */
  private pageLength = 0
  private debounce: ReturnType<typeof setTimeout> | undefined

  protected readonly defaultStrings = defaultDashboardsStrings
  protected readonly reloadOn = ["pageSize"]

  constructor() {
    super()
    this.pageSize = 10
    this.searchDelay = 300
    this.query = ""
    this.offset = 0
    this.items = []
    this.count = 0
    this.creating = false
    this.mode = "blank"
    this.templates = []
    this.allDashboards = []
    this.formError = ""
    this.optionsStatus = "ready"
  }

  protected async load(): Promise<void> {
    const page = await this.api.dashboards.list(
      { limit: this.pageSize, offset: this.offset, ...(this.query ? { search: this.query } : {}) },
      { signal: this.signal }
    )
    // PostHog orders by relevance when searching; pinned dashboards still come first on the page.
    this.items = [...page.results].sort((a, b) => Number(Boolean(b.pinned)) - Number(Boolean(a.pinned)))
    this.count = page.count
    this.pageLength = page.results.length
  }

  private onSearch(e: Event): void {
    const value = (e.target as HTMLInputElement).value
    clearTimeout(this.debounce)
    this.debounce = setTimeout(() => {
      if (value.trim() === this.query) return
      this.query = value.trim()
      this.offset = 0
      void this.reload()
    }, this.searchDelay)
  }

  private async go(delta: number): Promise<void> {
    this.offset = Math.max(0, this.offset + delta * this.pageSize)
    await this.reload()
    const [pressed, other] = delta > 0 ? ["next", "previous"] : ["previous", "next"]
    await this.focusLater(`[data-page=${pressed}]:not(:disabled)`, `[data-page=${other}]`)
  }

  private async openCreate(): Promise<void> {
    this.creating = true
    this.formError = ""
    await this.focusLater("#new-name")
  }

  private async closeCreate(): Promise<void> {
    this.creating = false
    await this.focusLater("[data-action=create]")
  }

  private async setMode(mode: Mode): Promise<void> {
    this.mode = mode
    this.formError = ""
    if (mode === "blank" || (mode === "template" ? this.templates : this.allDashboards).length > 0) return
    this.optionsStatus = "loading"
    await this.act(
      async () => {
        if (mode === "template")
          this.templates = (
            await this.api.dashboardTemplates.list({ limit: 100 }, { signal: this.signal })
          ).results
        else
          this.allDashboards = (
            await this.api.dashboards.list({ limit: 100 }, { signal: this.signal })
          ).results
        this.optionsStatus = "ready"
      },
      (m) => {
        this.optionsStatus = "error"
        this.formError = m
      }
    )
  }

  private async retryOptions(): Promise<void> {
    await this.setMode(this.mode)
    // Still failing: the button again; loaded: the choices, or (none to choose) the option picked.
    await this.focusLater("form [part~=retry]", "#new-template, #new-source", "[name=mode]:checked")
  }

  private async submitCreate(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const form = e.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const name = String(data.get("name") ?? "").trim()
    const description = String(data.get("description") ?? "").trim()
    if (!name) {
      this.formError = this.t.nameRequired
      await this.focusLater("#new-name")
      return
    }
    const template = String(data.get("template") ?? "")
    const source = String(data.get("source") ?? "")
    if ((this.mode === "template" && !template) || (this.mode === "copy" && !source)) {
      this.formError = this.t.pickOne
      return
    }
    this.formError = ""
    const created = await this.act(
      () =>
        this.api.dashboards.create({
          name,
          ...(description ? { description } : {}),
          ...(this.mode === "template" ? { use_template: template } : {}),
          ...(this.mode === "copy" ? { use_dashboard: Number(source) } : {})
        }),
      (m) => {
        this.formError = m
      }
    )
    if (!created) return
    this.creating = false
    this.mode = "blank"
    this.allDashboards = []
    await this.showCreated(created, name)
  }

  /**
   * A new dashboard, shown at once: this page again with the new one highlighted on it (at the top when
   * its place is on another page), its name linked, focus on it, and an event the host page can navigate with.
   */
  private async showCreated(created: Dashboard, name: string): Promise<void> {
    const shown = { ...created, name: created.name || name }
    this.createdId = created.id
    this.toast = { message: this.t.created(shown.name) }
    this.emit("hogkit-dashboard-created", { id: created.id, name: shown.name, url: this.href(created) })
    await this.reload()
    if (this.status === "ready" && !this.items.some((d) => d.id === created.id))
      this.items = [shown, ...this.items]
    await this.focusLater(`[data-id="${created.id}"] a`, `[data-menu="d${created.id}"] > button`)
  }

  private async duplicate(d: DashboardBasic): Promise<void> {
    const name = this.t.copyName(d.name || this.t.untitled)
    const created = await this.act(() => this.api.dashboards.create({ name, use_dashboard: d.id }))
    if (created) await this.showCreated(created, name)
  }

  private async removeDashboard(d: DashboardBasic): Promise<void> {
    const name = d.name || this.t.untitled
    const at = this.items.findIndex((x) => x.id === d.id)
    const done = await this.act(() => this.api.dashboards.delete(d.id))
    if (done === undefined) return
    this.toast = {
      message: this.t.deleted(name),
      undo: async () => {
        await this.api.dashboards.restore(d.id)
        await this.reload()
        await this.focusItem(d.id)
      }
    }
    if (this.items.length === 1 && this.offset > 0) this.offset = Math.max(0, this.offset - this.pageSize)
    await this.reload()
    // Focus moves to the card that took the deleted one's place (or the one before it).
    await this.focusItem(this.items[Math.min(at, this.items.length - 1)]?.id)
  }

  /** Focus on a card's menu button, or on the search field when the card is not on the page. */
  private async focusItem(id: number | undefined): Promise<void> {
    await this.focusLater(this.items.some((d) => d.id === id) ? `[data-menu="d${id}"] > button` : "#search")
  }

  private href(d: DashboardBasic): string | null {
    if (!this.linkTemplate) return null
    return this.linkTemplate.replaceAll("{id}", encodeURIComponent(String(d.id)))
  }

  protected override render(): TemplateResult {
    const t = this.t
    // Misconfigured, the widget can do nothing: it says what to fix and offers no controls.
    if (this.misconfigured) return this.renderBare(t.heading)
    return html`<section part="container" aria-labelledby="heading">
      <div class="header" part="header">
        <h2 class="title" id="heading" part="title" tabindex="-1">${t.heading}</h2>
        <button type="button" class="primary" part="button create" data-action="create"
          aria-expanded=${this.creating ? "true" : "false"} aria-controls="create-form"
          @click=${() => (this.creating ? this.closeCreate() : this.openCreate())}>${t.create}</button>
      </div>
      ${this.creating ? this.renderCreate() : nothing}
      <div class="toolbar" role="search" aria-label=${t.heading} part="toolbar">
        <label class="sr-only" for="search">${t.searchLabel}</label>
        <input id="search" type="search" part="input search" placeholder=${t.searchPlaceholder}
          .value=${this.query} @input=${(e: Event) => this.onSearch(e)} />
      </div>
      ${this.renderList()} ${this.renderToast()}
    </section>`
  }

  private renderList(): TemplateResult {
    const t = this.t
    const state = this.renderState(t.loadingLabel, t.loadError)
    if (state) return state
    if (this.items.length === 0) return this.renderEmpty(this.query ? t.noMatches(this.query) : t.empty)
    const pages = Math.max(1, Math.ceil(this.count / this.pageSize))
    const page = Math.floor(this.offset / this.pageSize) + 1
    return html`<ul class="plain" part="list" aria-labelledby="heading" aria-describedby="range">
        ${this.items.map((d) => this.renderItem(d))}
      </ul>
      <nav class="pager" part="pager" aria-label=${t.page(page, pages)}>
        <span class="muted" id="range" aria-live="polite">
          ${t.range(this.offset + 1, this.offset + this.pageLength, this.count)}
        </span>
        <span class="row">
          <button type="button" part="button" data-page="previous" ?disabled=${this.offset === 0} @click=${() => this.go(-1)}>
            ${t.previous}
          </button>
          <span class="muted">${t.page(page, pages)}</span>
          <button type="button" part="button" data-page="next" ?disabled=${this.offset + this.pageSize >= this.count}
            @click=${() => this.go(1)}>${t.next}</button>
        </span>
      </nav>`
  }

  private renderItem(d: DashboardBasic): TemplateResult {
    const t = this.t
    const name = d.name || t.untitled
    const href = this.href(d)
    const tags = (d.tags ?? []).filter((tag): tag is string => typeof tag === "string")
    const created = d.id === this.createdId
    return html`<li class="item ${created ? "created" : ""}" part=${created ? "item created" : "item"} data-id=${d.id}>
      <div class="row" style="min-width:0">
        ${d.pinned ? html`<span class="badge" part="pinned">${pinIcon} ${t.pinned}</span>` : nothing}
        ${created ? html`<span class="badge" part="new">${t.newBadge}</span>` : nothing}
        ${
          href
            ? html`<a class="name clip" part="name" href=${href}><bdi>${name}</bdi></a>`
            : html`<span class="name clip" part="name"><bdi>${name}</bdi></span>`
        }
      </div>
      ${this.menu.render(`d${d.id}`, t.moreActions(name), [
        { label: t.duplicate, run: () => this.duplicate(d) },
        { label: t.delete, danger: true, run: () => this.removeDashboard(d) }
      ])}
      ${d.description ? html`<p class="desc muted user-text" dir="auto" part="description">${d.description}</p>` : nothing}
      ${
        tags.length > 0
          ? html`<div class="tags">${tags.map((tag) => html`<span class="tag clip" part="tag"><bdi>${tag}</bdi></span>`)}</div>`
          : nothing
      }
      <p class="muted">
        <bdi>${t.createdBy(displayName(d.created_by, "—"), relativeTime(d.created_at, this.locale))}</bdi>
      </p>
    </li>`
  }

  private renderCreate(): TemplateResult {
    const t = this.t
    const radio = (mode: Mode, label: string) =>
      html`<label class="check"><input type="radio" name="mode" value=${mode} .checked=${this.mode === mode}
        @change=${() => this.setMode(mode)} /> ${label}</label>`
    return html`<form id="create-form" class="create stack" part="create-form" aria-labelledby="create-heading"
      @submit=${(e: SubmitEvent) => this.submitCreate(e)}
      @keydown=${(e: KeyboardEvent) => {
        if (e.key === "Escape") void this.closeCreate()
      }}>
      <h3 id="create-heading">${t.createHeading}</h3>
      <div class="field">
        <label for="new-name">${t.name}</label>
        <input id="new-name" name="name" part="input" required maxlength="400" autocomplete="off" />
      </div>
      <div class="field">
        <label for="new-description">${t.description}</label>
        <input id="new-description" name="description" part="input" autocomplete="off" />
      </div>
      <fieldset>
        <legend>${t.startFrom}</legend>
        <div class="row">${radio("blank", t.blank)} ${radio("template", t.fromTemplate)} ${radio("copy", t.copyOf)}</div>
      </fieldset>
      ${
        this.mode !== "blank" && this.optionsStatus === "loading"
          ? html`<p class="muted" role="status">${t.loadingOptions}</p>`
          : this.mode !== "blank" && this.optionsStatus === "error"
            ? html`<button type="button" part="button retry" @click=${() => this.retryOptions()}>${t.retry}</button>`
            : this.mode === "template" && this.templates.length === 0
              ? html`<p class="muted" part="empty">${t.noTemplates}</p>`
              : this.mode === "copy" && this.allDashboards.length === 0
                ? html`<p class="muted" part="empty">${t.noDashboards}</p>`
                : nothing
      }
      ${
        this.mode === "template" && this.templates.length > 0
          ? html`<div class="field">
              <label for="new-template">${t.templateLabel}</label>
              <select id="new-template" name="template" part="input">
                <option value="">${t.pickOne}</option>
                ${this.templates.map((tpl) => html`<option value=${tpl.id}>${tpl.template_name ?? tpl.id}</option>`)}
              </select>
            </div>`
          : nothing
      }
      ${
        this.mode === "copy" && this.allDashboards.length > 0
          ? html`<div class="field">
              <label for="new-source">${t.dashboardLabel}</label>
              <select id="new-source" name="source" part="input">
                <option value="">${t.pickOne}</option>
                ${this.allDashboards.map((d) => html`<option value=${String(d.id)}>${d.name || t.untitled}</option>`)}
              </select>
            </div>`
          : nothing
      }
      ${this.formError ? html`<p class="inline-error user-text" role="alert">${this.formError}</p>` : nothing}
      <div class="row">
        <button type="submit" class="primary" part="button">${t.submitCreate}</button>
        <button type="button" part="button" @click=${() => this.closeCreate()}>${t.cancel}</button>
      </div>
    </form>`
  }
}

define("hogkit-dashboards", HogkitDashboards)

declare global {
  interface HTMLElementTagNameMap {
    "hogkit-dashboards": HogkitDashboards
  }
}
