/**
 * The end-to-end rig: an emulator with PostHog's behaviour, the proxy in front of it on a loopback
 * node:http server that also serves the widget bundles and test pages, and Debian's chromium driven by
 * playwright-core with a fresh profile.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { type Emulator, startEmulator } from "@hogkit/emulator"
import { type BrowserContext, chromium, type Page } from "playwright-core"
import { createProxyHandler, type ProxyOptions, toNodeHandler } from "../../src/proxy/index.js"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
export const screenshotDir = join(root, "test-results", "screenshots")

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run"
]

export interface Rig {
  readonly emulator: Emulator
  /** The page origin, which also serves the proxy under /posthog. */
  readonly origin: string
  readonly apiBase: string
  readonly context: BrowserContext
  /** Serves `body` as a page on the rig's origin and opens it. */
  open(body: string, options?: { colorScheme?: "light" | "dark" }): Promise<Page>
  /** Calls the emulator directly (not through the proxy), as the test's view of the truth. */
  emu<T = unknown>(method: string, path: string, body?: unknown): Promise<T>
  close(): Promise<void>
}

export const startRig = async (
  proxyOptions: Partial<ProxyOptions> = {},
  seed: "empty" | "demo" = "empty",
  emulatorOptions: { strictPostHog?: boolean } = {}
): Promise<Rig> => {
  const emulator = await startEmulator({ port: 0, seed, ...emulatorOptions })
  const pages = new Map<string, string>()
  // Uncaught exceptions in any page: a widget must never throw, whatever the API answers.
  const pageErrors: Array<string> = []
  let counter = 0
  const proxy = toNodeHandler(
    createProxyHandler({
      apiKey: emulator.apiKey,
      host: emulator.url,
      projectId: emulator.projectId,
      ...proxyOptions
    })
  )
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x")
    if (url.pathname.startsWith("/posthog/")) return proxy(req, res)
    if (url.pathname.startsWith("/bundle/")) {
      const name = url.pathname.slice("/bundle/".length)
      if (!/^[a-z-]+\.js$/.test(name)) return void res.writeHead(404).end()
      res.writeHead(200, { "content-type": "text/javascript" })
      return void res.end(readFileSync(join(root, "dist", "browser", name)))
    }
    const page = pages.get(url.pathname)
    if (page !== undefined) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" })
      return void res.end(page)
    }
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const profile = mkdtempSync(join(tmpdir(), "hogkit-chromium-"))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 900, height: 900 }
  })
  context.setDefaultTimeout(15_000)

  return {
    emulator,
    origin,
    apiBase: `${origin}/posthog`,
    context,
    open: async (body, options = {}) => {
      const path = `/page-${++counter}.html`
      pages.set(
        path,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>hogkit test</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <script type="module" src="/bundle/hogkit-web.js"></script>
        <style>body{margin:0;padding:24px;font-family:system-ui;background:Canvas;color:CanvasText}
        @media (prefers-color-scheme: dark){body{background:#111318;color:#eef0f4}}</style></head>
        <body><main><h1 style="font-size:16px;margin:0 0 12px">hogkit widgets</h1>${body}</main></body></html>`
      )
      const page = await context.newPage()
      page.on("pageerror", (e) => pageErrors.push(`${path}: ${e.message}`))
      await page.emulateMedia({ colorScheme: options.colorScheme ?? "light", reducedMotion: "reduce" })
      await page.goto(origin + path)
      return page
    },
    emu: async (method, path, body) => {
      const res = await fetch(emulator.url + path, {
        method,
        headers: {
          authorization: `Bearer ${emulator.apiKey}`,
          "content-type": "application/json",
          "x-hogkit-emulator-token": emulator.adminToken
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      const text = await res.text()
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`)
      return (text ? JSON.parse(text) : undefined) as never
    },
    close: async () => {
      await context.close().catch(() => undefined)
      await new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await emulator.close()
      rmSync(profile, { recursive: true, force: true })
      if (pageErrors.length > 0) throw new Error(`Uncaught errors in the widgets:\n${pageErrors.join("\n")}`)
    }
  }
}

export const axeSource = readFileSync(join(root, "node_modules", "axe-core", "axe.min.js"), "utf8")

/** Runs axe-core on the page (shadow roots included) and returns the violations, described. */
export const axeViolations = async (page: Page): Promise<Array<string>> => {
  await page.addScriptTag({ content: axeSource })
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown
          ) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> }>
        }
      }
    ).axe
    const result = await axe.run(document, { resultTypes: ["violations"] })
    return result.violations.map(
      (v) => `${v.id}: ${v.help} — ${JSON.stringify(v.nodes.map((n) => n.target))}`
    )
  })
}

/** The focused element, looking through shadow roots, described as `tag|accessible text`. */
export const focused = (page: Page): Promise<string> =>
  page.evaluate(() => {
    let a: Element | null = document.activeElement
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement
    if (!a) return ""
    const label = a.getAttribute("aria-label") ?? a.getAttribute("id") ?? ""
    const text = (a.textContent ?? "").trim().replace(/\s+/g, " ")
    return `${a.tagName.toLowerCase()}|${label || text}`
  })

/** True when the focused element draws a visible focus ring. */
export const focusRingVisible = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    let a: Element | null = document.activeElement
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement
    if (!a) return false
    const style = getComputedStyle(a)
    return style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2
  })

/** Presses Tab until the focused element matches, failing after `max` presses. */
export const tabTo = async (page: Page, match: RegExp, max = 40, key = "Tab"): Promise<string> => {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key)
    const now = await focused(page)
    if (match.test(now)) return now
  }
  throw new Error(`Focus never reached ${match} (ended on ${await focused(page)})`)
}

/** Waits until no widget on the page shows its loading skeleton. */
export const settled = async (page: Page): Promise<void> => {
  await page.waitForFunction(() =>
    [
      ...document.querySelectorAll(
        "hogkit-comments, hogkit-dashboards, hogkit-dashboard-templates, hogkit-sharing"
      )
    ].every(
      (el) =>
        el.shadowRoot !== null &&
        el.shadowRoot.querySelector("[part~=loading]") === null &&
        el.shadowRoot.childElementCount > 0
    )
  )
}

/**
 * The state the sharing and template widgets show at their fullest: `dashboardId` shared behind a password
 * with one noted password, and a second project ("Staging") holding one template to copy from.
 */
export const seedSharingAndStaging = async (
  rig: Rig,
  dashboardId: number,
  stagingTemplateName: string
): Promise<void> => {
  const P = `/api/projects/${rig.emulator.projectId}`
  await rig.emu("PATCH", `${P}/dashboards/${dashboardId}/sharing/`, {
    enabled: true,
    password_required: true
  })
  await rig.emu("POST", `${P}/dashboards/${dashboardId}/sharing/passwords/`, { note: "Board meeting" })
  const info = await rig.emu<{ organization_id: string }>("GET", "/_emulator/info")
  const staging = await rig.emu<{ id: number }>("POST", "/_emulator/projects", {
    organization_id: info.organization_id,
    name: "Staging"
  })
  await rig.emu("POST", `/api/projects/${staging.id}/dashboard_templates/`, {
    template_name: stagingTemplateName,
    dashboard_description: "Errors and adoption of the latest release",
    tiles: [{ type: "INSIGHT", name: "Crash-free sessions" }]
  })
}
