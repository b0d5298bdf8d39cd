import { assert, describe, it } from "@effect/vitest"
import { createClient, isHogkitError } from "../src/promise/index.js"
import { DashboardTemplateCreate, DashboardUpdate } from "../src/schema/index.js"
import { KEY } from "./support/FakeHttp.js"

// Values a plain-JS caller (or a JSON file) can send that `String()` or `JSON.stringify()` cannot render.
const unprintable: ReadonlyArray<[string, unknown]> = [
  ["an object whose toString is not a function", { toString: 0 }],
  ["a null-prototype object", Object.create(null)],
  ["a BigInt", 10n]
]

describe("request schemas under hostile input", () => {
  for (const [what, value] of unprintable) {
    it(`a template scope that is ${what} is a validation issue, not a crash`, () => {
      const result = DashboardTemplateCreate.safeParse({ tiles: [{}], scope: value })
      assert.isFalse(result.success)
      assert.deepStrictEqual(result.error?.issues[0]?.path, ["scope"])
      assert.match(result.error?.issues[0]?.message ?? "", /is not a valid choice\.$/)
    })

    it(`a restriction level that is ${what} is a validation issue, not a crash`, () => {
      const result = DashboardUpdate.safeParse({ restriction_level: value })
      assert.isFalse(result.success)
      assert.match(result.error?.issues[0]?.message ?? "", /is not a valid choice\.$/)
    })
  }
})

describe("ids from plain JavaScript", () => {
  it("a BigInt dashboard id is refused as a ValidationError before anything is sent", async () => {
    let sent = 0
    const client = createClient({
      apiKey: KEY,
      host: "https://ph.test",
      projectId: 1,
      fetch: (async () => {
        sent++
        return Response.json({})
      }) as typeof fetch
    })
    const error = await client.dashboards.get(1n as unknown as number).then(
      () => undefined,
      (e: unknown) => e
    )
    await client.close()
    assert.isTrue(isHogkitError(error))
    if (!isHogkitError(error)) return
    assert.strictEqual(error.reason._tag, "ValidationError")
    assert.include(error.message, "1n")
    assert.strictEqual(sent, 0)
  })
})
