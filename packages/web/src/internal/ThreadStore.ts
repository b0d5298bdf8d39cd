/**
 * The comments `<hogkit-comments>` shows, filed as threads: roots oldest first, each root's replies oldest
 * first, every comment once. Pages read, replies posted and comments edited or restored all pass through
 * `absorb`, so a comment the server sent twice (a page overlapping a post) is still shown once. The store
 * asks its host to render whenever what it shows changes; it does not talk to the API beyond following the
 * page it was given, because which comments to ask for is the element's business (its attributes). A load
 * starts a new store, so nothing an earlier load filed lingers.
 */
import type { Page } from "@hogkit/core/promise"
import type { Comment, CommentListParams, CommentPage } from "@hogkit/core/schema"
import type { ReactiveControllerHost } from "lit"
import { isReaction } from "./reactions.js"
import { instant } from "./time.js"
import type { PersonLike } from "./users.js"

export type CommentListPage = Page<CommentPage, CommentListParams>

/** Oldest first by the instant PostHog recorded, each time parsed once (the list may hold hundreds). */
const sortByCreatedAt = (list: Iterable<Comment>): Array<Comment> =>
  Array.from(list, (c) => ({ c, at: instant(c.created_at) }))
    .sort((a, b) => a.at - b.at)
    .map((x) => x.c)

export class ThreadStore {
  /** Comments that start a thread, oldest first. */
  roots: ReadonlyArray<Comment> = []
  /** Each root's replies by the root's id, oldest first. */
  replies: ReadonlyMap<string, ReadonlyArray<Comment>> = new Map()
  /** The last page read, while PostHog has older comments after it. */
  nextPage: CommentListPage | null = null
  /**
   * People seen as authors or completers, by id, for naming mentions that carry no label. It only grows, so
   * the store and this size together tell a cache whether someone new turned up.
   */
  readonly people = new Map<unknown, PersonLike>()
  /** Each comment's emoji reactions by the comment's id, each reaction by its own id. */
  readonly reactions = new Map<string, Map<string, Comment>>()
  /** Every comment shown, by id: buttons name their comment by id, and one listener serves them all. */
  readonly #byId = new Map<string, Comment>()

  readonly #host: ReactiveControllerHost

  /** An empty store, or one holding the first page read (`first`). */
  constructor(host: ReactiveControllerHost, first?: CommentListPage) {
    this.#host = host
    if (first) this.#file(first)
  }

  /** Reads the page after the last one read and files its comments (older ones, above the others). */
  async loadMore(signal: AbortSignal): Promise<void> {
    if (this.nextPage) this.#file(await this.nextPage.getNextPage({ signal }))
  }

  #file(page: CommentListPage): void {
    // `absorb` asks for a render, which runs after this method has set `nextPage` too.
    this.absorb(page.results)
    this.nextPage = page.hasNextPage() ? page : null
  }

  /** The comment shown with this id, if any. */
  find(id: string): Comment | undefined {
    return this.#byId.get(id)
  }

  /**
   * Files comments into roots and replies, keeping each once (a newer copy replaces an older one); each
   * list touched is sorted once. Deleted comments are not shown.
   */
  absorb(comments: ReadonlyArray<Comment>): void {
    const roots = new Map(this.roots.map((r) => [r.id, r]))
    let rootsTouched = false
    const touched = new Map<string, Map<string, Comment>>()
    for (const c of comments) {
      if (c.source_comment && isReaction(c)) {
        // A reaction is not a reply: it goes to its comment's reaction bar, not the thread.
        const list = this.reactions.get(c.source_comment) ?? new Map<string, Comment>()
        this.reactions.set(c.source_comment, list)
        if (c.deleted) list.delete(c.id)
        else list.set(c.id, c)
        if (c.created_by?.id !== undefined && !this.people.has(c.created_by.id))
          this.people.set(c.created_by.id, c.created_by)
        continue
      }
      if (c.deleted) continue
      this.#byId.set(c.id, c)
      for (const u of [c.created_by, c.completed_by])
        if (u && u.id !== undefined && !this.people.has(u.id)) this.people.set(u.id, u)
      if (c.source_comment) {
        let list = touched.get(c.source_comment)
        if (!list) {
          list = new Map((this.replies.get(c.source_comment) ?? []).map((r) => [r.id, r]))
          touched.set(c.source_comment, list)
        }
        list.set(c.id, c)
      } else {
        roots.set(c.id, c)
        rootsTouched = true
      }
    }
    // Oldest first, like a conversation: the newest sits next to the composer, older pages load above.
    if (rootsTouched) this.roots = sortByCreatedAt(roots.values())
    if (touched.size > 0) {
      const replies = new Map(this.replies)
      for (const [root, list] of touched) replies.set(root, sortByCreatedAt(list.values()))
      this.replies = replies
    }
    this.#host.requestUpdate()
  }

  /** Stops showing a comment (it was deleted); a root's replies are not shown either, as they render under it. */
  drop(id: string): void {
    for (const list of this.reactions.values()) list.delete(id)
    this.#byId.delete(id)
    this.roots = this.roots.filter((r) => r.id !== id)
    const replies = new Map<string, ReadonlyArray<Comment>>()
    for (const [root, list] of this.replies)
      replies.set(
        root,
        list.filter((r) => r.id !== id)
      )
    this.replies = replies
    this.#host.requestUpdate()
  }
}
