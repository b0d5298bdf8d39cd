// The web baseline: a plain Lit list of the same comments, fetched from the same server with fetch and
// JSON.parse: author, time and text per comment in a shadow-DOM <ul>. What a developer would write by
// hand, without threads, tasks, composer, runtime or validation: the floor for rendering this data.
import { css, html, LitElement } from "lit"

class PlainCommentList extends LitElement {
  static properties = { src: { type: String }, items: { state: true } }
  static styles = css`
    ul { list-style: none; margin: 0; padding: 0; }
    li { padding: 8px 0; border-bottom: 1px solid #ddd; }
    .author { font-weight: 600; margin-right: 8px; }
    time { color: #666; font-size: 0.9em; }
    p { margin: 4px 0 0; white-space: pre-wrap; }
  `
  constructor() {
    super()
    this.items = []
  }
  connectedCallback() {
    super.connectedCallback()
    fetch(this.src)
      .then((r) => r.text())
      .then((t) => {
        this.items = JSON.parse(t).results
      })
  }
  render() {
    return html`<ul>
      ${this.items.map(
        (c) => html`<li>
          <span class="author">${c.created_by?.first_name ?? ""} ${c.created_by?.last_name ?? ""}</span>
          <time datetime=${c.created_at}>${new Date(c.created_at).toLocaleString()}</time>
          <p>${c.content}</p>
        </li>`
      )}
    </ul>`
  }
}
customElements.define("plain-comment-list", PlainCommentList)
