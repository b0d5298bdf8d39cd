/**
 * The look shared by every widget. Colours come from CSS custom properties (`--hogkit-*`) so a host page
 * can restyle without `::part`; the defaults follow `prefers-color-scheme` unless `theme` forces one.
 */
import { css } from "lit"

/** The dark defaults, used both when the system asks for dark and when `theme="dark"` forces it. */
const darkPalette = css`
  --_bg: var(--hogkit-bg, #1b1d24);
  --_fg: var(--hogkit-fg, #eef0f4);
  --_muted: var(--hogkit-muted, #a8adbb);
  --_surface: var(--hogkit-surface, #252833);
  --_border: var(--hogkit-border, #434857);
  --_accent: var(--hogkit-accent, #8aa4ff);
  --_accent-fg: var(--hogkit-accent-fg, #0c0e14);
  --_danger: var(--hogkit-danger, #ff9b8f);
  --_success: var(--hogkit-success, #6fdd8b);
  --_focus: var(--hogkit-focus, #8aa4ff);
  --_badge: var(--hogkit-badge-bg, #2d3550);
  --_badge-fg: var(--hogkit-badge-fg, #c9d4ff);
  color-scheme: dark;
`

export const baseStyles = css`
  :host {
    --_bg: var(--hogkit-bg, #ffffff);
    --_fg: var(--hogkit-fg, #1d1f27);
    --_muted: var(--hogkit-muted, #545866);
    --_surface: var(--hogkit-surface, #f5f6f8);
    --_border: var(--hogkit-border, #c9ccd4);
    --_accent: var(--hogkit-accent, #1d4aff);
    --_accent-fg: var(--hogkit-accent-fg, #ffffff);
    --_danger: var(--hogkit-danger, #b42318);
    --_success: var(--hogkit-success, #1a7f37);
    --_focus: var(--hogkit-focus, #1d4aff);
    --_badge: var(--hogkit-badge-bg, #e8edff);
    --_badge-fg: var(--hogkit-badge-fg, #1a3bbf);
    --_radius: var(--hogkit-radius, 8px);
    --_gap: var(--hogkit-gap, 12px);
    display: block;
    color-scheme: light;
    container-type: inline-size;
    font-family: var(--hogkit-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
    font-size: var(--hogkit-font-size, 14px);
    line-height: 1.45;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--hogkit-padding, 16px);
    box-sizing: border-box;
    max-width: 100%;
    min-width: 0;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme="light"])) {
      ${darkPalette}
    }
  }
  :host([theme="dark"]) {
    ${darkPalette}
  }
  :host([hidden]) { display: none; }
  *, *::before, *::after { box-sizing: border-box; }
  h2, h3, p, ul, ol { margin: 0; }
  ul.plain { list-style: none; padding: 0; }
  .header { display: flex; align-items: center; justify-content: space-between; gap: var(--_gap); flex-wrap: wrap; margin-bottom: var(--_gap); }
  .title { font-size: 1.15em; font-weight: 650; }
  .muted { color: var(--_muted); font-size: 0.92em; }
  .row { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; min-width: 0; }
  .stack { display: flex; flex-direction: column; gap: var(--_gap); min-width: 0; }
  .user-text { overflow-wrap: anywhere; word-break: break-word; unicode-bidi: isolate; white-space: pre-wrap; min-width: 0; }
  .clip { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; unicode-bidi: isolate; }
  button, .button {
    font: inherit; font-weight: 550; border-radius: calc(var(--_radius) - 2px); border: 1px solid var(--_border);
    background: var(--_surface); color: var(--_fg); padding: 5px 12px; cursor: pointer; min-height: 32px;
    display: inline-flex; align-items: center; gap: 6px; text-decoration: none;
  }
  button:hover:not(:disabled) { border-color: var(--_muted); }
  button.primary { background: var(--_accent); color: var(--_accent-fg); border-color: var(--_accent); }
  button.link { background: none; border-color: transparent; color: var(--_accent); padding: 2px 6px; min-height: 28px; }
  button.danger { color: var(--_danger); }
  button.link.danger { color: var(--_danger); }
  button:disabled { opacity: 0.55; cursor: not-allowed; }
  input, textarea, select {
    font: inherit; color: var(--_fg); background: var(--_bg); border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px); padding: 6px 10px; min-height: 34px; max-width: 100%;
  }
  textarea { width: 100%; resize: vertical; min-height: 64px; }
  :is(button, a, input, textarea, select, [tabindex]):focus-visible {
    outline: 2px solid var(--_focus); outline-offset: 2px;
  }
  a { color: var(--_accent); }
  label { font-weight: 550; }
  .field { display: flex; flex-direction: column; gap: 4px; min-width: 0; }
  .check { display: inline-flex; align-items: center; gap: 6px; font-weight: 500; }
  .badge {
    display: inline-flex; align-items: center; gap: 4px; font-size: 0.8em; font-weight: 600; padding: 1px 8px;
    border-radius: 999px; background: var(--_badge); color: var(--_badge-fg); white-space: nowrap;
  }
  .badge.success { background: transparent; color: var(--_success); border: 1px solid currentColor; }
  .tags { display: flex; gap: 4px; flex-wrap: wrap; min-width: 0; }
  .tag { font-size: 0.8em; padding: 0 6px; border-radius: 4px; border: 1px solid var(--_border); color: var(--_muted); max-width: 100%; }
  .state { padding: 20px 12px; text-align: center; color: var(--_muted); }
  .state.error { color: var(--_danger); display: flex; flex-direction: column; align-items: center; gap: 10px; }
  .state.error .user-text { color: var(--_fg); }
  .skeleton { height: 14px; border-radius: 4px; background: var(--_surface); margin: 10px 0; animation: pulse 1.2s ease-in-out infinite; }
  @keyframes pulse { 50% { opacity: 0.5; } }
  @media (prefers-reduced-motion: reduce) { .skeleton { animation: none; } }
  .toast {
    display: flex; align-items: center; justify-content: space-between; gap: 8px; margin-top: var(--_gap);
    padding: 8px 12px; border-radius: var(--_radius); background: var(--_surface); border: 1px solid var(--_border);
  }
  .toast:empty { display: none; }
  .toast > .row { flex: none; }
  .inline-error { color: var(--_danger); font-size: 0.92em; }
  .pager { display: flex; align-items: center; justify-content: space-between; gap: 8px; margin-top: var(--_gap); flex-wrap: wrap; }
  .sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
`
