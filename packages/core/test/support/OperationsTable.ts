/** The README's operation table, written from the catalogue so the docs cannot drift from the code. */
import * as Catalogue from "../../src/Catalogue.js"

const scope = (op: Catalogue.Operation) =>
  `${op.requiredScope === undefined ? "any valid key" : `\`${op.requiredScope}\``}${
    op.apiKeyAccess === "sessionOnly" ? " (PostHog's code refuses API keys here)" : ""
  }`

const kind = (op: Catalogue.Operation) =>
  op.kind === "destructive"
    ? `destructive: ${op.destroysAlways ?? `when the input ${op.destroys?.({ deleted: true }) ?? op.destroys?.({ enabled: false }) ?? "says so"}`}`
    : op.kind

export const operationsTable = (): string =>
  [
    "| operation | request | API key scope | kind | idempotent | pages |",
    "|---|---|---|---|---|---|",
    ...Catalogue.operations.map(
      (op) =>
        `| \`${op.name}\` | \`${op.method} ${op.root === "api" ? "/api/" : "…/"}${op.path}\` | ${scope(op)} | ${kind(op)} | ${op.idempotent ? "yes" : "no"} | ${op.page} |`
    )
  ].join("\n")

export const START = "<!-- operations:start (generated from the catalogue by test/Docs.test.ts) -->"
export const END = "<!-- operations:end -->"
