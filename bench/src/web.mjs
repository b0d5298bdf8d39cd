// Web rows.
// - Bundle sizes: gzip (level 9) of each widget's browser bundle in packages/web/dist/browser/ and of the
//   bundle with all four (hogkit-web.js), each including core, Effect and Lit. The ratio is the share of
//   the 60 KB budget the issue sets for all four together; only that row is pass/fail. The baseline
//   column shows Lit alone (a minimal LitElement bundled and minified the same way): the floor any Lit
//   widget ships.
// - Render: time for `<hogkit-comments>` to show a 500-comment thread (one root, 499 replies) in chromium,
//   from inserting the element to all 500 comments in its shadow DOM with layout done, versus a plain Lit
//   list of the same data (bench/lib/web-baseline-list.mjs). Both fetch the same bytes from the same local
//   server; the widget also asks for the count and the current user, as it does in real use. The 500
//   comments come in one page: a real PostHog pages by 100 and the widget would need "load more"; one page
//   keeps the figure about rendering, not round trips. The widget marks each reply
//   `content-visibility: auto`, so replies far below the fold are in the DOM (and the accessibility tree)
//   but skip style and layout until scrolled near; the hand-written baseline lays out all 500. That is the
//   widget's real behaviour on a long thread, not a bench setting, so the figure keeps it.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { createServer } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gzipSync } from "node:zlib"
import { comment } from "../lib/fixtures.mjs"
import {
  benchDir,
  benchmarkMain,
  guard,
  interleave,
  log,
  measure,
  repoDir,
  row,
  summary
} from "../lib/harness.mjs"

const BUDGET_KB = 60
const ROUNDS = 7
const COMMENTS = 500
const browserDir = join(repoDir, "packages", "web", "dist", "browser")
const chromiumFlags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run"
]

const bundle = async (entry) => {
  const esbuild = await import("esbuild")
  const out = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "error"
  })
  return Buffer.from(out.outputFiles[0].contents)
}

// kB of 1,000 bytes: the 60 KB budget read the stricter way (60,000 bytes, not 61,440).
const gzipKb = (bytes) => gzipSync(bytes, { level: 9 }).length / 1000

const sizes = async () => {
  const litFloor = gzipKb(await bundle(join(benchDir, "lib", "web-lit-floor.mjs")))
  const floor = { ...summary([litFloor]), unit: "kB", text: `${litFloor.toFixed(1)} kB (Lit alone)` }
  const widgets = [
    ["hogkit-comments", "<hogkit-comments>"],
    ["hogkit-dashboards", "<hogkit-dashboards>"],
    ["hogkit-dashboard-templates", "<hogkit-dashboard-templates>"],
    ["hogkit-sharing", "<hogkit-sharing>"],
    ["hogkit-web", "all four widgets (hogkit-web.js)"]
  ]
  const rows = []
  for (const [file, label] of widgets) {
    const path = join(browserDir, `${file}.js`)
    const all = file === "hogkit-web"
    const meta = {
      id: `web-size-${file}`,
      group: "web",
      name: `Web: ${label} gzipped${all ? "" : " (share of the 4-widget budget)"}`,
      ...(all ? { goal: { cmp: "<=", value: 1 } } : {})
    }
    rows.push(
      ...(await guard([meta], async () => {
        if (!existsSync(path)) throw new Error(`${path} is missing: run pnpm --filter @hogkit/web build`)
        const raw = readFileSync(path)
        const kb = gzipKb(raw)
        return row({
          ...meta,
          hogkit: {
            ...summary([kb]),
            unit: "kB",
            text: `${kb.toFixed(1)} kB (${(raw.length / 1000).toFixed(0)} kB raw)`
          },
          baseline: floor,
          baselineLabel: `floor; budget ${BUDGET_KB} kB (60,000 bytes)`,
          ratio: [kb / BUDGET_KB],
          goal: all ? { cmp: "<=", value: 1 } : null,
          chartScale: { cmp: "<=", value: 1 },
          note: all ? `share of the ${BUDGET_KB} kB budget for all four widgets, core included` : null
        })
      }))
    )
  }
  return rows
}

const thread = () => {
  const root = comment(COMMENTS - 1, { itemId: "1" })
  const replies = Array.from({ length: COMMENTS - 1 }, (_, n) =>
    comment(n, { itemId: "1", sourceComment: root.id })
  )
  // Newest first, as PostHog lists comments.
  return { next: null, previous: null, results: [...replies, root] }
}

const render = async (tmp) => {
  const widgetJs = join(browserDir, "hogkit-comments.js")
  if (!existsSync(widgetJs)) throw new Error(`${widgetJs} is missing: run pnpm --filter @hogkit/web build`)
  const baselineJs = await bundle(join(benchDir, "lib", "web-baseline-list.mjs"))
  const pageBytes = Buffer.from(JSON.stringify(thread()))
  const me = Buffer.from(
    JSON.stringify({ id: 1, uuid: "bb3c6bc2-22ce-40c7-81fb-a7a3a20cc9f5", first_name: "Emulator" })
  )
  const commentsPath = "/api/projects/1/comments/"
  const page = (script, tag, attrs, selector) => `<!doctype html><html><head><meta charset="utf-8">
<script type="module" src="${script}"></script></head><body><script type="module">
await customElements.whenDefined("${tag}")
window.measure = () => new Promise((resolve) => {
  const el = document.createElement("${tag}")
  ${attrs}
  const t0 = performance.now()
  document.body.append(el)
  const done = () => {
    const n = el.shadowRoot ? el.shadowRoot.querySelectorAll("${selector}").length : 0
    if (n < ${COMMENTS}) return false
    document.body.offsetHeight
    resolve({ ms: performance.now() - t0, n })
    return true
  }
  const observer = new MutationObserver(() => { if (done()) observer.disconnect() })
  observer.observe(el.shadowRoot, { childList: true, subtree: true })
})
window.ready = true
</script></body></html>`
  const pages = {
    "/hogkit.html": page(
      "/hogkit-comments.js",
      "hogkit-comments",
      `el.setAttribute("api-base", location.origin); el.setAttribute("project-id", "1");
  el.setAttribute("scope", "Dashboard"); el.setAttribute("item-id", "1"); el.setAttribute("refresh-interval", "0")`,
      "article.comment"
    ),
    "/baseline.html": page(
      "/baseline.js",
      "plain-comment-list",
      `el.setAttribute("src", location.origin + "${commentsPath}?item_id=1&scope=Dashboard")`,
      "li"
    )
  }
  const widgetBytes = readFileSync(widgetJs)
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname
    const send = (type, body) => {
      res.writeHead(200, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) })
      res.end(body)
    }
    if (pages[path]) return send("text/html", pages[path])
    if (path === "/hogkit-comments.js") return send("text/javascript", widgetBytes)
    if (path === "/baseline.js") return send("text/javascript", baselineJs)
    if (path === commentsPath) return send("application/json", pageBytes)
    if (path === `${commentsPath}count/`) return send("application/json", JSON.stringify({ count: COMMENTS }))
    if (path === "/api/users/@me/") return send("application/json", me)
    res.writeHead(404, { "Content-Type": "application/json" })
    res.end('{"type":"invalid_request","code":"not_found","detail":"Not found.","attr":null}')
  })
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve))
  const origin = `http://127.0.0.1:${server.address().port}`
  const { chromium } = await import("playwright-core")
  const context = await chromium.launchPersistentContext(join(tmp, "profile"), {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: chromiumFlags
  })
  try {
    const once = async (path) => {
      const tab = await context.newPage()
      try {
        const errors = []
        tab.on("pageerror", (e) => errors.push(e.message))
        await tab.goto(`${origin}${path}`)
        await tab.waitForFunction(() => window.ready === true, null, { timeout: 30_000 })
        const r = await tab.evaluate(() => window.measure())
        if (r.n < COMMENTS) throw new Error(`${path} rendered ${r.n} comments: ${errors.join("; ")}`)
        return { value: r.ms }
      } finally {
        await tab.close()
      }
    }
    const r = await interleave({
      rounds: ROUNDS,
      warmup: 1,
      budgetMs: 40_000,
      minRounds: 5,
      a: () => once("/hogkit.html"),
      b: () => once("/baseline.html"),
      onRound: (i, a, b) =>
        log(`render ${i + 1}: <hogkit-comments> ${a.toFixed(0)} ms, plain Lit list ${b.toFixed(0)} ms`)
    })
    return row({
      id: "web-render",
      group: "web",
      name: `Web: render a ${COMMENTS}-comment thread in chromium`,
      hogkit: measure(r.a, "ms", 0),
      baseline: measure(r.b, "ms", 0),
      baselineLabel: "plain Lit list of the same data",
      ratio: r.ratios,
      goal: { cmp: "<=", value: 1.5 }
    })
  } finally {
    await context.close()
    server.close()
    server.closeAllConnections()
  }
}

const main = async () => {
  const tmp = mkdtempSync(join(tmpdir(), "hogkit-bench-web-"))
  try {
    const renderMeta = {
      id: "web-render",
      group: "web",
      name: `Web: render a ${COMMENTS}-comment thread`,
      goal: { cmp: "<=", value: 1.5 }
    }
    return [...(await sizes()), ...(await guard([renderMeta], () => render(tmp)))]
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

await benchmarkMain(
  {
    name: "web",
    rows: [
      { id: "web-size", group: "web", name: "Web: bundle sizes", goal: { cmp: "<=", value: 1 } },
      {
        id: "web-render",
        group: "web",
        name: "Web: render a 500-comment thread",
        goal: { cmp: "<=", value: 1.5 }
      }
    ]
  },
  main
)
