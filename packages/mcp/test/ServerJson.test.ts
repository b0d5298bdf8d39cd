/**
 * server.json, hogkit-mcp's entry for the MCP registry (registry.modelcontextprotocol.io), is valid and
 * true. Valid: it is checked against the rules of the registry's server.json schema (the `$schema` it names;
 * only the npm registry is reachable from CI, so the rules that apply to an npm stdio server are written out
 * here as zod, with the schema's own limits). True: it names this package and version, the registry's
 * ownership check finds its name in package.json's `mcpName`, and a client that starts the server the way
 * the entry says — the package's bin with the entry's environment variables — gets the tools those
 * variables select.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { Client } from "@modelcontextprotocol/sdk/client/index.js"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js"
import { describe, expect, it } from "vitest"
import * as z from "zod"
import { BIN, EMPTY_CONFIG_HOME, PACKAGE_DIR } from "./helpers.js"

const SCHEMA_URL = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json"

// The registry rejects version ranges and "latest": a package version is one exact version.
const exactVersion = z
  .string()
  .min(1)
  .refine((v) => v !== "latest" && !/[\^~<>=*x ]|\|\|/.test(v), "an exact version, not a range or 'latest'")

const input = {
  description: z.string().optional(),
  isRequired: z.boolean().optional(),
  isSecret: z.boolean().optional(),
  format: z.enum(["string", "number", "boolean", "filepath"]).optional(),
  default: z.string().optional(),
  placeholder: z.string().optional(),
  choices: z.array(z.string()).optional(),
  value: z.string().optional()
}

const serverJson = z.strictObject({
  $schema: z.literal(SCHEMA_URL),
  name: z
    .string()
    .min(3)
    .max(200)
    .regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/, "reverse-DNS namespace/name, exactly one slash"),
  title: z.string().min(1).max(100).optional(),
  description: z.string().min(1).max(100),
  version: z.string().min(1).max(255),
  websiteUrl: z.url().optional(),
  repository: z.object({ url: z.url(), source: z.string(), subfolder: z.string().optional() }).optional(),
  packages: z
    .array(
      z.strictObject({
        registryType: z.literal("npm"),
        registryBaseUrl: z.url().optional(),
        identifier: z.string().min(1),
        version: exactVersion,
        runtimeHint: z.string().optional(),
        transport: z.strictObject({ type: z.literal("stdio") }),
        environmentVariables: z.array(z.strictObject({ name: z.string().min(1), ...input })).optional(),
        packageArguments: z.array(z.unknown()).optional(),
        runtimeArguments: z.array(z.unknown()).optional()
      })
    )
    .min(1)
})

const raw = JSON.parse(readFileSync(join(PACKAGE_DIR, "server.json"), "utf8"))
const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8"))

/** Starts the bin as a registry client would (`npx @hogkit/mcp` runs this bin) and lists its tools. */
const listTools = async (env: Record<string, string>) => {
  const transport = new StdioClientTransport({
    command: BIN,
    args: [],
    env: { PATH: process.env.PATH ?? "", XDG_CONFIG_HOME: EMPTY_CONFIG_HOME, ...env },
    stderr: "pipe"
  })
  const client = new Client({ name: "server-json-test", version: "0" })
  await client.connect(transport)
  try {
    return (await client.listTools()).tools
  } finally {
    await client.close()
  }
}

describe("packages/mcp/server.json", () => {
  it("follows the MCP registry's server.json schema", () => {
    const result = serverJson.safeParse(raw)
    expect(result.success ? "valid" : z.prettifyError(result.error)).toBe("valid")
  })

  it("names this package at its current version, and package.json's mcpName claims the entry", () => {
    const entry = serverJson.parse(raw)
    expect(entry.version).toBe(pkg.version)
    expect(entry.packages.map((p) => [p.identifier, p.version])).toEqual([[pkg.name, pkg.version]])
    expect(pkg.mcpName).toBe(entry.name)
  })

  it("lists only variables hogkit-mcp reads (its --help names each one)", async () => {
    const entry = serverJson.parse(raw)
    const { spawnSync } = await import("node:child_process")
    const help = spawnSync(BIN, ["--help"], { encoding: "utf8" }).stdout
    for (const variable of entry.packages[0]?.environmentVariables ?? []) {
      expect(help, variable.name).toContain(variable.name)
    }
  })

  it("starts from its variables: the key alone serves every tool; the toolset and read-only variables narrow them", async () => {
    const entry = serverJson.parse(raw)
    const vars = new Map((entry.packages[0]?.environmentVariables ?? []).map((v) => [v.name, v]))
    const secret = [...vars.values()].find((v) => v.isRequired && v.isSecret)
    expect(secret).toBeDefined()
    const key = { [secret?.name ?? ""]: "phx_serverJsonCheck012345678901234567890123" }
    expect(await listTools(key)).toHaveLength(29)

    const toolsets = [...vars.keys()].find((n) => /TOOLSETS$/.test(n)) ?? ""
    const readOnly = [...vars.values()].find((v) => v.format === "boolean")?.name ?? ""
    const narrowed = await listTools({ ...key, [toolsets]: "comments", [readOnly]: "true" })
    expect(narrowed.length).toBeGreaterThan(0)
    expect(narrowed.length).toBeLessThan(29)
    for (const tool of narrowed) {
      expect(tool.name).toMatch(/comment/)
      expect(tool.annotations?.readOnlyHint).toBe(true)
    }
  })
})
