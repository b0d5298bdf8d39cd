// Writes the results: a Markdown table, the raw JSON, and an SVG chart where every row's ratio is drawn
// against its own goal on one shared "share of goal" axis (1.0 = exactly at the goal, left of it passes).

const fmt = (x, digits = 2) =>
  Number.isFinite(x) ? x.toFixed(Math.abs(x) < 0.1 && x !== 0 ? digits + 1 : digits) : "—"

export const ratioText = (r) => {
  if (!Number.isFinite(r.ratio.median)) return "—"
  if (r.unit === "MB") {
    const s = (x) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(1)}`
    return `${s(r.ratio.median)} MB [${s(r.ratio.min)} – ${s(r.ratio.max)}]`
  }
  return `${fmt(r.ratio.median)}× [${fmt(r.ratio.min)}–${fmt(r.ratio.max)}]`
}

export const goalText = (r) => {
  if (!r.goal) return "report only"
  const unit = r.unit === "MB" ? " MB" : "×"
  return `${r.goal.cmp === "<=" ? "≤" : "≥"} ${r.goal.value}${unit}`
}

const statusText = { pass: "✅ pass", fail: "❌ fail", report: "— report", error: "⚠️ error" }

const cell = (s) => String(s ?? "—").replaceAll("|", "\\|")

export const markdown = ({ rows, meta }) => {
  const lines = [
    "# hogkit benchmark results",
    "",
    `Command: \`${meta.command}\` · ${meta.date} · ${meta.machine} · total ${meta.totalSeconds.toFixed(0)} s`,
    "",
    "Every ratio is the median over interleaved rounds (hogkit, baseline, hogkit, baseline …), with the",
    "min and max of the per-round ratios in brackets. hogkit and baseline columns show the median and",
    "[min–max] of the raw measurements.",
    "",
    "| benchmark | hogkit | baseline | ratio median [min–max] | goal | result |",
    "|---|---|---|---|---|---|"
  ]
  for (const r of rows) {
    const baseline = r.baseline ? `${r.baseline.text}${r.baselineLabel ? ` (${r.baselineLabel})` : ""}` : "—"
    lines.push(
      `| ${cell(r.name)} | ${cell(r.hogkit?.text)} | ${cell(baseline)} | ${cell(ratioText(r))} | ${cell(goalText(r))} | ${statusText[r.status]} |`
    )
  }
  const notes = rows.filter((r) => r.note)
  if (notes.length > 0) {
    lines.push("", "## Notes", "")
    for (const r of notes) lines.push(`- **${r.name}** (${r.status}): ${r.note}`)
  }
  const counts = {}
  for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1
  lines.push(
    "",
    `Summary: ${counts.pass ?? 0} pass, ${counts.fail ?? 0} fail, ${counts.report ?? 0} report only, ${counts.error ?? 0} error.`,
    ""
  )
  return lines.join("\n")
}

/** Where a value sits relative to its goal: < 1 is on the passing side, 1 is exactly at the goal. */
const shareOfGoal = (r, v) => {
  // Report-only rows may still have a scale to draw against (e.g. one widget against the shared budget).
  const goal = r.goal ?? r.chartScale
  if (!goal || !Number.isFinite(v)) return Number.NaN
  if (r.unit === "MB") return v / goal.value
  return goal.cmp === "<=" ? v / goal.value : goal.value / v
}

const esc = (s) => String(s).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")

export const svg = ({ rows, meta }) => {
  const charted = rows
  const W = 1320
  const labelW = 540
  const plotW = 420
  const rowH = 30
  const top = 74
  const H = top + charted.length * rowH + 78
  const maxShare = 3
  const x = (share) => labelW + (Math.min(Math.max(share, 0), maxShare) / maxShare) * plotW
  const colors = { pass: "#1a7f37", fail: "#cf222e", report: "#6e7781", error: "#9a6700" }
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="13">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="16" y="26" font-size="17" font-weight="600" fill="#1f2328">hogkit vs baselines — each ratio against its own goal</text>`,
    `<text x="16" y="46" fill="#57606a">Bar = median ratio as a share of its goal (goal line at 1.0; left of it passes). Whisker = min–max over rounds. ${esc(meta.date)}</text>`
  ]
  // Passing zone, goal line and axis ticks.
  parts.push(
    `<rect x="${x(0)}" y="${top - 8}" width="${x(1) - x(0)}" height="${charted.length * rowH + 8}" fill="#dafbe1" opacity="0.55"/>`
  )
  parts.push(
    `<rect x="${x(1)}" y="${top - 8}" width="${x(maxShare) - x(1)}" height="${charted.length * rowH + 8}" fill="#ffebe9" opacity="0.55"/>`
  )
  for (const t of [0, 0.5, 1, 1.5, 2, 2.5, 3]) {
    const tx = x(t)
    parts.push(
      `<line x1="${tx}" y1="${top - 8}" x2="${tx}" y2="${top + charted.length * rowH}" stroke="#d0d7de" stroke-width="${t === 1 ? 0 : 1}"/>`
    )
    parts.push(
      `<text x="${tx}" y="${top + charted.length * rowH + 16}" text-anchor="middle" fill="#57606a">${t === maxShare ? "≥3" : t}</text>`
    )
  }
  parts.push(
    `<line x1="${x(1)}" y1="${top - 12}" x2="${x(1)}" y2="${top + charted.length * rowH + 2}" stroke="#1f2328" stroke-width="2"/>`
  )
  parts.push(
    `<text x="${x(1)}" y="${top - 14}" text-anchor="middle" font-weight="600" fill="#1f2328">goal</text>`
  )
  parts.push(
    `<text x="${x(0.5)}" y="${top + charted.length * rowH + 34}" text-anchor="middle" fill="#1a7f37">passes</text>`
  )
  parts.push(
    `<text x="${x(2)}" y="${top + charted.length * rowH + 34}" text-anchor="middle" fill="#cf222e">misses the goal</text>`
  )

  charted.forEach((r, i) => {
    const y = top + i * rowH
    const mid = y + rowH / 2 - 4
    const color = colors[r.status]
    const label = r.name.length > 72 ? `${r.name.slice(0, 70)}…` : r.name
    if (i > 0 && charted[i - 1].group !== r.group) {
      parts.push(`<line x1="16" y1="${y}" x2="${W - 16}" y2="${y}" stroke="#afb8c1" stroke-dasharray="3 3"/>`)
    }
    parts.push(`<text x="16" y="${mid + 4}" fill="#1f2328">${esc(label)}</text>`)
    const m = shareOfGoal(r, r.ratio.median)
    const inverted = r.unit !== "MB" && (r.goal ?? r.chartScale)?.cmp === ">="
    const lo = shareOfGoal(r, inverted ? r.ratio.max : r.ratio.min)
    const hi = shareOfGoal(r, inverted ? r.ratio.min : r.ratio.max)
    if (Number.isFinite(m)) {
      parts.push(
        `<rect x="${x(0)}" y="${mid - 7}" width="${Math.max(1, x(m) - x(0))}" height="14" rx="2" fill="${color}" opacity="0.85"/>`
      )
      if (Number.isFinite(lo) && Number.isFinite(hi)) {
        parts.push(
          `<line x1="${x(lo)}" y1="${mid}" x2="${x(hi)}" y2="${mid}" stroke="#1f2328" stroke-width="1.5"/>`
        )
        for (const v of [lo, hi])
          parts.push(
            `<line x1="${x(v)}" y1="${mid - 5}" x2="${x(v)}" y2="${mid + 5}" stroke="#1f2328" stroke-width="1.5"/>`
          )
      }
      if (m > maxShare) parts.push(`<text x="${x(maxShare) + 4}" y="${mid + 4}" fill="${color}">▶</text>`)
    } else {
      parts.push(
        `<text x="${x(0) + 6}" y="${mid + 4}" fill="${color}">${r.status === "error" ? "not measured" : "no goal: reported only"}</text>`
      )
    }
    const verdict = r.status === "pass" ? "pass" : r.status === "fail" ? "FAIL" : r.status
    parts.push(
      `<text x="${labelW + plotW + 24}" y="${mid + 4}" fill="${color}" font-weight="600">${esc(verdict)}</text>`
    )
    const goalNote = r.goal ? `(goal ${goalText(r)})` : "(reported, no goal)"
    parts.push(
      `<text x="${labelW + plotW + 84}" y="${mid + 4}" fill="#1f2328">${esc(ratioText(r).split(" [")[0])}  ${esc(goalNote)}</text>`
    )
  })
  const counts = {}
  for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1
  parts.push(
    `<text x="16" y="${H - 14}" fill="#57606a">${esc(`${counts.pass ?? 0} pass · ${counts.fail ?? 0} fail · ${counts.report ?? 0} report only · ${counts.error ?? 0} not measured — ${meta.command}, ${meta.machine}, total ${Math.round(meta.totalSeconds)} s`)}</text>`
  )
  parts.push("</svg>")
  return `${parts.join("\n")}\n`
}
