/**
 * What every widget shares: the `api-base`/`project-id`/`theme`/`locale`/`strings` attributes, the API
 * runtime (rebuilt when the connection attributes change), cancellation of requests in flight when the
 * element leaves the page, and the loading / error / empty renderings.
 */

import { describeFailure } from "@hogkit/core/requests"
import {
  type CSSResultGroup,
  html,
  LitElement,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult
} from "lit"
import { type Api, makeApi } from "./Api.js"
import { menuStyles } from "./OverflowMenu.js"
import { baseStyles } from "./styles.js"

export type Status = "idle" | "loading" | "ready" | "error"

/** What a widget shows for a failure: core's advice (what failed, in the operation's words, and what to do). */
export const failureMessage = (e: unknown): string => describeFailure(e).text

export interface CommonStrings {
  loading: string
  retry: string
  dismiss: string
  undo: string
  missingApiBase: string
}

export const commonStrings: CommonStrings = {
  loading: "Loading…",
  retry: "Try again",
  dismiss: "Dismiss",
  undo: "Undo",
  missingApiBase:
    'This widget needs an api-base attribute: the URL where your server mounts the hogkit proxy, e.g. api-base="/posthog".'
}

export interface Toast {
  readonly message: string
  readonly undo?: () => Promise<void>
}

export abstract class HogkitElement<S extends CommonStrings> extends LitElement {
  static override styles: CSSResultGroup = [baseStyles, menuStyles]

  static override properties: PropertyDeclarations = {
    apiBase: { type: String, attribute: "api-base" },
    projectId: { type: String, attribute: "project-id" },
    theme: { type: String, reflect: true },
    locale: { type: String },
    strings: { type: Object },
    status: { state: true },
    errorMessage: { state: true },
    misconfigured: { state: true },
    toast: { state: true }
  }

  declare apiBase: string | undefined
  declare projectId: string | undefined
  declare theme: "light" | "dark" | "auto" | undefined
  declare locale: string | undefined
  /** Host-provided replacements for any user-visible string. */
  declare strings: Partial<S> | undefined
  declare protected status: Status
  declare protected errorMessage: string
  /** The error is the page's: an attribute is missing or wrong, so "Try again" could not help. */
  declare protected misconfigured: boolean
  declare protected toast: Toast | undefined

  protected abstract readonly defaultStrings: S
  #api: Api | undefined
  #apiKey = ""
  #controller = new AbortController()

  constructor() {
    super()
    this.status = "idle"
    this.errorMessage = ""
    this.misconfigured = false
  }

  /** The strings in use: the defaults with the host's overrides on top. */
  protected get t(): S {
    return { ...this.defaultStrings, ...(this.strings ?? {}) }
  }

  protected get api(): Api {
    const key = `${this.apiBase ?? ""}|${this.projectId ?? ""}`
    if (!this.#api || key !== this.#apiKey) {
      void this.#api?.close()
      this.#api = makeApi(this.apiBase ?? "", this.projectId)
      this.#apiKey = key
    }
    return this.#api
  }

  /** Aborted when the element leaves the page or reloads. */
  protected get signal(): AbortSignal {
    return this.#controller.signal
  }

  /** The attributes that, when changed, mean the widget should load again. */
  protected abstract readonly reloadOn: ReadonlyArray<string>

  /** Loads the widget's data; errors are shown with a retry button. */
  protected abstract load(): Promise<void>

  override connectedCallback(): void {
    super.connectedCallback()
    // Moved elsewhere in the document: what was in flight was cancelled on the way out, so start over.
    if (this.hasUpdated && this.#controller.signal.aborted) void this.reload()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#controller.abort()
    void this.#api?.close()
    this.#api = undefined
  }

  protected override willUpdate(changed: PropertyValues): void {
    const keys = ["apiBase", "projectId", ...this.reloadOn]
    if (!this.hasUpdated || keys.some((k) => changed.has(k as keyof this))) void this.reload()
  }

  /** Cancels what is in flight and loads again. */
  protected async reload(): Promise<void> {
    this.#controller.abort()
    this.#controller = new AbortController()
    const problem = this.configProblem()
    this.misconfigured = problem !== undefined
    if (problem) {
      this.status = "error"
      this.errorMessage = problem
      return
    }
    this.status = "loading"
    try {
      await this.load()
      this.status = "ready"
    } catch (e) {
      if (e instanceof DOMException && e.name === "AbortError") return
      this.status = "error"
      this.errorMessage = failureMessage(e)
    }
  }

  /** What the page must fix before the widget can load (a missing or malformed attribute), if anything. */
  protected configProblem(): string | undefined {
    return this.apiBase ? undefined : this.t.missingApiBase
  }

  /** "Try again": loads again, then puts focus on the loaded content's heading, or back on the button. */
  protected async retry(): Promise<void> {
    await this.reload()
    await this.focusLater(this.status === "error" ? "[part~=retry]" : "#heading")
  }

  /** Runs a user action; a failure becomes a message next to the control rather than an exception. */
  protected async act<A>(fn: () => Promise<A>, onError?: (message: string) => void): Promise<A | undefined> {
    try {
      return await fn()
    } catch (e) {
      const message = failureMessage(e)
      if (onError) onError(message)
      else this.toast = { message }
      return undefined
    }
  }

  protected renderLoading(label: string): TemplateResult {
    return html`<div class="state" role="status" part="loading">
      <span class="sr-only">${label}</span>
      <div class="skeleton" style="width: 70%"></div>
      <div class="skeleton" style="width: 90%"></div>
      <div class="skeleton" style="width: 55%"></div>
    </div>`
  }

  protected renderError(prefix: string): TemplateResult {
    if (this.misconfigured) return this.renderMisconfigured()
    return html`<div class="state error" role="alert" part="error">
      <p>${prefix}</p>
      <p class="user-text">${this.errorMessage}</p>
      <button type="button" part="button retry" @click=${() => this.retry()}>${this.t.retry}</button>
    </div>`
  }

  /** An attribute is missing or wrong: say which and how to set it; no "Try again", which could not help. */
  protected renderMisconfigured(): TemplateResult {
    return html`<div class="state error" role="alert" part="misconfigured"><p class="user-text">${this.errorMessage}</p></div>`
  }

  /** The whole widget when misconfigured: its heading and what to fix. */
  protected renderBare(heading: string): TemplateResult {
    return html`<section part="container" aria-labelledby="heading">
      <div class="header" part="header"><h2 class="title" id="heading" part="title">${heading}</h2></div>
      ${this.renderMisconfigured()}
    </section>`
  }

  /** The loading or error rendering of the main load, or null once it is ready. */
  protected renderState(loadingLabel: string, loadError: string): TemplateResult | null {
    const s = this.status
    return s === "ready"
      ? null
      : s === "error"
        ? this.renderError(loadError)
        : this.renderLoading(loadingLabel)
  }

  protected renderEmpty(message: string): TemplateResult {
    return html`<p class="state" part="empty">${message}</p>`
  }

  /** The live region for confirmations, failures of actions, and undo. */
  protected renderToast(): TemplateResult {
    const toast = this.toast
    return html`<div class="toast-region" role="status" aria-live="polite" part="toast-region">
      ${
        toast
          ? html`<div class="toast" part="toast">
              <span class="user-text">${toast.message}</span>
              <span class="row">
                ${
                  toast.undo
                    ? html`<button type="button" part="button undo" class="link" @click=${() => this.runUndo(toast)}>
                        ${this.t.undo}
                      </button>`
                    : null
                }
                <button type="button" class="link" part="button dismiss" @click=${() => this.dismissToast()}>${this.t.dismiss}</button>
              </span>
            </div>`
          : null
      }
    </div>`
  }

  private async runUndo(toast: Toast): Promise<void> {
    this.toast = undefined
    await this.act(async () => {
      await toast.undo?.()
    })
    await this.keepFocus()
  }

  private async dismissToast(): Promise<void> {
    this.toast = undefined
    await this.keepFocus()
  }

  /** The button that had focus is gone: unless the action moved focus on, it goes to the heading. */
  private async keepFocus(): Promise<void> {
    await this.updateComplete
    const active = (this.renderRoot as ShadowRoot).activeElement
    if (!active?.isConnected) this.renderRoot.querySelector<HTMLElement>("#heading")?.focus()
  }

  /** After the next render, moves focus to the first selector that matches something (tried in order). */
  protected async focusLater(...selectors: ReadonlyArray<string>): Promise<void> {
    await this.updateComplete
    for (const selector of selectors) {
      const el = this.renderRoot.querySelector<HTMLElement>(selector)
      if (el) return el.focus()
    }
  }

  protected emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }))
  }
}

/** Defines a custom element once, so loading two bundles on one page does not throw. */
export const define = (name: string, ctor: CustomElementConstructor): void => {
  if (!customElements.get(name)) customElements.define(name, ctor)
}
