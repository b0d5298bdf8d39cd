/**
 * The "more actions" menu every widget puts rare and destructive actions in, so a list is not a column of
 * red Delete links. It follows WAI-ARIA's menu-button pattern: the button says `aria-haspopup="menu"` and
 * `aria-expanded`; the menu is `role="menu"` with `role="menuitem"` buttons; arrows, Home and End move
 * between items; Escape, a click outside or choosing an item close it and put focus back on the button
 * (an item's action may then move it on). One menu per widget is open at a time.
 *
 * @example
 * readonly menu = new OverflowMenu(this)
 * render() { return this.menu.render(`d${d.id}`, `More actions for ${name}`, [{ label: "Delete", danger: true, run: () => this.remove(d) }]) }
 */
import { css, html, type LitElement, nothing, type ReactiveController, type TemplateResult } from "lit"

export interface MenuItem {
  readonly label: string
  /** Runs after the menu has closed and focus is back on the menu button. */
  readonly run: () => unknown
  /** Styled as destructive. */
  readonly danger?: boolean
}

const dots = html`<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="currentColor"><circle cx="3" cy="8" r="1.5"/><circle cx="8" cy="8" r="1.5"/><circle cx="13" cy="8" r="1.5"/></svg>`

export const menuStyles = css`
  .menu { position: relative; display: inline-flex; }
  .menu > button { padding: 2px 6px; min-width: 32px; justify-content: center; background: none; border-color: transparent; color: var(--_muted); }
  .menu > button[aria-expanded="true"] { border-color: var(--_border); background: var(--_surface); }
  [role="menu"] {
    position: absolute; inset-inline-end: 0; top: calc(100% + 4px); z-index: 10; min-width: 9em; margin: 0; padding: 4px;
    list-style: none; background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius);
    box-shadow: 0 6px 18px rgb(0 0 0 / 0.2);
  }
  [role="menuitem"] { width: 100%; border: 0; background: none; justify-content: flex-start; font-weight: 500; white-space: nowrap; }
  [role="menuitem"]:is(:hover, :focus) { background: var(--_surface); }
  [role="menuitem"].danger { color: var(--_danger); }
`

export class OverflowMenu implements ReactiveController {
  #open: string | undefined
  readonly #host: LitElement

  constructor(host: LitElement) {
    this.#host = host
    host.addController(this)
  }

  hostDisconnected(): void {
    this.#set(undefined)
  }

  /** The menu's button and, when open, its items. `key` must be unique in the widget (e.g. the row's id). */
  render(key: string, label: string, items: ReadonlyArray<MenuItem>): TemplateResult {
    const open = this.#open === key
    return html`<div class="menu" part="menu" data-menu=${key}>
      <button type="button" part="button menu-button" id="menu-${key}" aria-label=${label} aria-haspopup="menu"
        aria-expanded=${open ? "true" : "false"} aria-controls=${open ? `menu-${key}-items` : nothing}
        @click=${() => (open ? this.close() : this.#openAt(key, 0))}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return
          e.preventDefault()
          void this.#openAt(key, e.key === "ArrowDown" ? 0 : -1)
        }}>${dots}</button>
      ${
        open
          ? html`<ul role="menu" id="menu-${key}-items" aria-labelledby="menu-${key}" part="menu-items"
              @keydown=${(e: KeyboardEvent) => this.#onKey(e)}>
              ${items.map(
                (item) => html`<li role="none"><button type="button" role="menuitem" tabindex="-1"
                  part=${item.danger ? "button menu-item danger" : "button menu-item"} class=${item.danger ? "danger" : ""}
                  @click=${async () => {
                    await this.close()
                    await item.run()
                  }}>${item.label}</button></li>`
              )}
            </ul>`
          : nothing
      }
    </div>`
  }

  /** True while menu `key` is open. */
  isOpen(key: string): boolean {
    return this.#open === key
  }

  /**
   * Opens menu `key` with focus on item `index` (-1: the last), as its button's keys do. A list of hundreds
   * can draw a plain closed button per row (same `data-menu` wrapper, one delegated listener calling this)
   * and `render` only the open one: each rendered menu is two listeners and a nested template more.
   */
  open(key: string, index = 0): Promise<void> {
    return this.#openAt(key, index)
  }

  /** Closes the open menu; with `refocus`, focus goes back to its button. */
  async close(refocus = true): Promise<void> {
    const key = this.#open
    if (key === undefined) return
    this.#set(undefined)
    await this.#host.updateComplete
    if (refocus) this.#host.renderRoot.querySelector<HTMLElement>(`[data-menu="${key}"] > button`)?.focus()
  }

  #set(key: string | undefined): void {
    this.#open = key
    if (key === undefined) document.removeEventListener("pointerdown", this.#outside, true)
    else document.addEventListener("pointerdown", this.#outside, true)
    this.#host.requestUpdate()
  }

  async #openAt(key: string, index: number): Promise<void> {
    this.#set(key)
    await this.#host.updateComplete
    this.#items().at(index)?.focus()
  }

  #items(): Array<HTMLElement> {
    return [
      ...this.#host.renderRoot.querySelectorAll<HTMLElement>(`[data-menu="${this.#open}"] [role=menuitem]`)
    ]
  }

  #onKey(e: KeyboardEvent): void {
    const items = this.#items()
    const at = items.indexOf((this.#host.renderRoot as ShadowRoot).activeElement as HTMLElement)
    const to: Record<string, number> = {
      ArrowDown: (at + 1) % items.length,
      ArrowUp: (at - 1 + items.length) % items.length,
      Home: 0,
      End: items.length - 1
    }
    if (e.key in to) {
      e.preventDefault()
      items[to[e.key] as number]?.focus()
    } else if (e.key === "Escape") {
      e.preventDefault()
      e.stopPropagation()
      void this.close()
    } else if (e.key === "Tab") void this.close(false)
  }

  /** A press outside the open menu closes it; focus goes back to the button unless the press put it elsewhere. */
  #outside = (e: Event): void => {
    const wrap = this.#host.renderRoot.querySelector(`[data-menu="${this.#open}"]`)
    if (!wrap || e.composedPath().includes(wrap)) return
    const key = this.#open
    void this.close(false)
    setTimeout(() => {
      let active = document.activeElement
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement
      if (!active || active === document.body) {
        this.#host.renderRoot.querySelector<HTMLElement>(`[data-menu="${key}"] > button`)?.focus()
      }
    })
  }
}
