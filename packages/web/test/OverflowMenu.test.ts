// The shared overflow menu on its own, in Chromium: a tiny Lit element (bundled here from the real module)
// hosts two menus, and the test drives them with the keyboard and the mouse as a person would.
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "esbuild"
import type { Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { axeViolations, focused, type Rig, startRig } from "./support/harness.js"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
let rig: Rig
let fixture: string

beforeAll(async () => {
  rig = await startRig()
  const out = await build({
    stdin: {
      resolveDir: root,
      sourcefile: "menu-fixture.ts",
      loader: "ts",
      contents: `
        import { html, LitElement } from "lit"
        import { baseStyles } from "./src/internal/styles.js"
        import { menuStyles, OverflowMenu } from "./src/internal/OverflowMenu.js"
        class MenuFixture extends LitElement {
          static styles = [baseStyles, menuStyles]
          menu = new OverflowMenu(this)
          render() {
            const log = (what) => () => { document.body.dataset.ran = what }
            return html\`<div class="row"><span>Row one</span>
              \${this.menu.render("one", "More actions for Row one", [
                { label: "Rename", run: log("rename one") },
                { label: "Duplicate", run: log("duplicate one") },
                { label: "Delete", danger: true, run: log("delete one") }
              ])}
              <span>Row two</span>
              \${this.menu.render("two", "More actions for Row two", [{ label: "Delete", danger: true, run: log("delete two") }])}
              <input aria-label="Elsewhere" /></div>\`
          }
        }
        customElements.define("menu-fixture", MenuFixture)`
    },
    bundle: true,
    write: false,
    format: "esm"
  })
  fixture = out.outputFiles[0]!.text
})
afterAll(async () => {
  await rig?.close()
})

const open = async (): Promise<Page> => {
  const page = await rig.open(`<p>Outside text</p><menu-fixture></menu-fixture>`)
  await page.addScriptTag({ content: fixture, type: "module" })
  await page.getByRole("button", { name: "More actions for Row one" }).waitFor()
  return page
}
const ran = (page: Page) => page.evaluate(() => document.body.dataset.ran ?? "")

describe("OverflowMenu", () => {
  it("is a menu button: closed, then open with its items, arrows/Home/End moving, Escape returning focus", async () => {
    const page = await open()
    const button = page.getByRole("button", { name: "More actions for Row one" })
    expect(await button.getAttribute("aria-haspopup")).toBe("menu")
    expect(await button.getAttribute("aria-expanded")).toBe("false")
    expect(await page.getByRole("menu").count()).toBe(0)

    await button.focus()
    await page.keyboard.press("Enter")
    expect(await button.getAttribute("aria-expanded")).toBe("true")
    const menu = page.getByRole("menu", { name: "More actions for Row one" })
    expect(await menu.getByRole("menuitem").allTextContents()).toEqual(["Rename", "Duplicate", "Delete"])
    expect(await focused(page)).toBe("button|Rename")
    await page.keyboard.press("ArrowDown")
    expect(await focused(page)).toBe("button|Duplicate")
    await page.keyboard.press("End")
    expect(await focused(page)).toBe("button|Delete")
    await page.keyboard.press("ArrowDown")
    expect(await focused(page)).toBe("button|Rename")
    await page.keyboard.press("ArrowUp")
    expect(await focused(page)).toBe("button|Delete")
    await page.keyboard.press("Home")
    expect(await focused(page)).toBe("button|Rename")
    expect(await axeViolations(page)).toEqual([])

    await page.keyboard.press("Escape")
    expect(await page.getByRole("menu").count()).toBe(0)
    expect(await button.getAttribute("aria-expanded")).toBe("false")
    expect(await focused(page)).toBe("button|More actions for Row one")
    expect(await ran(page)).toBe("")

    // ArrowUp on the button opens on the last item.
    await page.keyboard.press("ArrowUp")
    expect(await focused(page)).toBe("button|Delete")
    await page.close()
  })

  it("runs the chosen item after closing, with focus back on the button", async () => {
    const page = await open()
    await page.getByRole("button", { name: "More actions for Row one" }).click()
    await page.getByRole("menuitem", { name: "Duplicate" }).click()
    expect(await ran(page)).toBe("duplicate one")
    expect(await page.getByRole("menu").count()).toBe(0)
    expect(await focused(page)).toBe("button|More actions for Row one")

    await page.keyboard.press("Enter")
    await page.keyboard.press("End")
    await page.keyboard.press("Enter")
    expect(await ran(page)).toBe("delete one")
    await page.close()
  })

  it("styles destructive items apart", async () => {
    const page = await open()
    await page.getByRole("button", { name: "More actions for Row one" }).click()
    const colour = (name: string) =>
      page.getByRole("menuitem", { name }).evaluate((el) => getComputedStyle(el).color)
    expect(await colour("Delete")).not.toBe(await colour("Rename"))
    expect(await colour("Delete")).toBe("rgb(180, 35, 24)")
    await page.close()
  })

  it("closes on a click outside, returning focus to the button unless the click focused something else", async () => {
    const page = await open()
    const one = page.getByRole("button", { name: "More actions for Row one" })
    await one.click()
    await page.getByText("Outside text").click()
    expect(await page.getByRole("menu").count()).toBe(0)
    await expect.poll(() => focused(page)).toBe("button|More actions for Row one")

    await one.click()
    await page.getByLabel("Elsewhere").click()
    expect(await page.getByRole("menu").count()).toBe(0)
    expect(await focused(page)).toBe("input|Elsewhere")

    // Opening one menu closes the other: one open at a time.
    await one.click()
    await page.getByRole("button", { name: "More actions for Row two" }).click()
    expect(await page.getByRole("menu").count()).toBe(1)
    expect(await page.getByRole("menu", { name: "More actions for Row two" }).count()).toBe(1)
    expect(await ran(page)).toBe("")
    await page.close()
  })
})
