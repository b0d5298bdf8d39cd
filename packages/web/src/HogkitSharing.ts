/**
 * `<hogkit-sharing dashboard-id="12">`: public sharing of one dashboard: turn it on or off, copy the link,
 * refresh the token (after a confirmation, since the old link stops working), and manage passwords when
 * the organization's plan allows them. The heading names the dashboard, read from PostHog with the settings.
 */
import { shareUrl } from "@hogkit/core/catalogue"
import { DEFAULT_HOST } from "@hogkit/core/config"
import type { SharePasswordCreated, SharingConfiguration } from "@hogkit/core/schema"
import { css, html, nothing, type TemplateResult } from "lit"
import {
  type CommonStrings,
  commonStrings,
  define,
  failureMessage,
  HogkitElement
} from "./internal/HogkitElement.js"
import { OverflowMenu } from "./internal/OverflowMenu.js"
import { absoluteTime } from "./internal/time.js"

/** Every user-visible string of `<hogkit-sharing>`. @category strings */
export interface SharingStrings extends CommonStrings {
  heading: string
  headingFor: (dashboard: string) => string
  untitled: string
  loadingLabel: string
  loadError: string
  missingDashboard: string
  enable: string
  enabledHint: string
  disabledHint: string
  linkLabel: string
  copyLink: string
  copied: string
  copyFailed: string
  refresh: string
  refreshTitle: string
  refreshBody: string
  refreshConfirm: string
  refreshed: string
  cancel: string
  passwords: string
  requirePassword: string
  passwordsUnavailable: string
  addPassword: string
  passwordLabel: string
  passwordHint: string
  noteLabel: string
  createdPassword: string
  copyPassword: string
  noPasswords: string
  removePassword: string
  passwordActions: (note: string) => string
  passwordRemoved: string
  passwordMeta: (by: string, when: string) => string
  unnamedPassword: string
}

export const defaultSharingStrings: SharingStrings = {
  ...commonStrings,
  heading: "Share dashboard",
  headingFor: (d) => `Share “${d}”`,
  untitled: "Untitled dashboard",
  loadingLabel: "Loading sharing settings…",
  loadError: "The sharing settings could not be loaded.",
  missingDashboard:
    'This widget needs a dashboard-id attribute: the id of the dashboard to share, e.g. dashboard-id="12".',
  enable: "Share publicly",
  enabledHint: "Anyone with the link can view this dashboard.",
  disabledHint: "Only members of the project can view this dashboard.",
  linkLabel: "Public link",
  copyLink: "Copy link",
  copied: "Link copied to the clipboard.",
  copyFailed: "Copying failed; select the link and copy it yourself.",
  refresh: "Refresh link",
  refreshTitle: "Refresh the public link?",
  refreshBody:
    "A new link is created and the current one stops working, so anyone using it will lose access.",
  refreshConfirm: "Refresh link",
  refreshed: "A new link was created; the old one no longer works.",
  cancel: "Cancel",
  passwords: "Passwords",
  requirePassword: "Require a password",
  passwordsUnavailable: "Password protection is not available for this organization.",
  addPassword: "Add password",
  passwordLabel: "Password (optional)",
  passwordHint: "At least 8 characters. Leave it empty and a strong one is generated.",
  noteLabel: "Note",
  createdPassword: "New password — copy it now, it is not shown again:",
  copyPassword: "Copy password",
  noPasswords: "No passwords yet.",
  removePassword: "Remove",
  passwordActions: (note) => `More actions for password ${note}`,
  passwordRemoved: "Password removed.",
  passwordMeta: (by, when) => `Added by ${by} on ${when}`,
  unnamedPassword: "Password"
}

/**
 * The sharing widget.
 *
 * @example
 * <hogkit-sharing api-base="/posthog" dashboard-id="12" share-base="https://posthog.example.com"></hogkit-sharing>
 * @category elements
 */
export class HogkitSharing extends HogkitElement<SharingStrings> {
  static override styles = [
    HogkitElement.styles,
    css`
      .switch-row { display: flex; align-items: center; justify-content: space-between; gap: 12px; flex-wrap: wrap; }
      [role="switch"] {
        width: 44px; min-height: 24px; height: 24px; padding: 2px; border-radius: 999px; background: var(--_border);
        border: 1px solid var(--_border); position: relative; flex: none;
      }
      [role="switch"]::after {
        content: ""; position: absolute; top: 2px; left: 2px; width: 18px; height: 18px; border-radius: 50%;
        background: var(--_bg); transition: transform 0.15s;
      }
      [role="switch"][aria-checked="true"] { background: var(--_accent); border-color: var(--_accent); }
      [role="switch"][aria-checked="true"]::after { transform: translateX(20px); }
      @media (prefers-reduced-motion: reduce) { [role="switch"]::after { transition: none; } }
      .link-row { display: flex; gap: 8px; flex-wrap: wrap; }
      .link-row input { flex: 1 1 240px; min-width: 0; font-family: ui-monospace, monospace; font-size: 0.9em; }
      .panel { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 12px; }
      .secret { font-family: ui-monospace, monospace; overflow-wrap: anywhere; background: var(--_surface); padding: 4px 8px; border-radius: 4px; }
      .passwords li { display: flex; justify-content: space-between; align-items: center; gap: 8px; padding: 6px 0; }
      .passwords li + li { border-top: 1px solid var(--_border); }
      dialog {
        border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_bg); color: var(--_fg);
        padding: 20px; max-width: min(420px, 90vw);
      }
      dialog::backdrop { background: rgb(0 0 0 / 0.45); }
      dialog .row { justify-content: flex-end; margin-top: 16px; }
    `
  ]

  static override properties = {
    dashboardId: { type: String, attribute: "dashboard-id" },
    shareBase: { type: String, attribute: "share-base" },
    config: { state: true },
    dashboardName: { state: true },
    passwordsBlocked: { state: true },
    created: { state: true },
    working: { state: true },
    formError: { state: true }
  }

  /** The dashboard whose sharing is managed. */
  declare dashboardId: string | undefined
  /** Where shared links live (default: PostHog's US cloud): the link is `<share-base>/shared/<token>`. */
  declare shareBase: string
  declare private config: SharingConfiguration | undefined
  declare private dashboardName: string | undefined
  private readonly menu = new OverflowMenu(this)
  declare private passwordsBlocked: string
  declare private created: SharePasswordCreated | undefined
  declare private working: boolean
  declare private formError: string

  protected readonly defaultStrings = defaultSharingStrings
  protected readonly reloadOn = ["dashboardId"]

  constructor() {
    super()
    this.shareBase = DEFAULT_HOST
    this.passwordsBlocked = ""
    this.working = false
    this.formError = ""
  }

  private get dashboard(): number {
    return Number(this.dashboardId)
  }

  protected override configProblem(): string | undefined {
    const id = this.dashboard
    return super.configProblem() ?? (Number.isInteger(id) && id > 0 ? undefined : this.t.missingDashboard)
  }

  protected async load(): Promise<void> {
    const [config, dashboard] = await Promise.all([
      this.api.sharing.get(this.dashboard, { signal: this.signal }),
      this.api.dashboards.get(this.dashboard, { signal: this.signal })
    ])
    this.config = config
    this.dashboardName = dashboard.name || this.t.untitled
    this.created = undefined
  }

  private get link(): string {
    return (this.config && shareUrl(this.config, this.shareBase)) ?? ""
  }

  private async toggle(): Promise<void> {
    if (!this.config) return
    this.working = true
    const next = await this.act(() =>
      this.api.sharing.update(this.dashboard, { enabled: !this.config?.enabled })
    )
    this.working = false
    if (next) this.config = next
  }

  private async copyText(text: string, done: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text)
      this.toast = { message: done }
    } catch {
      this.renderRoot.querySelector<HTMLInputElement>("#link")?.select()
      this.toast = { message: this.t.copyFailed }
    }
  }

  private openRefresh(): void {
    this.renderRoot.querySelector<HTMLDialogElement>("dialog")?.showModal()
  }

  private async confirmRefresh(e: Event): Promise<void> {
    e.preventDefault()
    this.renderRoot.querySelector<HTMLDialogElement>("dialog")?.close()
    const next = await this.act(() => this.api.sharing.refresh(this.dashboard))
    if (next) {
      this.config = next
      this.toast = { message: this.t.refreshed }
    }
    await this.focusLater("[data-action=refresh]")
  }

  private async togglePasswords(): Promise<void> {
    if (!this.config) return
    this.working = true
    try {
      this.config = await this.api.sharing.update(this.dashboard, {
        password_required: !this.config.password_required
      })
      this.passwordsBlocked = ""
    } catch (e) {
      // PostHog refuses with 403 when the organization's plan lacks the feature; say so instead of an error.
      this.passwordsBlocked = failureMessage(e) || this.t.passwordsUnavailable
    }
    this.working = false
  }

  private async addPassword(e: SubmitEvent): Promise<void> {
    e.preventDefault()
    const form = e.currentTarget as HTMLFormElement
    const data = new FormData(form)
    const raw = String(data.get("password") ?? "")
    const note = String(data.get("note") ?? "").trim()
    this.formError = ""
    const created = await this.act(
      () =>
        this.api.sharing.createPassword(this.dashboard, {
          ...(raw ? { raw_password: raw } : {}),
          ...(note ? { note } : {})
        }),
      (m) => {
        this.formError = m
      }
    )
    if (!created) return
    form.reset()
    this.created = created
    this.config = await this.api.sharing.get(this.dashboard, { signal: this.signal })
    await this.focusLater("[data-action=copy-password]")
  }

  private async removePassword(id: string | number): Promise<void> {
    const done = await this.act(async () => {
      await this.api.sharing.deletePassword(this.dashboard, id)
      return true
    })
    if (!done) return
    this.toast = { message: this.t.passwordRemoved }
    if (this.created?.id === id) this.created = undefined
    this.config = await this.api.sharing.get(this.dashboard, { signal: this.signal })
    await this.focusLater("#new-password")
  }

  private get headingText(): string {
    return this.dashboardName && this.status === "ready"
      ? this.t.headingFor(this.dashboardName)
      : this.t.heading
  }

  protected override render(): TemplateResult {
    const t = this.t
    return html`<section part="container" aria-labelledby="heading">
      <div class="header" part="header">
        <h2 class="title user-text" id="heading" part="title" tabindex="-1"><bdi>${this.headingText}</bdi></h2>
      </div>
      ${this.renderState(t.loadingLabel, t.loadError) ?? (this.config ? this.renderConfig(this.config) : nothing)}
      ${this.renderToast()}
      <dialog part="dialog" aria-labelledby="refresh-title" aria-describedby="refresh-body">
        <form method="dialog" @submit=${(e: Event) => this.confirmRefresh(e)}>
          <h3 id="refresh-title">${t.refreshTitle}</h3>
          <p id="refresh-body" style="margin-top:8px">${t.refreshBody}</p>
          <div class="row">
            <button type="button" part="button" autofocus @click=${() => this.renderRoot.querySelector("dialog")?.close()}>
              ${t.cancel}
            </button>
            <button type="submit" class="primary" part="button confirm">${t.refreshConfirm}</button>
          </div>
        </form>
      </dialog>
    </section>`
  }

  private renderConfig(config: SharingConfiguration): TemplateResult {
    const t = this.t
    return html`<div class="stack">
      <div class="switch-row">
        <div>
          <p id="share-label" style="font-weight:600">${t.enable}</p>
          <p class="muted" id="share-hint">${config.enabled ? t.enabledHint : t.disabledHint}</p>
        </div>
        <button type="button" role="switch" part="switch" aria-checked=${config.enabled ? "true" : "false"}
          aria-labelledby="share-label" aria-describedby="share-hint" ?disabled=${this.working}
          @click=${() => this.toggle()}></button>
      </div>
      ${config.enabled ? this.renderLink() : nothing} ${config.enabled ? this.renderPasswords(config) : nothing}
    </div>`
  }

  private renderLink(): TemplateResult {
    const t = this.t
    return html`<div class="field">
      <label for="link">${t.linkLabel}</label>
      <div class="link-row">
        <input id="link" part="input link" readonly .value=${this.link} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
        <button type="button" part="button copy" @click=${() => this.copyText(this.link, t.copied)}>${t.copyLink}</button>
        <button type="button" part="button refresh" data-action="refresh" @click=${() => this.openRefresh()}>${t.refresh}</button>
      </div>
    </div>`
  }

  private renderPasswords(config: SharingConfiguration): TemplateResult {
    const t = this.t
    const passwords = config.share_passwords ?? []
    return html`<div class="panel stack" part="passwords">
      <div class="switch-row">
        <p id="pw-label" style="font-weight:600">${t.requirePassword}</p>
        <button type="button" role="switch" part="switch" aria-checked=${config.password_required ? "true" : "false"}
          aria-labelledby="pw-label" ?disabled=${this.working} @click=${() => this.togglePasswords()}></button>
      </div>
      ${this.passwordsBlocked ? html`<p class="muted user-text" role="status">${this.passwordsBlocked}</p>` : nothing}
      ${
        config.password_required
          ? html`
              ${
                this.created
                  ? html`<div class="stack" role="status" part="created-password">
                      <p>${t.createdPassword}</p>
                      <div class="row">
                        <code class="secret">${this.created.password}</code>
                        <button type="button" part="button" data-action="copy-password"
                          @click=${() => this.copyText(this.created?.password ?? "", t.copied)}>${t.copyPassword}</button>
                      </div>
                    </div>`
                  : nothing
              }
              ${
                passwords.length === 0
                  ? html`<p class="muted">${t.noPasswords}</p>`
                  : html`<ul class="plain passwords" part="password-list" aria-label=${t.passwords}>
                      ${passwords.map((p) => {
                        const note = p.note || t.unnamedPassword
                        return html`<li>
                          <span class="stack" style="gap:0">
                            <span class="clip"><bdi>${note}</bdi></span>
                            <span class="muted"><bdi>${t.passwordMeta(p.created_by_email ?? "—", absoluteTime(p.created_at, this.locale))}</bdi></span>
                          </span>
                          ${this.menu.render(`p${p.id}`, t.passwordActions(note), [
                            { label: t.removePassword, danger: true, run: () => this.removePassword(p.id) }
                          ])}
                        </li>`
                      })}
                    </ul>`
              }
              <form class="stack" @submit=${(e: SubmitEvent) => this.addPassword(e)}>
                <div class="row" style="align-items:flex-end">
                  <div class="field" style="flex:1 1 180px">
                    <label for="new-password">${t.passwordLabel}</label>
                    <input id="new-password" name="password" type="password" part="input" autocomplete="new-password"
                      aria-describedby="pw-hint" />
                  </div>
                  <div class="field" style="flex:1 1 140px">
                    <label for="new-note">${t.noteLabel}</label>
                    <input id="new-note" name="note" part="input" maxlength="100" autocomplete="off" />
                  </div>
                  <button type="submit" part="button">${t.addPassword}</button>
                </div>
                <p class="muted" id="pw-hint">${t.passwordHint}</p>
                ${this.formError ? html`<p class="inline-error user-text" role="alert">${this.formError}</p>` : nothing}
              </form>`
          : nothing
      }
    </div>`
  }
}

define("hogkit-sharing", HogkitSharing)

declare global {
  interface HTMLElementTagNameMap {
    "hogkit-sharing": HogkitSharing
  }
}
