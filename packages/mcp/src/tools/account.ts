/**
 * The account toolset: who the API key belongs to and what it may do. Both read outside any project,
 * so they work whatever project the server is set to; an agent calls them to learn its user id (for
 * `mentions`), its projects (for `project_id`) and the key's scopes (before a write it may lack).
 */
import * as Effect from "effect/Effect"
import * as z from "zod"
import { shapeOne } from "../internal/shape.js"
import { fields } from "./args.js"
import { define, op } from "./define.js"
import { linked } from "./results.js"

/** Drops the resource's bulky fields unless `fields` asks for them. */
const lean = (bulky: ReadonlyArray<string>, wanted: ReadonlyArray<string> | undefined) => (value: unknown) =>
  wanted !== undefined || value === null || typeof value !== "object"
    ? value
    : Object.fromEntries(Object.entries(value).filter(([key]) => !bulky.includes(key)))

export const accountTools = [
  define({
    operation: "Account.currentUser",
    toolset: "account",
    title: "Who am I",
    hint: '`id` is what `mentions` takes; fields ["teams"] lists project ids.',
    inputSchema: z.strictObject({ fields }),
    run: (args, core) =>
      core.Account.use((a) => a.currentUser()).pipe(
        Effect.map(lean(op("Account.currentUser").resource.bulky, args.fields)),
        Effect.flatMap(linked(core, "user")),
        Effect.map((v) => shapeOne(v, args.fields))
      )
  }),
  define({
    operation: "Account.currentKey",
    toolset: "account",
    title: "Current API key",
    hint: "`scopes` says what it may do.",
    inputSchema: z.strictObject({}),
    run: (_args, core) =>
      core.Account.use((a) => a.currentKey()).pipe(
        Effect.flatMap(linked(core, "personal_api_key")),
        Effect.map((v) => shapeOne(v, undefined))
      )
  })
]
