import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Rig, settled, startRig } from "./support/harness.js"

let rig: Rig
const longWord = "A".repeat(10_000)
const rtl = "\u202Egnp.exe\u202C invoice"
const hostile = [
  `<img src=x onerror="window.__pwned = 'img'">`,
  `<script>window.__pwned = 'script'</script>`,
  `[click me](javascript:window.__pwned='md') javascript:window.__pwned='bare'`,
  rtl,
  longWord
]

beforeAll(async () => {
  rig = await startRig()
  const P = `/api/projects/${rig.emulator.projectId}`
  const info = await rig.emu<{ organization_id: string }>("GET", "/_emulator/info")
  // A second author whose name is itself an attack.
  const user = await rig.emu<{ id: number }>("POST", "/_emulator/users", {
    email: "mallory@example.com",
    first_name: `<img src=x onerror="window.__pwned='name'">`,
    last_name: "\u202Eyrollam",
    organization_ids: [info.organization_id]
  })
  const key = (
    await rig.emu<{ key: string }>("POST", "/_emulator/personal_api_keys", {
      user_id: user.id,
      scopes: ["*"]
    })
  ).key
  for (const content of hostile) {
    await fetch(`${rig.emulator.url}${P}/comments/`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ content, scope: "Dashboard", item_id: "66" })
    })
  }
  await rig.emu("POST", `${P}/comments/`, {
    scope: "Dashboard",
    item_id: "66",
    content: "",
    rich_content: {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            {
              type: "text",
              text: "rich js",
              marks: [{ type: "link", attrs: { href: "javascript:window.__pwned='rich'" } }]
            },
            {
              type: "text",
              text: " data",
              marks: [{ type: "link", attrs: { href: "data:text/html,<script>alert(1)</script>" } }]
            },
            {
              type: "ph-mention",
              attrs: { id: 999, label: `<img src=x onerror="window.__pwned='mention'">` }
            },
            { type: "image", attrs: { src: "x" }, content: [{ type: "text", text: "<b>not bold</b>" }] }
          ]
        }
      ]
    }
  })
  for (const name of hostile) {
    await rig.emu("POST", `${P}/dashboards/`, { name: name.slice(0, 400), description: name })
    await rig.emu("POST", `${P}/dashboard_templates/`, {
      template_name: name.slice(0, 400),
      dashboard_description: name.slice(0, 400),
      tags: [name.slice(0, 255)],
      tiles: [{ type: "INSIGHT", name: "x" }]
    })
  }
})
afterAll(async () => {
  await rig?.close()
})

/** Every element the widgets rendered (inside their shadow roots). */
const deepTags = (page: import("playwright-core").Page) =>
  page.evaluate(() => {
    const tags: Array<string> = []
    const walk = (root: ParentNode) => {
      for (const el of root.querySelectorAll("*")) {
        tags.push(el.tagName.toLowerCase())
        if (el.shadowRoot) walk(el.shadowRoot)
      }
    }
    for (const host of document.querySelectorAll(
      "hogkit-comments, hogkit-dashboards, hogkit-dashboard-templates"
    )) {
      if (host.shadowRoot) walk(host.shadowRoot)
    }
    return tags
  })

describe("hostile content", () => {
  it("renders as inert text and keeps the layout", async () => {
    const page = await rig.open(
      `<div style="width:640px">
        <hogkit-comments api-base="${rig.apiBase}" scope="Dashboard" item-id="66" refresh-interval="0"></hogkit-comments>
        <hogkit-dashboards api-base="${rig.apiBase}" page-size="20"></hogkit-dashboards>
        <hogkit-dashboard-templates api-base="${rig.apiBase}" page-size="20"></hogkit-dashboard-templates>
      </div>`
    )
    await settled(page)
    await page.waitForTimeout(500)

    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined()
    const tags = await deepTags(page)
    expect(tags).not.toContain("img")
    expect(tags).not.toContain("script")
    expect(tags).not.toContain("b")
    expect(tags).toContain("article")

    // The markup is shown as the characters it is.
    await page.locator("hogkit-comments").getByText(`<script>window.__pwned = 'script'</script>`).waitFor()
    expect(await page.locator("hogkit-comments").getByText(`<img src=x onerror=`).count()).toBeGreaterThan(0)
    await page.locator("hogkit-dashboards").getByText(`<img src=x onerror`).first().waitFor()

    // Only http(s) links exist anywhere.
    const hrefs = await page.evaluate(() => {
      const out: Array<string> = []
      const walk = (root: ParentNode) => {
        for (const el of root.querySelectorAll("*")) {
          if (el instanceof HTMLAnchorElement) out.push(el.getAttribute("href") ?? "")
          if (el.shadowRoot) walk(el.shadowRoot)
        }
      }
      walk(document)
      return out
    })
    for (const href of hrefs) expect(href).toMatch(/^https?:\/\//)

    // User text is isolated, so an RTL override cannot reorder what follows it.
    const bidi = await page
      .locator("hogkit-comments [part~=author] bdi")
      .first()
      .evaluate((el) => getComputedStyle(el).unicodeBidi)
    expect(bidi).toBe("isolate")
    const bodyBidi = await page
      .locator("hogkit-comments [part~=body]")
      .first()
      .evaluate((el) => getComputedStyle(el).unicodeBidi)
    expect(bodyBidi).toBe("isolate")

    // A 10,000-character word wraps inside the widget instead of stretching it.
    for (const tag of ["hogkit-comments", "hogkit-dashboards", "hogkit-dashboard-templates"]) {
      const { width, scrollWidth } = await page.locator(tag).evaluate((el) => ({
        width: el.getBoundingClientRect().width,
        scrollWidth: el.scrollWidth
      }))
      expect(width).toBeLessThanOrEqual(640)
      expect(scrollWidth).toBeLessThanOrEqual(Math.ceil(width))
    }
    const page1Width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(page1Width).toBeLessThanOrEqual(900)

    // Clicking the author-controlled links does nothing either.
    await page.locator("hogkit-comments").getByText("rich js").click()
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined()
    await page.screenshot({ path: "test-results/screenshots/hostile-light.png", fullPage: false })
    await page.close()
  })
})
