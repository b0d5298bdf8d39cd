/**
 * `<hogkit-comments scope="Dashboard" item-id="12">`: the discussion of one PostHog item, as PostHog's own
 * discussion panel shows it: threads of a root and its replies, a composer with formatting (toolbar,
 * shortcuts and markdown-style markers, stored as PostHog's TipTap `rich_content`), emoji reactions,
 * editing and deleting your own comments (with undo) from a "more actions" menu, tasks that can be
 * completed and reopened, mentions as names, and older pages on demand. Threads read oldest first, as a
 * conversation. The count (comments, not reactions) stays current by polling.
 */
import type { Comment } from "@hogkit/core/schema"
import { css, html, nothing, type TemplateResult } from "lit"
import type { Me } from "./internal/Api.js"
import { activeFormats, applyFormat, FORMATS, type Format, formatForKey } from "./internal/formatting.js"
import { type CommonStrings, commonStrings, define, HogkitElement } from "./internal/HogkitElement.js"
import { MentionController } from "./internal/MentionController.js"
import { type MenuItem, OverflowMenu } from "./internal/OverflowMenu.js"
import { QUICK_REACTIONS, type ReactionSummary, summarise } from "./internal/reactions.js"
import { renderPlain, renderRich } from "./internal/richText.js"
import { ThreadStore } from "./internal/ThreadStore.js"
import { absoluteTime, relativeTime } from "./internal/time.js"
import { docToPlain, docToText, mentionIds, mentionsIn, richBodyFor } from "./internal/tiptap.js"
import { displayName, initials, type PersonLike } from "./internal/users.js"

/** Every user-visible string of `<hogkit-comments>`. @category strings */
export interface CommentsStrings extends CommonStrings {
  heading: string
  count: (n: number) => string
  loadingLabel: string
  loadError: string
  empty: string
  composerLabel: string
  composerPlaceholder: string
  replyLabel: string
  asTask: string
  post: string
  postTask: string
  sendReply: string
  reply: string
  edit: string
  editLabel: string
  save: string
  cancel: string
  delete: string
  deleted: string
  posted: string
  task: string
  openTask: string
  completedBy: (name: string, when: string) => string
  complete: string
  reopen: string
  edited: string
  loadMore: string
  newActivity: string
  showNew: string
  unknownUser: string
  mention: (id: string) => string
  repliesLabel: (author: string) => string
  commentBy: (author: string) => string
  shortcutHint: string
  mentionsLabel: string
  moreActions: (author: string) => string
  makeTask: string
  makeComment: string
  madeTask: string
  madeComment: string
  taskMentions: (names: string) => string
  reactionsLabel: string
  addReaction: string
  pickReaction: string
  reactWith: (emoji: string) => string
  reactionLabel: (emoji: string, count: number, includesYou: boolean) => string
  you: string
  formatting: string
  formats: Record<Format, string>
}

export const defaultCommentsStrings: CommentsStrings = {
  ...commonStrings,
  heading: "Discussion",
  count: (n) => (n === 1 ? "1 comment" : `${n} comments`),
  loadingLabel: "Loading the discussion…",
  loadError: "The discussion could not be loaded.",
  empty: "No comments yet. Start the discussion below.",
  composerLabel: "Add a comment",
  composerPlaceholder: "Write a comment…",
  replyLabel: "Write a reply",
  asTask: "Post as a task",
  post: "Comment",
  postTask: "Create task",
  sendReply: "Reply",
  reply: "Reply",
  edit: "Edit",
  editLabel: "Edit your comment",
  save: "Save",
  cancel: "Cancel",
  delete: "Delete",
  deleted: "Comment deleted.",
  posted: "Comment posted.",
  task: "Task",
  openTask: "Open task",
  completedBy: (name, when) => `Completed by ${name} ${when}`,
  complete: "Mark complete",
  reopen: "Reopen",
  edited: "edited",
  loadMore: "Load older comments",
  newActivity: "There are new comments.",
  showNew: "Show them",
  unknownUser: "Someone",
  mention: (id) => `user ${id}`,
  repliesLabel: (author) => `Replies to ${author}`,
  commentBy: (author) => `Comment by ${author}`,
  shortcutHint: "Ctrl+Enter to send, @ to mention, **bold**, *italic*, `code`, - list",
  mentionsLabel: "People to mention",
  moreActions: (author) => `More actions for the comment by ${author}`,
  makeTask: "Make it a task",
  makeComment: "Make it a comment",
  madeTask: "The comment is now a task.",
  madeComment: "The task is now a comment.",
  taskMentions: (names) => `Mentioned: ${names}`,
  reactionsLabel: "Reactions",
  addReaction: "Add a reaction",
  pickReaction: "Pick a reaction",
  reactWith: (emoji) => `React with ${emoji}`,
  reactionLabel: (emoji, n, you) =>
    `${emoji} ${n === 1 ? "1 reaction" : `${n} reactions`}${you ? ", including you" : ""}`,
  you: "you",
  formatting: "Formatting",
  formats: {
    bold: "Bold",
    italic: "Italic",
    code: "Code",
    link: "Link",
    list: "Bulleted list",
    mention: "Mention someone"
  }
}

/**
 * What a comment shows that depends only on the comment, the locale, the strings and the people known:
 * worked out once per comment rather than on every render, because a re-render (a toast, a reply form
 * opening) walks every comment of the thread again.
 */
interface View {
  readonly author: string
  readonly label: string
  readonly menuLabel: string
  readonly initials: string
  readonly body: TemplateResult | string | ReadonlyArray<TemplateResult | string>
}

/** A plain body; a lone string (no links in it) binds as text, lighter than a list of parts. */
const plainBody = (text: string) => {
  const parts = renderPlain(text)
  return parts.length === 1 && typeof parts[0] === "string" ? parts[0] : parts
}

/** A comment's article, which takes focus when an action moves on to it. */
const commentSelector = (id: string) => `article[data-comment="${id}"]`
/** The id of the comment an element is in. */
const commentOf = (el: Element) => el.closest<HTMLElement>("article[data-comment]")?.dataset.comment ?? ""
/** The "more actions" button of a comment. */
const menuButton = (c: Comment) => `[data-menu="c${c.id}"] > button`

// Drawn rather than an emoji, which not every system has a font for.
const linkIcon = html`<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"><path d="M7 9.5a3 3 0 0 0 4.2 0l2.3-2.3a3 3 0 0 0-4.2-4.2L8.5 3.8M9 6.5a3 3 0 0 0-4.2 0L2.5 8.8A3 3 0 0 0 6.7 13l.8-.8"/></svg>`

/**
 * Arrow keys, Home and End move focus between the buttons of a toolbar or the reaction picker, which are one
 * tab stop each (the focused button takes the stop). True when the key was one of those.
 */
const rove = (e: KeyboardEvent): boolean => {
  const buttons = [...(e.currentTarget as HTMLElement).querySelectorAll("button")]
  const at = buttons.indexOf(e.target as HTMLButtonElement)
  const n = buttons.length
  const to = {
    ArrowRight: at + 1,
    ArrowDown: at + 1,
    ArrowLeft: at - 1,
    ArrowUp: at - 1,
    Home: 0,
    End: n - 1
  }[e.key]
  if (to === undefined || at === -1) return false
  e.preventDefault()
  const next = buttons[(to + n) % n]!
  for (const b of buttons) b.tabIndex = b === next ? 0 : -1
  next.focus()
  return true
}

/** Names in a list the locale's way ("Ada, Grace and you"); a locale the browser rejects falls back to English. */
const listOf = (names: ReadonlyArray<string>, locale: string | undefined): string => {
  try {
    return new Intl.ListFormat(locale, { type: "conjunction" }).format(names)
  } catch {
    return new Intl.ListFormat("en", { type: "conjunction" }).format(names)
  }
}

/**
 * The discussion widget.
 *
 * @example
 * <hogkit-comments api-base="/posthog" scope="Dashboard" item-id="12"></hogkit-comments>
 * @category elements
 */
export class HogkitComments extends HogkitElement<CommentsStrings> {
  static override styles = [
    HogkitElement.styles,
    css`
      .thread { display: flex; flex-direction: column; gap: var(--_gap); }
      .comment { display: grid; grid-template-columns: 32px minmax(0, 1fr); gap: 4px 10px; }
      .avatar {
        width: 32px; height: 32px; border-radius: 50%; background: var(--_badge); color: var(--_badge-fg);
        display: grid; place-items: center; font-size: 0.8em; font-weight: 700; grid-row: span 4;
      }
      .comment-header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 8px; min-width: 0; }
      .author { font-weight: 650; max-width: 100%; }
      .body { min-width: 0; }
      .body > form { white-space: normal; }
      .body p + p { margin-top: 4px; }
      .body ul, .body ol { padding-left: 20px; }
      .mention { color: var(--_accent); font-weight: 600; }
      .task-line { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
      .actions { display: flex; gap: 2px; flex-wrap: wrap; margin-left: -6px; align-items: flex-start; }
      .replies {
        list-style: none; margin: 6px 0 0; padding: 0 0 0 12px; border-left: 2px solid var(--_border);
        display: flex; flex-direction: column; gap: 10px;
      }
      .root { padding: 12px; border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_bg); }
      .root.is-task { border-left: 4px solid var(--_accent); }
      .reply { content-visibility: auto; contain-intrinsic-size: auto 90px; }
      .reply:focus-within { content-visibility: visible; }
      form.composer { display: flex; flex-direction: column; gap: 8px; margin-top: var(--_gap); }
      .composer-actions { display: flex; align-items: center; justify-content: space-between; gap: 8px; flex-wrap: wrap; }
      .mentions { border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_bg); padding: 4px; }
      .mentions [role="option"] { padding: 4px 8px; border-radius: 4px; cursor: pointer; }
      .mentions [aria-selected="true"] { background: var(--_badge); color: var(--_badge-fg); }
      .banner { display: flex; gap: 8px; align-items: center; justify-content: center; padding: 6px; background: var(--_surface); border-radius: var(--_radius); margin-bottom: var(--_gap); }
      .comment { position: relative; }
      .comment-header { padding-inline-end: 36px; }
      .comment-header .menu { position: absolute; top: -4px; inset-inline-end: 0; }
      .comment:focus, .title:focus { outline: 2px solid var(--_focus); outline-offset: 2px; border-radius: 4px; }
      .body code { font-family: ui-monospace, monospace; font-size: 0.92em; background: var(--_surface); padding: 0 4px; border-radius: 4px; }
      .body pre { white-space: pre-wrap; background: var(--_surface); padding: 6px 8px; border-radius: 4px; }
      .body blockquote { margin: 0; padding-left: 10px; border-left: 3px solid var(--_border); }
      .reactions { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; flex: 1 1 0; min-width: 10em; }
      .reactions > span { position: relative; display: inline-flex; }
      button.reaction { min-height: 28px; padding: 1px 8px; border-radius: 999px; font-size: 0.92em; }
      button.reaction[aria-pressed="true"] { background: var(--_badge); color: var(--_badge-fg); border-color: var(--_accent); }
      .who {
        display: none; position: absolute; bottom: calc(100% + 4px); inset-inline-start: 0; z-index: 5; width: max-content;
        max-width: 60cqi; padding: 4px 8px; border-radius: 4px; background: var(--_fg); color: var(--_bg); font-size: 0.85em;
      }
      .reactions > span:hover .who, .reaction:focus-visible + .who { display: block; }
      /* The pointer crosses the gap above the button without leaving: the tooltip can be hovered. */
      .who::after { content: ""; position: absolute; inset-inline: 0; top: 100%; height: 6px; }
      .reactions > span[data-dismissed] .who { display: none; }
      .picker { display: flex; flex-wrap: wrap; gap: 2px; flex-basis: 100%; padding: 4px; border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_bg); }
      .picker button, .toolbar button { min-width: 34px; padding: 2px 6px; justify-content: center; background: none; border-color: transparent; }
      .picker button[aria-pressed="true"], .toolbar button[aria-pressed="true"] { background: var(--_badge); }
      .toolbar button[aria-pressed="true"] { color: var(--_badge-fg); border-color: var(--_accent); }
      .toolbar { display: flex; flex-wrap: wrap; gap: 2px; }
      .toolbar button { font-family: ui-monospace, monospace; }
    `
  ]

  static override properties = {
    scope: { type: String },
    itemId: { type: String, attribute: "item-id" },
    refreshInterval: { type: Number, attribute: "refresh-interval" },
    total: { state: true },
    editing: { state: true },
    replyingTo: { state: true },
    stale: { state: true },
    composerError: { state: true },
    busy: { state: true },
    asTask: { state: true },
    picking: { state: true },
    members: { attribute: false }
  }

  /** PostHog's scope of the item: `Dashboard`, `Insight`, `Notebook`, `FeatureFlag`… */
  declare scope: string | undefined
  /** The item's id within the scope (omit for a scope-wide discussion). */
  declare itemId: string | undefined
  /** Seconds between checks for new comments (0 turns it off; default 30). */
  declare refreshInterval: number
  /**
   * People the composer offers after `@`, besides the viewer and everyone who commented here: set it to
   * the project's members (`{ id, first_name, last_name, email }`) when the host page knows them.
   */
  declare members: ReadonlyArray<PersonLike> | undefined
  declare private total: number | null
  declare private editing: string | null
  declare private replyingTo: string | null
  declare private stale: boolean
  declare private composerError: string
  declare private busy: boolean
  declare private asTask: boolean
  /** The comment whose reaction picker is open. */
  declare private picking: string | null
  private me: Me | null = null
  readonly #menu = new OverflowMenu(this)
  private timer: ReturnType<typeof setInterval> | undefined
  /** The comments shown; each load replaces it with a store holding the first page. */
  #threads = new ThreadStore(this)
  readonly #mentions = new MentionController(
    this,
    () => [this.me, ...(this.members ?? []), ...this.#threads.people.values()],
    () => this.t
  )
  #views = new WeakMap<Comment, View>()
  #viewsFor: unknown[] = []
  #strings: CommentsStrings | undefined
  #stringsFor: unknown

  protected readonly defaultStrings = defaultCommentsStrings
  protected readonly reloadOn = ["scope", "itemId"]

  constructor() {
    super()
    this.refreshInterval = 30
    this.total = null
    this.editing = null
    this.replyingTo = null
    this.stale = false
    this.composerError = ""
    this.busy = false
    this.asTask = false
    this.picking = null
  }

  /** The strings, merged once per change of `strings` rather than once per comment rendered. */
  protected override get t(): CommentsStrings {
    if (!this.#strings || this.#stringsFor !== this.strings) {
      this.#strings = { ...this.defaultStrings, ...(this.strings ?? {}) }
      this.#stringsFor = this.strings
    }
    return this.#strings
  }

  /** The comments of this item, reactions included: they are shown on the comments they react to. */
  private get listFilters() {
    return {
      ...(this.scope ? { scope: this.scope } : {}),
      ...(this.itemId ? { item_id: this.itemId } : {})
    }
  }

  /** What the count counts: comments and replies, not reactions, as PostHog's own count does. */
  private get filters() {
    return { ...this.listFilters, exclude_emoji_reactions: true }
  }

  protected async load(): Promise<void> {
    const signal = this.signal
    const [page, total, me] = await Promise.all([
      this.api.comments.list(this.listFilters, { signal }),
      this.api.comments.count(this.filters, { signal }),
      this.api.me(signal)
    ])
    this.me = me
    this.#threads = new ThreadStore(this, page)
    this.total = total
    this.stale = false
  }

  override connectedCallback(): void {
    super.connectedCallback()
    this.schedulePolling()
    // Whatever moves a composer's caret (typing, arrow keys, a click, a drag) updates its toolbar.
    for (const type of ["input", "keyup", "pointerup", "select", "selectionchange", "focusin"])
      this.renderRoot.addEventListener(type, this.syncFormats)
    // Capture, ahead of the page: Escape closes a reaction's tooltip before it cancels or closes anything.
    addEventListener("keydown", this.onEscape, true)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearInterval(this.timer)
    removeEventListener("keydown", this.onEscape, true)
  }

  /** Marks pressed the toolbar buttons of the formats in force at a composer's caret (`activeFormats`). */
  private syncFormats = (e: Event | HTMLTextAreaElement): void => {
    const area = e instanceof Event ? e.target : e
    if (!(area instanceof HTMLTextAreaElement)) return
    const on = activeFormats(area.value, area.selectionStart, area.selectionEnd)
    for (const b of this.renderRoot.querySelectorAll<HTMLElement>(`[data-for="${area.id}"] [aria-pressed]`))
      b.setAttribute("aria-pressed", String(on.has(b.dataset.format as Format)))
  }

  /**
   * Escape hides the reaction tooltips showing (hovered, or on the focused button) without moving focus or
   * the pointer, as WCAG 1.4.13 asks; they stay hidden until both pointer and focus have left them.
   */
  private onEscape = (e: KeyboardEvent): void => {
    if (e.key !== "Escape") return
    const focus = (this.renderRoot as ShadowRoot).activeElement
    const shown = [
      ...this.renderRoot.querySelectorAll(".reactions > span:hover:not([data-dismissed])"),
      ...(focus?.matches(".reaction:focus-visible") && !focus.parentElement?.hasAttribute("data-dismissed")
        ? [focus.parentElement!]
        : [])
    ]
    if (shown.length === 0) return
    for (const el of shown) el.setAttribute("data-dismissed", "")
    e.preventDefault()
    e.stopPropagation()
  }

  /** A dismissed tooltip shows again once pointer and focus have both left its button. */
  private onReactionLeave = (e: Event): void => {
    const span = (e.target as Element).closest?.("[data-dismissed]")
    const to = (e as FocusEvent).relatedTarget as Node | null
    if (!span || (to && span.contains(to))) return
    if (
      e.type === "focusout"
        ? span.matches(":hover")
        : span.contains((this.renderRoot as ShadowRoot).activeElement)
    )
      return
    span.removeAttribute("data-dismissed")
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has("refreshInterval")) this.schedulePolling()
  }

  private schedulePolling(): void {
    clearInterval(this.timer)
    if (!this.isConnected || !(this.refreshInterval > 0)) return
    this.timer = setInterval(() => void this.poll(), this.refreshInterval * 1000)
  }

  private async poll(): Promise<void> {
    if (this.status !== "ready" || document.hidden) return
    // Relative times ("3 minutes ago") age between checks.
    this.requestUpdate()
    try {
      const n = await this.api.comments.count(this.filters, { signal: this.signal })
      if (this.total !== null && n !== this.total) this.stale = true
      this.total = n
    } catch {
      // A failed background check is retried at the next tick; the user did not ask for it.
    }
  }

  private async refreshCount(): Promise<void> {
    try {
      this.total = await this.api.comments.count(this.filters, { signal: this.signal })
    } catch {
      // The count is a courtesy; the list itself is already correct.
    }
  }

  // Shown only while there is an older page, so there is always one to read.
  private async loadMore(): Promise<void> {
    this.busy = true
    await this.act(() => this.#threads.loadMore(this.signal))
    this.busy = false
  }

  private isOwn(c: Comment): boolean {
    // Without a known user the server is the judge: it refuses edits of others' comments.
    return this.me === null || c.created_by?.id === this.me.id
  }

  private mentionName = (id: unknown, label: unknown): string => {
    if (typeof label === "string" && label.trim() !== "") return label
    const person = this.#threads.people.get(id) ?? this.#mentions.people().find((p) => p.id === id)
    return person ? displayName(person, String(id)) : this.t.mention(String(id))
  }

  private async post(event: SubmitEvent, parent?: Comment): Promise<void> {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const area = form.querySelector("textarea")!
    const content = area.value.trimEnd()
    if (content.trim() === "") {
      area.focus()
      return
    }
    const asTask = !parent && (form.querySelector<HTMLInputElement>("input[name=task]")?.checked ?? false)
    const rich = richBodyFor(content, this.#mentions.picked(area.id), null, this.mentionName)
    // PostHog keeps the plain text beside the document: no markers, mentions as names.
    const text = rich ? docToPlain(rich, this.mentionName) : content
    this.busy = true
    this.composerError = ""
    this.#mentions.close()
    const created = await this.act(
      () =>
        this.api.comments.create({
          content: text,
          ...(rich ? { rich_content: rich, mentions: mentionIds(rich) } : {}),
          ...(this.scope ? { scope: this.scope } : {}),
          ...(this.itemId ? { item_id: this.itemId } : {}),
          ...(parent ? { source_comment: parent.id } : {}),
          ...(asTask ? { is_task: true } : {})
        }),
      (m) => {
        this.composerError = m
      }
    )
    this.busy = false
    if (!created) return
    form.reset()
    this.syncFormats(area)
    this.#mentions.forget(area.id)
    if (!parent) this.asTask = false
    this.#threads.absorb([created])
    this.toast = { message: this.t.posted }
    if (parent) {
      this.replyingTo = null
      await this.focusLater(`[data-reply="${parent.id}"]`)
    }
    await this.refreshCount()
  }

  private async saveEdit(event: SubmitEvent, c: Comment): Promise<void> {
    event.preventDefault()
    const area = (event.currentTarget as HTMLFormElement).querySelector("textarea")!
    const content = area.value.trimEnd()
    if (content.trim() === "") return
    if (content === this.editText(c).trimEnd()) {
      // Nothing changed: saving would only bump the version and mark the comment edited.
      this.#mentions.forget(area.id)
      await this.cancelEdit(c)
      return
    }
    // A rich comment stays rich: unchanged paragraphs keep their formatting, mentions stay mentions. A plain
    // one stays plain unless someone was mentioned; then rich_content null keeps no stale rich body around.
    const rich = richBodyFor(
      area.value,
      this.#mentions.picked(area.id),
      c.rich_content ?? null,
      this.mentionName
    )
    this.#mentions.close()
    const before = new Set(mentionIds(c.rich_content))
    const added = rich ? mentionIds(rich).filter((id) => !before.has(id)) : []
    const updated = await this.act(() =>
      this.api.comments.update(c.id, {
        content: rich ? docToPlain(rich, this.mentionName) : content,
        rich_content: rich,
        ...(added.length > 0 ? { mentions: added } : {})
      })
    )
    if (!updated) return
    this.#mentions.forget(area.id)
    this.editing = null
    this.#threads.absorb([updated])
    await this.focusLater(menuButton(c))
  }

  /** The text the editor starts from: a rich comment's document as text, mentions as `@Name`. */
  private editText(c: Comment): string {
    return c.rich_content ? docToText(c.rich_content, this.mentionName) : (c.content ?? "")
  }

  private async removeComment(c: Comment): Promise<void> {
    // Focus goes where reading goes on: the next comment of the thread (or the one before, or the thread's
    // root), else the next thread, else the heading — never the composer, which would scroll away.
    const near = this.neighbour(c)
    const done = await this.act(() => this.api.comments.delete(c.id))
    if (done === undefined) return
    this.#threads.drop(c.id)
    this.toast = {
      message: this.t.deleted,
      undo: async () => {
        const restored = await this.restore(c)
        this.#threads.absorb([restored])
        await this.focusLater(commentSelector(c.id))
        await this.refreshCount()
      }
    }
    await this.focusLater(near ? commentSelector(near) : "#heading")
    await this.refreshCount()
  }

  // PostHog wants content on every PATCH except a delete, so the restore carries the body back.
  private restore(c: Comment): Promise<Comment> {
    return this.api.comments.update(c.id, {
      deleted: false,
      content: c.content ?? "",
      ...(c.rich_content ? { rich_content: c.rich_content } : {})
    })
  }

  /** The comment to read after `c` once it is gone: a neighbour in its thread, else a neighbouring thread. */
  private neighbour(c: Comment): string | undefined {
    const threads = this.#threads
    const pick = (list: ReadonlyArray<Comment>) => {
      const i = list.findIndex((x) => x.id === c.id)
      return i === -1 ? undefined : (list[i + 1] ?? list[i - 1])?.id
    }
    if (c.source_comment) return pick(threads.replies.get(c.source_comment) ?? []) ?? c.source_comment
    return pick(threads.roots)
  }

  /**
   * Turns a comment into a task or a task into a comment. PostHog fixes `is_task` when a comment is
   * created ("Cannot change task state after creation"), so this posts the same body as the other kind and
   * deletes the original, as one action with one undo. Only for your own thread starters without replies
   * or reactions, which would otherwise be left behind on the deleted original.
   */
  private async convert(c: Comment): Promise<void> {
    const toTask = !c.is_task
    const created = await this.act(() =>
      this.api.comments.create({
        content: c.content ?? "",
        ...(c.rich_content ? { rich_content: c.rich_content } : {}),
        scope: c.scope,
        ...(c.item_id ? { item_id: c.item_id } : {}),
        ...(toTask ? { is_task: true } : {})
      })
    )
    if (!created) return
    const removed = await this.act(() => this.api.comments.delete(c.id))
    if (removed === undefined) {
      // The original stays; take the copy back so the thread does not show both.
      await this.api.comments.delete(created.id).catch(() => undefined)
      return
    }
    this.#threads.drop(c.id)
    this.#threads.absorb([created])
    this.toast = {
      message: toTask ? this.t.madeTask : this.t.madeComment,
      undo: async () => {
        const restored = await this.restore(c)
        await this.api.comments.delete(created.id)
        this.#threads.drop(created.id)
        this.#threads.absorb([restored])
        await this.focusLater(commentSelector(c.id))
      }
    }
    await this.focusLater(commentSelector(created.id))
  }

  /** Adds the viewer's reaction with `emoji` to comment `c`, or takes it back if they had reacted so. */
  private async toggleReaction(c: Comment, emoji: string): Promise<void> {
    if (this.busy) return
    this.busy = true
    const mine = this.reactionsOf(c).find((r) => r.emoji === emoji)?.mine
    if (mine) {
      // PostHog's own panel takes a reaction back the way it deletes a comment: a soft delete.
      if ((await this.act(() => this.api.comments.delete(mine.id))) !== undefined) this.#threads.drop(mine.id)
    } else {
      const created = await this.act(() =>
        this.api.comments.create({
          content: emoji,
          scope: c.scope,
          ...(c.item_id ? { item_id: c.item_id } : {}),
          source_comment: c.id,
          item_context: { is_emoji: true }
        })
      )
      if (created) this.#threads.absorb([created])
    }
    this.busy = false
    this.picking = null
    // The bar's button for this emoji, or (when the last reaction with it went) the picker's button.
    await this.focusLater(`[data-react="${c.id}"][data-emoji="${emoji}"]`, `[data-pick="${c.id}"]`)
  }

  private reactionsOf(c: Comment): Array<ReactionSummary> {
    return summarise(this.#threads.reactions.get(c.id)?.values() ?? [], this.me?.id)
  }

  private async togglePicker(c: Comment): Promise<void> {
    this.picking = this.picking === c.id ? null : c.id
    await this.focusLater(this.picking ? `#picker-${c.id} button` : `[data-pick="${c.id}"]`)
  }

  /** Arrow keys move through the picker's emoji; Escape closes it and goes back to its button. */
  private onPickerKey = (e: KeyboardEvent): void => {
    if (rove(e) || e.key !== "Escape" || !this.picking) return
    e.preventDefault()
    const id = this.picking
    this.picking = null
    void this.focusLater(`[data-pick="${id}"]`)
  }

  /** Focus leaving the picker (Tab, a click elsewhere) closes it. */
  private onPickerLeave = (e: FocusEvent): void => {
    const to = e.relatedTarget as Node | null
    const bar = (e.currentTarget as HTMLElement).parentElement
    if (!to || !bar?.contains(to)) this.picking = null
  }

  private async toggleTask(c: Comment): Promise<void> {
    const updated = await this.act(() =>
      c.completed_at ? this.api.comments.reopen(c.id) : this.api.comments.complete(c.id)
    )
    if (updated) {
      this.#threads.absorb([updated])
      await this.focusLater(`[data-task="${c.id}"]`)
    }
  }

  private async startReply(c: Comment): Promise<void> {
    this.replyingTo = c.id
    await this.focusLater(`form[data-reply-form="${c.id}"] textarea`)
  }

  /** Applies a toolbar button's format to the textarea the toolbar controls. */
  private onFormat = (e: Event): void => {
    const button = (e.target as Element).closest?.<HTMLButtonElement>("button[data-format]")
    const bar = button?.parentElement
    const area =
      bar && this.renderRoot.querySelector<HTMLTextAreaElement>(`textarea[id="${bar.dataset.for}"]`)
    if (button && area) {
      applyFormat(area, button.dataset.format as Format)
      this.syncFormats(area)
    }
  }

  private async startEdit(c: Comment): Promise<void> {
    this.editing = c.id
    await this.focusLater(`form[data-edit-form="${c.id}"] textarea`)
  }

  private onKey(e: KeyboardEvent, cancel?: () => void): void {
    if (this.#mentions.handleKey(e)) return
    const format = formatForKey(e)
    if (format) {
      e.preventDefault()
      applyFormat(e.currentTarget as HTMLTextAreaElement, format)
      this.syncFormats(e.currentTarget as HTMLTextAreaElement)
    } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      ;(e.currentTarget as HTMLTextAreaElement).form?.requestSubmit()
    } else if (e.key === "Escape" && cancel) {
      e.preventDefault()
      cancel()
    }
  }

  protected override render(): TemplateResult {
    const t = this.t
    return html`<section class="stack" part="container" aria-labelledby="heading">
      <div class="header" part="header">
        <h2 class="title" id="heading" part="title" tabindex="-1">${t.heading}</h2>
        <span class="badge" part="count" aria-live="polite">${this.total === null ? "" : t.count(this.total)}</span>
      </div>
      ${this.renderBody()} ${this.status === "ready" || this.status === "idle" ? this.renderComposer() : nothing}
      ${this.renderToast()}
    </section>`
  }

  private renderBody(): TemplateResult | typeof nothing {
    const t = this.t
    if (this.status === "loading" || this.status === "idle") return this.renderLoading(t.loadingLabel)
    if (this.status === "error") return this.renderError(t.loadError)
    return html`
      ${
        this.stale
          ? html`<div class="banner" part="banner">
              <span>${t.newActivity}</span>
              <button type="button" class="link" part="button" @click=${() => this.reload()}>${t.showNew}</button>
            </div>`
          : nothing
      }
      ${
        this.#threads.nextPage
          ? html`<button type="button" part="button load-more" ?disabled=${this.busy} @click=${() => this.loadMore()}>
              ${t.loadMore}
            </button>`
          : nothing
      }
      ${
        this.#threads.roots.length === 0
          ? this.renderEmpty(t.empty)
          : html`<ul class="plain thread" part="list" aria-labelledby="heading" @click=${this.onListClick} @keydown=${this.onListKey}
              @pointerover=${this.onTimeHover} @pointerout=${this.onReactionLeave} @focusout=${this.onReactionLeave}>
              ${this.#threads.roots.map((c) => this.renderThread(c))}
            </ul>`
      }
    `
  }

  /** One listener for every comment's buttons; each button names its comment with a data attribute. */
  private onListClick = (e: Event): void => {
    const button = (e.target as Element).closest?.("button")
    if (!button) return
    const { reply, task, react, emoji, pick, more } = button.dataset
    // A closed menu's button carries no id of its own (one binding fewer per comment): its comment's does.
    const c = this.#threads.find(
      reply ?? task ?? react ?? pick ?? (more === undefined ? "" : commentOf(button))
    )
    if (!c) return
    if (more !== undefined) void this.#menu.open(`c${c.id}`)
    else if (reply !== undefined) void this.startReply(c)
    else if (task !== undefined) void this.toggleTask(c)
    else if (react !== undefined && emoji) void this.toggleReaction(c, emoji)
    else if (pick !== undefined) void this.togglePicker(c)
  }

  /**
   * The exact time as a tooltip, worked out when the pointer reaches a time rather than for every comment
   * up front: a long thread would format hundreds of dates nobody hovers.
   */
  private onTimeHover = (e: Event): void => {
    const time = (e.target as Element).closest?.("time")
    if (time && !time.title) time.title = absoluteTime(time.dateTime, this.locale)
  }

  private view(c: Comment): View {
    // Someone new among the people seen may name a mention that carried no label: a store's people only
    // grow, so the store and the number of people say whether that happened.
    const threads = this.#threads
    const key = [this.locale, this.t, this.members, this.me, threads, threads.people.size]
    if (key.some((k, i) => k !== this.#viewsFor[i])) {
      this.#views = new WeakMap()
      this.#viewsFor = key
    }
    let v = this.#views.get(c)
    if (!v) {
      const t = this.t
      const author = displayName(c.created_by, t.unknownUser)
      const rich = c.rich_content ? renderRich(c.rich_content, this.mentionName) : null
      v = {
        author,
        label: t.commentBy(author),
        menuLabel: t.moreActions(author),
        initials: initials(author),
        body: rich ?? plainBody(c.content ?? "")
      }
      this.#views.set(c, v)
    }
    return v
  }

  private renderThread(c: Comment): TemplateResult {
    const replies = this.#threads.replies.get(c.id) ?? []
    return html`<li class="root ${c.is_task ? "is-task" : ""}" part="thread">
      ${this.renderComment(c, replies.length === 0)}
      ${
        replies.length > 0
          ? html`<ul class="replies" part="replies" aria-label=${this.t.repliesLabel(this.view(c).author)}>
              ${replies.map((r) => html`<li class="reply">${this.renderComment(r)}</li>`)}
            </ul>`
          : nothing
      }
      ${this.replyingTo === c.id ? this.renderReplyForm(c) : nothing}
    </li>`
  }

  // One template per comment with few bindings: a thread can hold hundreds, and each nested template or
  // binding is work on the first render. `alone` (a thread starter without replies) only matters to roots.
  private renderComment(c: Comment, alone?: boolean): TemplateResult {
    const v = this.view(c)
    const editing = this.editing === c.id
    const isRoot = alone !== undefined
    // No whitespace between tags: in a thread of hundreds each text node is one more to clone.
    return html`<article class="comment" part="comment" aria-label=${v.label} tabindex="-1" data-comment=${c.id}
      ><span class="avatar" aria-hidden="true" part="avatar">${v.initials}</span
      ><div class="comment-header"
        ><strong class="author clip" part="author"><bdi>${v.author}</bdi></strong
        ><time class="muted" datetime=${c.created_at ?? ""}>${relativeTime(c.created_at, this.locale)}</time
        >${(c.version ?? 0) > 0 || c.is_task ? this.renderBadges(c) : nothing}${
          !editing && this.isOwn(c) ? this.renderMenu(c, v.menuLabel, alone === true) : nothing
        }</div
      ><div class="body user-text" dir="auto" part="body">${editing ? this.renderEditForm(c) : v.body}</div
      >${c.is_task ? this.renderTask(c) : nothing}${isRoot ? this.renderActions(c) : nothing}</article>`
  }

  /**
   * Edit, make a task (or a comment again) and delete: your own comment's rarer actions, in one menu. Closed,
   * it is a plain button served by the list's listeners, its icon drawn in place rather than as a nested
   * template (a thread can hold hundreds); open, the shared menu.
   */
  private renderMenu(c: Comment, label: string, alone: boolean): TemplateResult {
    const t = this.t
    const key = `c${c.id}`
    if (!this.#menu.isOpen(key))
      return html`<div class="menu" part="menu" data-menu=${key}><button type="button" part="button menu-button"
        aria-label=${label} aria-haspopup="menu" aria-expanded="false" data-more=""
        ><svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="currentColor"
        ><circle cx="3" cy="8" r="1.5"/><circle cx="8" cy="8" r="1.5"/><circle cx="13" cy="8" r="1.5"/></svg></button></div>`
    const items: Array<MenuItem> = [{ label: t.edit, run: () => this.startEdit(c) }]
    if (alone && !this.#threads.reactions.get(c.id)?.size)
      items.push({ label: c.is_task ? t.makeComment : t.makeTask, run: () => this.convert(c) })
    items.push({ label: t.delete, danger: true, run: () => this.removeComment(c) })
    return this.#menu.render(key, label, items)
  }

  /** A closed comment menu's button: ArrowDown opens it on its first item, ArrowUp on its last. */
  private onListKey = (e: KeyboardEvent): void => {
    const target = e.target as HTMLElement
    if (target.dataset?.more === undefined || (e.key !== "ArrowDown" && e.key !== "ArrowUp")) return
    e.preventDefault()
    void this.#menu.open(`c${commentOf(target)}`, e.key === "ArrowDown" ? 0 : -1)
  }

  /** A thread starter's reply button and reactions (PostHog files reactions to replies under the root). */
  private renderActions(c: Comment): TemplateResult {
    const t = this.t
    const picking = this.picking === c.id
    const reactions = this.reactionsOf(c)
    return html`<div class="actions" part="actions"
      ><button type="button" class="link" part="button" data-reply=${c.id}
        aria-expanded=${this.replyingTo === c.id ? "true" : "false"}>${t.reply}</button
      ><div class="reactions" role="group" aria-label=${t.reactionsLabel} part="reactions">${reactions.map(
        (r, i) => {
          const names = r.reactions.map((x) =>
            x === r.mine ? t.you : displayName(x.created_by, t.unknownUser)
          )
          return html`<span><button type="button" class="reaction" part="button reaction" data-react=${c.id}
            data-emoji=${r.emoji} aria-pressed=${r.mine ? "true" : "false"} aria-describedby="who-${c.id}-${i}"
            aria-label=${t.reactionLabel(r.emoji, r.reactions.length, r.mine !== undefined)}
            >${r.emoji} ${r.reactions.length}</button
          ><span class="who" role="tooltip" id="who-${c.id}-${i}" part="reaction-people">${listOf(names, this.locale)}</span></span>`
        }
      )}<button type="button" class="link" part="button add-reaction" data-pick=${c.id} aria-label=${t.addReaction}
          aria-expanded=${picking ? "true" : "false"} aria-controls=${picking ? `picker-${c.id}` : nothing}
          >☺︎+</button
        >${
          picking
            ? html`<div class="picker" role="group" id="picker-${c.id}" aria-label=${t.pickReaction}
                part="reaction-picker" @keydown=${this.onPickerKey} @focusout=${this.onPickerLeave}
                >${QUICK_REACTIONS.map(
                  (emoji) => html`<button type="button" data-react=${c.id} data-emoji=${emoji}
                    aria-label=${t.reactWith(emoji)}
                    aria-pressed=${reactions.some((r) => r.emoji === emoji && r.mine) ? "true" : "false"}
                    >${emoji}</button>`
                )}</div>`
            : nothing
        }</div></div>`
  }

  private renderBadges(c: Comment): TemplateResult {
    const t = this.t
    return html` ${(c.version ?? 0) > 0 ? html`<span class="muted">(${t.edited})</span>` : nothing}
      ${c.is_task ? html`<span class="badge" part="task-badge">${t.task}</span>` : nothing}`
  }

  private renderEditForm(c: Comment): TemplateResult {
    const t = this.t
    const key = `edit-${c.id}`
    return html`<form class="stack" data-edit-form=${c.id} @submit=${(e: SubmitEvent) => this.saveEdit(e, c)}>
      <label class="sr-only" for=${key}>${t.editLabel}</label>
      ${this.renderToolbar(key)}
      <textarea
        id=${key}
        part="input"
        .value=${this.editText(c)}
        aria-autocomplete="list"
        aria-controls=${this.#mentions.listIdFor(key)}
        aria-activedescendant=${this.#mentions.activeIdFor(key)}
        @input=${this.#mentions.onInput}
        @blur=${this.#mentions.close}
        @keydown=${(e: KeyboardEvent) => this.onKey(e, () => this.cancelEdit(c))}
      ></textarea>
      ${this.#mentions.render(key)}
      <div class="row">
        <button type="submit" class="primary" part="button">${t.save}</button>
        <button type="button" part="button" @click=${() => this.cancelEdit(c)}>${t.cancel}</button>
      </div>
    </form>`
  }

  private async cancelEdit(c: Comment): Promise<void> {
    this.#mentions.forget(`edit-${c.id}`)
    this.editing = null
    await this.focusLater(menuButton(c))
  }

  private renderTask(c: Comment): TemplateResult {
    const t = this.t
    const done = Boolean(c.completed_at)
    // PostHog's tasks have no assignee field: the people a task mentions are the ones it notifies.
    const people = mentionsIn(c.rich_content, this.mentionName).map((m) => m.label)
    return html`<div class="task-line" part="task">
      ${
        done
          ? html`<span class="badge success" part="task-status">✓
              <bdi>${t.completedBy(displayName(c.completed_by, t.unknownUser), relativeTime(c.completed_at, this.locale))}</bdi></span>`
          : html`<span class="muted" part="task-status">${t.openTask}</span>`
      }
      <button type="button" part="button" data-task=${c.id}>${done ? t.reopen : t.complete}</button>
      ${people.length > 0 ? html`<span part="task-people"><bdi>${t.taskMentions(listOf(people, this.locale))}</bdi></span>` : nothing}
    </div>`
  }

  /**
   * Formatting buttons for the textarea with id `key`: one tab stop, the arrow keys move between them. The
   * formats are toggle buttons, pressed where in force at the caret (`syncFormats` sets them as it moves);
   * mention is an action.
   */
  private renderToolbar(key: string): TemplateResult {
    const t = this.t
    return html`<div class="toolbar" role="toolbar" aria-label=${t.formatting} aria-controls=${key} data-for=${key}
      part="toolbar" @click=${this.onFormat} @keydown=${rove}>${FORMATS.map(
        ([format, glyph, keys], i) => html`<button type="button" part="button format" data-format=${format}
          tabindex=${i === 0 ? 0 : -1} aria-label=${t.formats[format]} title=${keys ? `${t.formats[format]} (${keys.replace("Control", "Ctrl")})` : t.formats[format]}
          aria-keyshortcuts=${keys ?? nothing} aria-pressed=${format === "mention" ? nothing : "false"}
          >${format === "link" ? linkIcon : glyph}</button>`
      )}</div>`
  }

  private renderReplyForm(c: Comment): TemplateResult {
    const t = this.t
    const key = `reply-${c.id}`
    const cancel = async () => {
      this.#mentions.forget(key)
      this.replyingTo = null
      await this.focusLater(`[data-reply="${c.id}"]`)
    }
    return html`<form class="composer" data-reply-form=${c.id} @submit=${(e: SubmitEvent) => this.post(e, c)}>
      <label for=${key}>${t.replyLabel}</label>
      ${this.renderToolbar(key)}
      <textarea id=${key} part="input" aria-autocomplete="list" aria-controls=${this.#mentions.listIdFor(key)}
        aria-activedescendant=${this.#mentions.activeIdFor(key)} @input=${this.#mentions.onInput} @blur=${this.#mentions.close}
        @keydown=${(e: KeyboardEvent) => this.onKey(e, cancel)}></textarea>
      ${this.#mentions.render(key)}
      <div class="row">
        <button type="submit" class="primary" part="button" ?disabled=${this.busy}>${t.sendReply}</button>
        <button type="button" part="button" @click=${cancel}>${t.cancel}</button>
      </div>
    </form>`
  }

  private renderComposer(): TemplateResult {
    const t = this.t
    return html`<form class="composer" part="composer" @submit=${(e: SubmitEvent) => this.post(e)}>
      <label for="composer">${t.composerLabel}</label>
      ${this.renderToolbar("composer")}
      <textarea
        id="composer"
        name="content"
        part="input"
        placeholder=${t.composerPlaceholder}
        aria-describedby="composer-hint"
        aria-autocomplete="list"
        aria-controls=${this.#mentions.listIdFor("composer")}
        aria-activedescendant=${this.#mentions.activeIdFor("composer")}
        @input=${this.#mentions.onInput}
        @blur=${this.#mentions.close}
        @keydown=${(e: KeyboardEvent) => this.onKey(e)}
      ></textarea>
      ${this.#mentions.render("composer")}
      ${this.composerError ? html`<p class="inline-error user-text" role="alert">${this.composerError}</p>` : nothing}
      <div class="composer-actions">
        <label class="check"><input type="checkbox" name="task" part="checkbox" .checked=${this.asTask}
          @change=${(e: Event) => {
            this.asTask = (e.target as HTMLInputElement).checked
          }} /> ${t.asTask}</label>
        <span class="row">
          <span class="muted" id="composer-hint">${t.shortcutHint}</span>
          <button type="submit" class="primary" part="button submit" ?disabled=${this.busy}>${this.asTask ? t.postTask : t.post}</button>
        </span>
      </div>
    </form>`
  }
}

define("hogkit-comments", HogkitComments)

declare global {
  interface HTMLElementTagNameMap {
    "hogkit-comments": HogkitComments
  }
}
