import * as fs from "node:fs"
import * as path from "node:path"
import { beforeEach, describe, expect, it } from "vitest"
import { API_KEY, seedDashboard, tempDir, useEmulator } from "./helpers.js"

const h = useEmulator()
const dir = tempDir("bad")
const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name)
  fs.writeFileSync(p, content)
  return p
}

const badJson = file("bad.json", '{"template_name": "x", tiles: [}')
const arrayJson = file("array.json", "[1, 2]")
const noTiles = file("no-tiles.json", JSON.stringify({ template_name: "Empty", tiles: [] }))
const huge = file("huge.json", Buffer.alloc(6 * 1024 * 1024, 32))
const longName = "n".repeat(401)
const longSearch = "s".repeat(201)

// A world-readable config file, for the case that must refuse to use it.
const openConfigHome = tempDir("open-config")
fs.mkdirSync(path.join(openConfigHome, "hogkit"), { recursive: true })
fs.writeFileSync(
  path.join(openConfigHome, "hogkit", "config.json"),
  JSON.stringify({ profiles: { default: { api_key: API_KEY } } })
)
fs.chmodSync(path.join(openConfigHome, "hogkit", "config.json"), 0o644)

interface Case {
  readonly name: string
  readonly args: ReadonlyArray<string>
  readonly code: number
  readonly message: RegExp
  readonly env?: Record<string, string | undefined>
  readonly bare?: boolean
}

const cases: ReadonlyArray<Case> = [
  {
    name: "unknown flag",
    args: ["dashboards", "list", "--bogus"],
    code: 2,
    message: /^Unknown flag --bogus\.\nRun `hogkit dashboards list --help` for usage\.$/
  },
  {
    name: "unknown verb",
    args: ["dashboards", "frobnicate"],
    code: 2,
    message: /Unknown command "frobnicate"/
  },
  { name: "unknown resource", args: ["widgets", "list"], code: 2, message: /Unknown command "widgets"/ },
  { name: "missing argument", args: ["dashboards", "get"], code: 2, message: /Missing argument ID\./ },
  {
    name: "missing required flag",
    args: ["dashboards", "create"],
    code: 2,
    message: /Missing required flag --name\./
  },
  {
    name: "extra argument",
    args: ["dashboards", "delete", "1", "2"],
    code: 2,
    message: /Unexpected argument "2"/
  },
  {
    name: "non-numeric dashboard id",
    args: ["dashboards", "delete", "abc"],
    code: 2,
    message: /"abc" is not a valid dashboard id: dashboard ids are positive integers/
  },
  {
    name: "negative dashboard id",
    args: ["dashboards", "update", "-5", "--name", "x"],
    code: 2,
    message: /"-5" is not a valid dashboard id/
  },
  {
    name: "zero sharing id",
    args: ["sharing", "enable", "0"],
    code: 2,
    message: /"0" is not a valid dashboard id/
  },
  {
    name: "comment id that is not a UUID",
    args: ["comments", "delete", "123"],
    code: 2,
    message:
      /"123" is not a valid comment id: give the comment's UUID or a unique start of it \(at least 4 hex digits/
  },
  {
    name: "template id that is not a UUID",
    args: ["templates", "delete", "funnel"],
    code: 2,
    message: /"funnel" is not a valid template id/
  },
  {
    name: "reply to a non-UUID",
    args: ["comments", "create", "--content", "x", "--reply-to", "42"],
    code: 2,
    message: /"42" is not a valid --reply-to comment id/
  },
  {
    name: "invalid JSON for --data",
    args: ["api", "POST", "dashboards/", "--data", "{name: 1"],
    code: 2,
    message: /^--data: the value is not valid JSON/
  },
  {
    name: "--data file that does not exist",
    args: ["api", "POST", "dashboards/", "--data", `@${dir}/nope.json`],
    code: 2,
    message: /--data: the file .*nope\.json does not exist/
  },
  {
    name: "--file that is a directory",
    args: ["templates", "create", "--file", dir],
    code: 2,
    message: /--file: .* is not a regular file/
  },
  {
    name: "--file with invalid JSON",
    args: ["templates", "create", "--file", badJson],
    code: 2,
    message: /--file: .*bad\.json is not valid JSON/
  },
  {
    name: "--file with a JSON array",
    args: ["templates", "create", "--file", arrayJson],
    code: 2,
    message: /--file: expected a JSON object/
  },
  {
    name: "oversized --file",
    args: ["templates", "create", "--file", huge],
    code: 2,
    message: /huge\.json is 6144 KiB; request bodies are limited to 5 MiB/
  },
  {
    name: "template without tiles",
    args: ["templates", "create", "--file", noTiles],
    code: 2,
    message: /You need to provide tiles for the template/
  },
  {
    name: "oversized dashboard name",
    args: ["dashboards", "create", "--name", longName],
    code: 2,
    message: /name: Ensure this field has no more than 400 characters/
  },
  {
    name: "oversized search",
    args: ["dashboards", "list", "--search", longSearch],
    code: 2,
    message: /Search query must be 200 characters or fewer/
  },
  {
    name: "control character in a name",
    args: ["dashboards", "create", "--name", "bad\u001bname"],
    code: 2,
    message: /--name contains a control character \(\\x1b\)/
  },
  {
    name: "control character in content",
    args: ["comments", "create", "--content", "ding\u0007", "--scope", "Notebook"],
    code: 2,
    message: /--content contains a control character \(\\x07\)/
  },
  {
    name: "empty content",
    args: ["comments", "create", "--content", "  ", "--scope", "Notebook"],
    code: 2,
    message: /--content must not be empty/
  },
  {
    name: "comment without a target",
    args: ["comments", "create", "--content", "hi"],
    code: 2,
    message: /needs --scope .* or --reply-to ID/
  },
  {
    name: "non-numeric --limit",
    args: ["dashboards", "list", "--limit", "ten"],
    code: 2,
    message: /Invalid value "ten" for --limit/
  },
  {
    name: "zero --limit",
    args: ["comments", "list", "--limit", "0"],
    code: 2,
    message: /--limit must be a positive number/
  },
  {
    name: "--limit with --all",
    args: ["templates", "list", "--limit", "5", "--all"],
    code: 2,
    message: /either --limit N or --all, not both/
  },
  {
    name: "unknown --format",
    args: ["--format", "xml", "dashboards", "list"],
    code: 2,
    message: /Invalid value "xml" for --format/
  },
  {
    name: "unknown --kind",
    args: ["comments", "list", "--kind", "bug"],
    code: 2,
    message: /Invalid value "bug" for --kind/
  },
  {
    name: "--completed without --kind task",
    args: ["comments", "count", "--completed", "open"],
    code: 2,
    message: /--completed only applies to tasks/
  },
  {
    name: "descending order without =",
    args: ["templates", "list", "--order", "-created_at"],
    code: 2,
    message: /--order needs its value attached with "="/
  },
  {
    name: "non-numeric --mention",
    args: ["comments", "create", "--content", "x", "--scope", "S", "--mention", "bob"],
    code: 2,
    message: /Invalid value "bob" for --mention/
  },
  {
    name: "both --from-template and --copy-of",
    args: ["dashboards", "create", "--name", "x", "--from-template", "k", "--copy-of", "1"],
    code: 2,
    message: /either --from-template or --copy-of/
  },
  {
    name: "update with nothing to change",
    args: ["dashboards", "update", "1"],
    code: 2,
    message: /Nothing to update/
  },
  {
    name: "bad password id",
    args: ["sharing", "password", "remove", "1", "x y"],
    code: 2,
    message: /"x y" is not a valid password id/
  },
  {
    name: "api with an unknown method",
    args: ["api", "FETCH", "dashboards/"],
    code: 2,
    message: /"FETCH" is not an HTTP method/
  },
  {
    name: "api --paginate with POST",
    args: ["api", "POST", "dashboards/", "--paginate"],
    code: 2,
    message: /--paginate only works with GET/
  },
  {
    name: "api with a full URL",
    args: ["api", "GET", "https://evil.example/api/"],
    code: 2,
    message: /without the host/
  },
  {
    name: "host that is not a URL",
    args: ["dashboards", "list", "--host", "not a host"],
    code: 2,
    message: /The host "not a host" \(from --host\) is not valid/
  },
  {
    name: "project that is not an id",
    args: ["dashboards", "list", "--project", "abc"],
    code: 2,
    message: /The project "abc" \(from --project\) is not valid/
  },
  {
    name: "plain http to a host that is not this machine",
    args: ["dashboards", "list", "--host", "http://posthog.example.com"],
    code: 2,
    message:
      /The host http:\/\/posthog\.example\.com \(from --host\) uses plain http:\/\/.*allow it with --allow-insecure-http/
  },
  {
    name: "API key pasted into --host",
    args: ["dashboards", "list", "--host", API_KEY],
    code: 2,
    message: /^The host \(from --host\) looks like an API key, not a host, so hogkit sent nothing/
  },
  {
    name: "API key pasted into POSTHOG_HOST after https://",
    args: ["dashboards", "list"],
    code: 2,
    env: { POSTHOG_HOST: `https://${API_KEY}` },
    message: /^The host \(from POSTHOG_HOST\) looks like an API key/
  },
  {
    name: "empty --fields",
    args: ["dashboards", "list", "--fields", ","],
    code: 2,
    message: /--fields needs at least one field name/
  },
  {
    name: "unknown profile",
    args: ["dashboards", "list", "--profile", "nope"],
    code: 2,
    message: /There is no profile "nope"/
  },
  {
    name: "shell without completion",
    args: ["completion", "tcsh"],
    code: 2,
    message: /Invalid value "tcsh" for SHELL/
  },
  {
    name: "world-readable config file",
    args: ["dashboards", "create", "--name", "x"],
    code: 4,
    bare: true,
    env: { XDG_CONFIG_HOME: openConfigHome },
    message:
      /Refusing to use .*config\.json: other users can read it \(mode 644\).*Run `chmod 600 .*config\.json`/
  }
]

describe("bad input", () => {
  let dashboardId = 0
  beforeEach(async () => {
    dashboardId = (await seedDashboard(h, { name: "Untouched" })).id
  })

  it("has at least 25 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25)
  })

  for (const c of cases) {
    it(`${c.name}: exit ${c.code}, a clear message, nothing sent`, async () => {
      const before = await h.counts()
      const r = await h.run([...c.args, "--debug"], {
        ...(c.env ? { env: c.env } : {}),
        ...(c.bare ? { bare: true } : {})
      })
      expect(r.code, r.stderr).toBe(c.code)
      expect(r.stderr.trim()).toMatch(c.message)
      expect(r.stdout).toBe("")
      // --debug prints every request: none may have left.
      expect(r.stderr).not.toMatch(/^> /m)
      expect(r.stderr).not.toMatch(/\n\s+at /)
      expect(await h.counts()).toEqual(before)
      expect((await h.api(`dashboards/${dashboardId}/`)).name).toBe("Untouched")
    })
  }
})
