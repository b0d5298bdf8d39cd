// The size floor for any Lit widget: one LitElement with a template and styles, bundled and minified the
// way the widgets are. Nothing of hogkit, Effect or zod.
import { css, html, LitElement } from "lit"

class LitFloor extends LitElement {
  static properties = { label: { type: String } }
  static styles = css`:host { display: block; }`
  render() {
    return html`<p>${this.label}</p>`
  }
}
customElements.define("lit-floor", LitFloor)
