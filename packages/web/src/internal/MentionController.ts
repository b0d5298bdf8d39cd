/**
 * The `@` list of a comment widget's textareas: typing `@` and part of a name opens a list of people, the
 * arrow keys move through it, Enter or Tab (or a click) puts `@Name ` in the text, Escape closes it. One
 * list is open at a time, tied to one textarea by its id. The people picked in each textarea are kept, so
 * that when the text is sent their `@Name` becomes a mention node rather than plain text.
 *
 * It drives its host as a Lit controller does (asking it to render when the list changes) but registers no
 * lifecycle hooks, as it needs none: the list lives and dies with the textarea's focus.
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from "lit"
import type { Mention } from "./tiptap.js"
import { displayName, type PersonLike } from "./users.js"

/** Someone who can be mentioned: PostHog's mention nodes name people by numeric id. */
export type Mentionable = PersonLike & { id: number }

/** The strings the list shows or names people with. */
export interface MentionStrings {
  readonly mention: (id: string) => string
  readonly unknownUser: string
  readonly mentionsLabel: string
}

/** The open list: which textarea, where its `@` is, what follows it, which option is in use. */
interface OpenList {
  readonly key: string
  readonly start: number
  readonly query: string
  readonly active: number
}

const MAX_SUGGESTIONS = 6

export class MentionController {
  #open: OpenList | null = null
  /** People picked from the list in each textarea (by its id), so their `@Name` becomes a mention. */
  #picked = new Map<string, Map<number, Mention>>()
  /** The `@` whose list was dismissed with Escape: it stays closed until another `@` is typed. */
  #dismissed = ""

  readonly #host: ReactiveControllerHost & { readonly renderRoot: ParentNode }
  readonly #candidates: () => Iterable<PersonLike | null | undefined>
  readonly #strings: () => MentionStrings

  /**
   * `candidates` lists everyone who may be mentioned, in the order offered (repeats and people without a
   * numeric id are skipped); `strings` gives the host's strings as they are now.
   */
  constructor(
    host: ReactiveControllerHost & { readonly renderRoot: ParentNode },
    candidates: () => Iterable<PersonLike | null | undefined>,
    strings: () => MentionStrings
  ) {
    this.#host = host
    this.#candidates = candidates
    this.#strings = strings
  }

  // Renders only on a change, as a Lit state property would: every textarea's blur closes the list.
  #show(list: OpenList | null): void {
    if (list === this.#open) return
    this.#open = list
    this.#host.requestUpdate()
  }

  /** Everyone the composer can mention, each once. */
  people(): Array<Mentionable> {
    const out = new Map<number, Mentionable>()
    for (const p of this.#candidates())
      if (p && typeof p.id === "number" && !out.has(p.id)) out.set(p.id, p as Mentionable)
    return [...out.values()]
  }

  #suggestions(query: string): Array<Mentionable> {
    const q = query.toLowerCase()
    const unknown = this.#strings().unknownUser
    return this.people()
      .filter((p) => `${displayName(p, unknown)} ${p.email ?? ""}`.toLowerCase().includes(q))
      .slice(0, MAX_SUGGESTIONS)
  }

  /** The people picked in a textarea since it was last sent or cancelled. */
  picked(areaId: string): Iterable<Mention> {
    return this.#picked.get(areaId)?.values() ?? []
  }

  /** Forgets what was picked in a textarea: its text was sent, or the edit cancelled. */
  forget(areaId: string): void {
    this.#picked.delete(areaId)
  }

  /** Opens, narrows or closes the list of people as the text before the caret changes. */
  onInput = (e: Event): void => {
    const area = e.currentTarget as HTMLTextAreaElement
    const before = area.value.slice(0, area.selectionStart)
    // An `@` at a word start, then up to two words of a name.
    const m = /(?:^|\s)@([^\s@]{0,40}(?: [^\s@]{0,40})?)$/.exec(before)
    const query = m?.[1]
    const start = before.length - (query?.length ?? 0) - 1
    if (
      query === undefined ||
      this.#dismissed === `${area.id}@${start}` ||
      this.#suggestions(query).length === 0
    ) {
      this.#show(null)
      return
    }
    const same = this.#open?.key === area.id && this.#open.query === query
    this.#show({
      key: area.id,
      start,
      query,
      active: same ? (this.#open?.active ?? 0) : 0
    })
  }

  close = (): void => {
    this.#show(null)
  }

  /** Puts `@Name ` in place of what was typed after `@`, and remembers that the name is a mention. */
  #pick(area: HTMLTextAreaElement, person: Mentionable): void {
    const s = this.#open
    if (!s) return
    const label = displayName(person, this.#strings().mention(String(person.id)))
    const end = s.start + 1 + s.query.length
    const insert = `@${label} `
    area.value = area.value.slice(0, s.start) + insert + area.value.slice(end)
    const caret = s.start + insert.length
    area.setSelectionRange(caret, caret)
    let picked = this.#picked.get(area.id)
    if (!picked) {
      picked = new Map()
      this.#picked.set(area.id, picked)
    }
    picked.set(person.id, { id: person.id, label })
    this.#show(null)
    area.focus()
  }

  /**
   * Arrow keys move through the open list, Enter or Tab picks, Escape closes it. True when the key was
   * the list's, so the textarea's own shortcuts (send, cancel) leave it alone.
   */
  handleKey(e: KeyboardEvent): boolean {
    const s = this.#open
    const area = e.currentTarget as HTMLTextAreaElement
    if (!s || s.key !== area.id || e.ctrlKey || e.metaKey) return false
    const options = this.#suggestions(s.query)
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      const step = e.key === "ArrowDown" ? 1 : -1
      this.#show({ ...s, active: (s.active + step + options.length) % options.length })
    } else if (e.key === "Enter" || e.key === "Tab") {
      const person = options[s.active]
      if (!person) return false
      this.#pick(area, person)
    } else if (e.key === "Escape") {
      this.#dismissed = `${s.key}@${s.start}`
      this.#show(null)
    } else return false
    e.preventDefault()
    return true
  }

  /** The open list's id while it belongs to textarea `key`: the textarea's `aria-controls`. */
  listIdFor(key: string): string | typeof nothing {
    return this.#open?.key === key ? `mentions-${key}` : nothing
  }

  /** The option in use, for the textarea's `aria-activedescendant`: focus stays in the textarea. */
  activeIdFor(key: string): string | typeof nothing {
    return this.#open?.key === key ? `mention-${key}-${this.#open.active}` : nothing
  }

  /** The list under the textarea with id `key`, when it is the one open. */
  render(key: string): TemplateResult | typeof nothing {
    const s = this.#open
    if (!s || s.key !== key) return nothing
    const t = this.#strings()
    const unknown = t.unknownUser
    return html`<ul class="plain mentions" role="listbox" id="mentions-${key}" part="mentions"
      aria-label=${t.mentionsLabel}>
      ${this.#suggestions(s.query).map(
        (
          p,
          i
        ) => html`<li role="option" id="mention-${key}-${i}" aria-selected=${i === s.active ? "true" : "false"}
          part="mention-option" @mousedown=${(e: Event) => e.preventDefault()}
          @click=${() => {
            const area = this.#host.renderRoot.querySelector<HTMLTextAreaElement>(`textarea[id="${key}"]`)
            if (area) this.#pick(area, p)
          }}><bdi>${displayName(p, unknown)}</bdi>${p.email ? html` <span class="muted">${p.email}</span>` : nothing}</li>`
      )}
    </ul>`
  }
}
