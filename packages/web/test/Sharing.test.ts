import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type Rig, settled, startRig } from "./support/harness.js"

let rig: Rig
// Every request the proxy sent on to the emulator ("METHOD /path"): the real fetch, with a record kept.
const upstream: Array<string> = []
const P = () => `/api/projects/${rig.emulator.projectId}`

interface Config {
  enabled: boolean
  access_token: string
  password_required: boolean
  share_passwords: Array<{ id: number | string; note: string | null }>
}

beforeAll(async () => {
  rig = await startRig({
    fetch: (input, init) => {
      upstream.push(`${init?.method ?? "GET"} ${new URL(String(input)).pathname}`)
      return fetch(input, init)
    }
  })
  await rig.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: rig.origin })
})
beforeEach(async () => {
  await rig.emulator.reset()
})
afterAll(async () => {
  await rig?.close()
})

const open = async () => {
  const d = await rig.emu<{ id: number }>("POST", `${P()}/dashboards/`, { name: "Shared board" })
  const page = await rig.open(
    `<hogkit-sharing api-base="${rig.apiBase}" dashboard-id="${d.id}" share-base="https://share.example"></hogkit-sharing>`
  )
  await settled(page)
  return { page, id: d.id, config: () => rig.emu<Config>("GET", `${P()}/dashboards/${d.id}/sharing/`) }
}

describe("<hogkit-sharing>", () => {
  it("enables sharing, copies the link, refreshes the token after confirmation, and disables", async () => {
    const { page, config } = await open()
    const share = page.getByRole("switch", { name: "Share publicly" })
    expect(await share.getAttribute("aria-checked")).toBe("false")
    await share.click()
    await expect.poll(() => share.getAttribute("aria-checked")).toBe("true")
    const first = await config()
    expect(first.enabled).toBe(true)
    const link = page.getByRole("textbox", { name: "Public link" })
    expect(await link.inputValue()).toBe(`https://share.example/shared/${first.access_token}`)

    await page.getByRole("button", { name: "Copy link" }).click()
    await page.getByText("Link copied to the clipboard.").waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await link.inputValue())

    await page.getByRole("button", { name: "Refresh link" }).click()
    const dialog = page.getByRole("dialog", { name: "Refresh the public link?" })
    await dialog.waitFor()
    await dialog.getByRole("button", { name: "Cancel" }).click()
    expect((await config()).access_token).toBe(first.access_token)

    await page.getByRole("button", { name: "Refresh link" }).click()
    await dialog.getByRole("button", { name: "Refresh link" }).click()
    await page.getByText("A new link was created; the old one no longer works.").waitFor()
    const second = await config()
    expect(second.access_token).not.toBe(first.access_token)
    expect(await link.inputValue()).toBe(`https://share.example/shared/${second.access_token}`)

    await share.click()
    await expect.poll(() => share.getAttribute("aria-checked")).toBe("false")
    expect((await config()).enabled).toBe(false)
    await page.close()
  })

  it("manages passwords when the organization allows them", async () => {
    const { page, config } = await open()
    await page.getByRole("switch", { name: "Share publicly" }).click()
    const require = page.getByRole("switch", { name: "Require a password" })
    await require.click()
    await expect.poll(() => require.getAttribute("aria-checked")).toBe("true")
    expect((await config()).password_required).toBe(true)

    await page.getByLabel("Note").fill("For the board meeting")
    await page.getByRole("button", { name: "Add password" }).click()
    await page.getByText("New password — copy it now, it is not shown again:").waitFor()
    const secret = await page.locator("code.secret").textContent()
    expect(secret!.length).toBeGreaterThanOrEqual(8)
    const withPassword = await config()
    expect(withPassword.share_passwords.map((p) => p.note)).toEqual(["For the board meeting"])

    // The widget sends what was typed unchecked (no zod in the browser); the proxy's check answers with
    // PostHog's message, and the emulator never sees the short password.
    const passwordPosts = () =>
      upstream.filter((r) => r.startsWith("POST ") && r.endsWith("/sharing/passwords/"))
    expect(passwordPosts()).toHaveLength(1)
    await page.getByLabel("Password (optional)").fill("short")
    await page.getByRole("button", { name: "Add password" }).click()
    await page.getByRole("alert").getByText("Password must be at least 8 characters long.").waitFor()
    expect(passwordPosts()).toHaveLength(1)
    expect((await config()).share_passwords).toHaveLength(1)

    await page.getByRole("button", { name: "More actions for password For the board meeting" }).click()
    await page.getByRole("menuitem", { name: "Remove" }).click()
    await page.getByText("Password removed.").waitFor()
    expect((await config()).share_passwords).toHaveLength(0)
    await page.close()
  })

  it("names the dashboard it controls, and the link it shows opens the shared page", async () => {
    const d = await rig.emu<{ id: number }>("POST", `${P()}/dashboards/`, { name: "Quarterly numbers" })
    const page = await rig.open(
      `<hogkit-sharing api-base="${rig.apiBase}" dashboard-id="${d.id}" share-base="${rig.emulator.url}"></hogkit-sharing>`
    )
    await settled(page)
    await page.getByRole("heading", { name: "Share “Quarterly numbers”" }).waitFor()
    expect(await page.getByRole("region", { name: "Share “Quarterly numbers”" }).count()).toBe(1)
    await page.getByRole("switch", { name: "Share publicly" }).click()
    const link = await page.getByRole("textbox", { name: "Public link" }).inputValue()
    expect(link).toMatch(new RegExp(`^${rig.emulator.url}/shared/[A-Za-z0-9_-]+$`))
    // The link, opened as a visitor would: the emulator's public page for this dashboard.
    const visitor = await rig.context.newPage()
    const res = await visitor.goto(link)
    expect(res?.status()).toBe(200)
    await visitor.getByRole("heading", { name: "Quarterly numbers" }).waitFor()
    await visitor.close()
    await page.close()
  })

  it("says a missing dashboard-id is the page's to fix, with no useless Try again", async () => {
    const page = await rig.open(`<hogkit-sharing api-base="${rig.apiBase}"></hogkit-sharing>`)
    const alert = page.getByRole("alert")
    await alert
      .getByText(
        'This widget needs a dashboard-id attribute: the id of the dashboard to share, e.g. dashboard-id="12".'
      )
      .waitFor()
    expect(await page.getByRole("button", { name: "Try again" }).count()).toBe(0)
    await page.close()
  })

  it("explains a dashboard that does not exist and retries", async () => {
    const page = await rig.open(
      `<hogkit-sharing api-base="${rig.apiBase}" dashboard-id="999999"></hogkit-sharing>`
    )
    const alert = page.getByRole("alert")
    await alert.getByText("The sharing settings could not be loaded.").waitFor()
    await alert.getByText(/no dashboard with that id/).waitFor()
    await alert.getByRole("button", { name: "Try again" }).waitFor()
    await page.close()
  })
})

describe("<hogkit-sharing> in an organization without password protection", () => {
  let plain: Rig
  const key = "phx_hogkit_web_test_plain_org_key_000000000000"

  beforeAll(async () => {
    // Project 2 is the first project created after boot; its organization lacks advanced_permissions.
    plain = await startRig({ apiKey: key, projectId: 2 })
  })
  afterAll(async () => {
    await plain?.close()
  })

  it("says passwords are not available instead of failing", async () => {
    const org = await plain.emu<{ id: string }>("POST", "/_emulator/organizations", {
      name: "Starter plan",
      features: []
    })
    const project = await plain.emu<{ id: number }>("POST", "/_emulator/projects", {
      organization_id: org.id,
      name: "Main"
    })
    expect(project.id).toBe(2)
    const user = await plain.emu<{ id: number }>("POST", "/_emulator/users", {
      email: "starter@example.com",
      organization_ids: [org.id]
    })
    await plain.emu("POST", "/_emulator/personal_api_keys", { user_id: user.id, scopes: ["*"], key })
    const d = await fetch(`${plain.emulator.url}/api/projects/2/dashboards/`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Starter board" })
    }).then((r) => r.json() as Promise<{ id: number }>)

    const page = await plain.open(
      `<hogkit-sharing api-base="${plain.apiBase}" dashboard-id="${d.id}"></hogkit-sharing>`
    )
    await settled(page)
    await page.getByRole("switch", { name: "Share publicly" }).click()
    const require = page.getByRole("switch", { name: "Require a password" })
    await require.click()
    await page.getByText(/Advanced Permissions/).waitFor()
    expect(await require.getAttribute("aria-checked")).toBe("false")
    expect(await page.getByRole("button", { name: "Add password" }).count()).toBe(0)
    await page.close()
  })
})
