import { assert, describe, it } from "@effect/vitest"
import * as z from "zod"
import { createClient, isHogkitError } from "../src/promise/index.js"
import * as Schemas from "../src/schema/index.js"
import { KEY } from "./support/FakeHttp.js"

// These tests run twice (vitest.config.ts): with classic zod, as Node gets it, and with `zod` resolved to
// `zod/mini`, as the browser bundles get it. The schemas are written in the API both share; these are the
// issues (code, path, message) and the decoded values a user sees, and they must not depend on the build.
const byName = { ...Schemas } as unknown as Readonly<Record<keyof typeof Schemas, z.ZodType>>
const variant = process.env.HOGKIT_ZOD === "mini" ? "mini" : "classic"

type Expected =
  | { readonly data: unknown; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<{ code: string; path: ReadonlyArray<PropertyKey>; message: string }> }

const cases: ReadonlyArray<readonly [string, keyof typeof Schemas, unknown, Expected]> = [
  [
    "a comment scope over 79 characters (boundedString's max length)",
    "CommentCreate",
    { scope: "x".repeat(80), content: "hi" },
    {
      issues: [
        { code: "too_big", path: ["scope"], message: "Ensure this field has no more than 79 characters." }
      ]
    }
  ],
  [
    "a comment scope that is not a string",
    "CommentCreate",
    { scope: 5, content: "hi" },
    { issues: [{ code: "invalid_type", path: ["scope"], message: "Not a valid string." }] }
  ],
  [
    "a comment with neither scope nor parent (refine with a path)",
    "CommentCreate",
    { content: "hi" },
    { issues: [{ code: "custom", path: ["scope"], message: "This field is required." }] }
  ],
  [
    "a comment without content (refine without a path)",
    "CommentCreate",
    { scope: "Notebook", content: "  " },
    { issues: [{ code: "custom", path: [], message: "A comment must have content" }] }
  ],
  [
    "a reply that is a task",
    "CommentCreate",
    { source_comment: "00000000-0000-4000-8000-000000000000", content: "x", is_task: true },
    { issues: [{ code: "custom", path: ["is_task"], message: "Replies cannot be tasks." }] }
  ],
  [
    "a parent comment id that is not a UUID",
    "CommentCreate",
    { scope: "Notebook", content: "x", source_comment: "nope" },
    { issues: [{ code: "invalid_format", path: ["source_comment"], message: "Must be a valid UUID." }] }
  ],
  [
    "a mention that is not an integer",
    "CommentCreate",
    { scope: "Notebook", content: "hi", mentions: [1.5, "bob"] },
    {
      issues: [
        { code: "invalid_type", path: ["mentions", 0], message: "A valid integer is required." },
        { code: "invalid_type", path: ["mentions", 1], message: "A valid integer is required." }
      ]
    }
  ],
  [
    "a comment item context that is not an object",
    "CommentCreate",
    { scope: "Notebook", content: "hi", item_context: [] },
    { issues: [{ code: "invalid_type", path: ["item_context"], message: "Must be an object." }] }
  ],
  [
    "a PATCH with is_task null",
    "CommentUpdate",
    { content: "hi", is_task: null },
    { issues: [{ code: "invalid_type", path: ["is_task"], message: "This field may not be null." }] }
  ],
  [
    "an unknown field on a comment",
    "CommentCreate",
    { scope: "Notebook", content: "hi", contnet: "typo" },
    { issues: [{ code: "unrecognized_keys", path: [], message: 'Unrecognized key: "contnet"' }] }
  ],
  [
    "a comment search over 200 characters",
    "CommentListParams",
    { search: "s".repeat(201), cursor: "c" },
    {
      issues: [
        { code: "too_big", path: ["search"], message: "Search query must be 200 characters or fewer." }
      ]
    }
  ],
  [
    "a comment list kind outside the enum (zod's English message)",
    "CommentListParams",
    { kind: "all" },
    {
      issues: [
        {
          code: "invalid_value",
          path: ["kind"],
          message: 'Invalid option: expected one of "any"|"comment"|"task"'
        }
      ]
    }
  ],
  [
    "an unknown comment list parameter (the extended object stays strict)",
    "CommentListParams",
    { cursor: "c", curser: "typo" },
    { issues: [{ code: "unrecognized_keys", path: [], message: 'Unrecognized key: "curser"' }] }
  ],
  [
    "a comment filter that does not know cursor",
    "CommentFilters",
    { cursor: "c" },
    { issues: [{ code: "unrecognized_keys", path: [], message: 'Unrecognized key: "cursor"' }] }
  ],
  [
    "comment list parameters that are all valid",
    "CommentListParams",
    { cursor: "c", kind: "task", scope: "Notebook" },
    { data: { scope: "Notebook", kind: "task", cursor: "c" } }
  ],
  [
    "a limit that is zero",
    "DashboardListParams",
    { limit: 0 },
    { issues: [{ code: "too_small", path: ["limit"], message: "limit must be a positive integer." }] }
  ],
  [
    "a limit that is fractional",
    "DashboardListParams",
    { limit: 2.5 },
    {
      issues: [
        { code: "invalid_type", path: ["limit"], message: "Invalid input: expected int, received number" }
      ]
    }
  ],
  [
    "a negative offset",
    "DashboardTemplateListParams",
    { offset: -1 },
    {
      issues: [{ code: "too_small", path: ["offset"], message: "offset must be zero or a positive integer." }]
    }
  ],
  [
    "a boolean parameter given as a string (zod's English message)",
    "DashboardListParams",
    { exclude_generated: "yes" },
    {
      issues: [
        {
          code: "invalid_type",
          path: ["exclude_generated"],
          message: "Invalid input: expected boolean, received string"
        }
      ]
    }
  ],
  [
    "a dashboard id that is negative",
    "DashboardId",
    -1,
    { issues: [{ code: "too_small", path: [], message: "A dashboard id is a positive integer." }] }
  ],
  [
    "a dashboard id that is fractional",
    "DashboardId",
    1.5,
    { issues: [{ code: "invalid_type", path: [], message: "A dashboard id is a positive integer." }] }
  ],
  [
    "a dashboard id that is a string",
    "DashboardId",
    "7",
    { issues: [{ code: "invalid_type", path: [], message: "A dashboard id is a positive integer." }] }
  ],
  [
    "a restriction level outside 21 and 37",
    "DashboardUpdate",
    { restriction_level: 3 },
    {
      issues: [{ code: "invalid_union", path: ["restriction_level"], message: '"3" is not a valid choice.' }]
    }
  ],
  [
    "a data color theme id that is fractional",
    "DashboardUpdate",
    { data_color_theme_id: 1.5 },
    {
      issues: [
        {
          code: "invalid_type",
          path: ["data_color_theme_id"],
          message: "Invalid input: expected int, received number"
        }
      ]
    }
  ],
  [
    "dashboard filters that are not an object",
    "DashboardUpdate",
    { filters: "x" },
    { issues: [{ code: "invalid_type", path: ["filters"], message: "Filters must be a dictionary" }] }
  ],
  [
    "a quick filter id that is not a UUID",
    "DashboardUpdate",
    { quick_filter_ids: ["nope"] },
    { issues: [{ code: "invalid_format", path: ["quick_filter_ids", 0], message: "Must be a valid UUID." }] }
  ],
  [
    "use_template together with use_dashboard",
    "DashboardCreate",
    { use_template: "x", use_dashboard: 3 },
    {
      issues: [
        { code: "custom", path: [], message: "`use_dashboard` and `use_template` cannot be used together" }
      ]
    }
  ],
  ["a dashboard name of null", "DashboardCreate", { name: null }, { data: { name: null } }],
  [
    "a template without tiles",
    "DashboardTemplateCreate",
    { template_name: "T", tiles: [] },
    { issues: [{ code: "custom", path: [], message: "You need to provide tiles for the template." }] }
  ],
  [
    "a template scope outside the choices",
    "DashboardTemplateCreate",
    { tiles: [{}], scope: "everyone" },
    { issues: [{ code: "invalid_union", path: ["scope"], message: '"everyone" is not a valid choice.' }] }
  ],
  [
    "a template tag over 255 characters",
    "DashboardTemplateUpdate",
    { tags: ["t".repeat(256)] },
    {
      issues: [
        { code: "too_big", path: ["tags", 0], message: "Ensure this field has no more than 255 characters." }
      ]
    }
  ],
  [
    "a copy with a source id that is not a UUID",
    "CopyBetweenProjectsBody",
    { source_template_id: "nope" },
    { issues: [{ code: "invalid_format", path: ["source_template_id"], message: "Must be a valid UUID." }] }
  ],
  [
    "a share password under 8 characters",
    "SharePasswordCreate",
    { raw_password: "short" },
    {
      issues: [
        { code: "custom", path: ["raw_password"], message: "Password must be at least 8 characters long." }
      ]
    }
  ],
  [
    "an empty share password (PostHog generates one)",
    "SharePasswordCreate",
    { raw_password: "" },
    { data: { raw_password: "" } }
  ],
  [
    "a share password note over 100 characters",
    "SharePasswordCreate",
    { note: "n".repeat(101) },
    {
      issues: [
        { code: "too_big", path: ["note"], message: "Ensure this field has no more than 100 characters." }
      ]
    }
  ],
  [
    "sharing settings that are not an object",
    "SharingUpdate",
    { settings: "invalid string" },
    { issues: [{ code: "invalid_type", path: ["settings"], message: "Invalid settings format" }] }
  ],
  [
    "a comment response with nulls and unknown fields",
    "Comment",
    {
      id: "c1",
      scope: "Notebook",
      content: null,
      created_by: null,
      is_task: null,
      extra_field: { kept: true }
    },
    {
      data: {
        id: "c1",
        created_by: null,
        content: null,
        scope: "Notebook",
        is_task: null,
        extra_field: { kept: true }
      }
    }
  ],
  [
    "a comment response with a wrong id type (zod's English message)",
    "Comment",
    { id: 1, scope: "Notebook" },
    {
      issues: [
        { code: "invalid_type", path: ["id"], message: "Invalid input: expected string, received number" }
      ]
    }
  ],
  [
    "a user summary with nullish names",
    "UserBasic",
    { id: 1, uuid: "u", email: "e@x.io", first_name: null },
    { data: { id: 1, uuid: "u", first_name: null, email: "e@x.io" } }
  ],
  [
    "a dashboard page with a result missing its id",
    "DashboardPage",
    { count: 1, next: null, previous: null, results: [{ name: "x" }] },
    {
      issues: [
        {
          code: "invalid_type",
          path: ["results", 0, "id"],
          message: "Invalid input: expected number, received undefined"
        }
      ]
    }
  ],
  [
    "a template created_by given as a user id (older PostHog)",
    "DashboardTemplate",
    { id: "t", created_by: 3 },
    { data: { id: "t", created_by: 3 } }
  ],
  [
    "a sharing configuration without enabled",
    "SharingConfiguration",
    { access_token: "tok" },
    {
      issues: [
        {
          code: "invalid_type",
          path: ["enabled"],
          message: "Invalid input: expected boolean, received undefined"
        }
      ]
    }
  ]
]

describe(`schemas with ${variant} zod`, () => {
  it("run against the zod build this project names", () => {
    // Classic schemas carry every method; zod/mini's carry none of them. If the alias silently stopped
    // applying, the mini run would test classic twice.
    assert.strictEqual(
      typeof (Schemas.CommentFilters as { extend?: unknown }).extend === "function",
      variant === "classic"
    )
    assert.strictEqual(typeof (z.string() as { max?: unknown }).max === "function", variant === "classic")
  })

  for (const [label, name, input, expected] of cases) {
    it(label, () => {
      const schema = byName[name]
      const result = schema.safeParse(input)
      if (expected.issues === undefined) {
        assert.isTrue(result.success, JSON.stringify(result.error?.issues))
        assert.deepStrictEqual(result.data, expected.data)
      } else {
        assert.isFalse(result.success)
        assert.deepStrictEqual(
          result.error?.issues.map((i) => ({ code: i.code, path: i.path, message: i.message })),
          expected.issues
        )
      }
    })
  }
})

describe(`responses PostHog should not have sent, with ${variant} zod`, () => {
  // What the widgets show when a response does not match: the issue text comes from zod's English locale,
  // which classic zod sets by itself and zod/mini only because the schema module sets it.
  it("a comment whose id is a number is a DecodeError naming the field and the types", async () => {
    const client = createClient({
      apiKey: KEY,
      host: "https://ph.test",
      projectId: 1,
      retry: { maxRetries: 0 },
      fetch: (async () => Response.json({ id: 1, scope: "Notebook" })) as typeof fetch
    })
    const error = await client.comments.get("c1").then(
      () => undefined,
      (e: unknown) => e
    )
    await client.close()
    assert.isTrue(isHogkitError(error))
    if (!isHogkitError(error)) return
    assert.strictEqual(error.reason._tag, "DecodeError")
    assert.strictEqual(
      error.reason.message,
      "Unexpected response from PostHog: id: Invalid input: expected string, received number"
    )
  })
})
