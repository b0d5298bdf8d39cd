#!/usr/bin/env node
/**
 * The `hogkit-mcp` command: stdio by default, Streamable HTTP with `--http`. Configuration problems end
 * the process with one sentence on stderr and exit code 2; tool failures never end it.
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js"
import * as Redacted from "effect/Redacted"
import { ConfigError, MISSING_KEY, parseConfig, USAGE, withStoredProfile } from "./Config.js"
import { SelectionError, select } from "./internal/select.js"
import type { ListedTool } from "./internal/toolsets.js"
import { makeRunner } from "./Runtime.js"
import { serveListed } from "./Server.js"
import { VERSION } from "./Version.js"

/**
 * Every tool's tools/list entry, computed by build.mjs from the registry, so starting the bundle neither
 * builds the tools' zod schemas nor converts them to JSON Schema; the registry loads with the first call.
 * Undefined when this file runs unbundled (the registry is then loaded at once).
 */
declare const __HOGKIT_MCP_LISTING__: ReadonlyArray<ListedTool> | undefined

const registry = async (): Promise<ReadonlyArray<ListedTool>> => {
  if (typeof __HOGKIT_MCP_LISTING__ === "object") return __HOGKIT_MCP_LISTING__
  const [{ tools }, { listedTool }] = await Promise.all([import("./Tools.js"), import("./Server.js")])
  return tools.map(listedTool)
}

const loadTool = (name: string) => import("./Tools.js").then((m) => m.tools.find((t) => t.name === name))

const fail = (message: string): never => {
  process.stderr.write(`hogkit-mcp: ${message}\n`)
  process.exit(2)
}

// A bug must not take the server down mid-conversation, nor print a stack (it could hold request data).
process.on("uncaughtException", (error) =>
  process.stderr.write(`hogkit-mcp: internal error: ${error.name}\n`)
)
process.on("unhandledRejection", () =>
  process.stderr.write("hogkit-mcp: internal error: unhandled rejection\n")
)

/**
 * `--emulator`: the shared local emulator's URL, key and project (`@hogkit/emulator/shared`, loaded only
 * here), started in the background when none runs; the same data `hogkit --emulator` shows.
 */
const withEmulator = async (config: ReturnType<typeof parseConfig>) => {
  let shared: typeof import("@hogkit/emulator/shared")
  try {
    shared = await import("@hogkit/emulator/shared")
  } catch {
    return fail(
      "--emulator needs @hogkit/emulator, an optional add-on: install it next to @hogkit/mcp (`npm install @hogkit/mcp @hogkit/emulator`, or `npx -p @hogkit/mcp -p @hogkit/emulator hogkit-mcp --emulator`)."
    )
  }
  try {
    const emu = await shared.ensureSharedEmulator({
      dataDir: shared.defaultDataDir(process.env),
      onStart: () => process.stderr.write("hogkit-mcp: starting the local emulator in the background…\n"),
      onWait: () =>
        process.stderr.write("hogkit-mcp: waiting for the local emulator another hogkit is starting…\n")
    })
    return {
      ...config,
      apiKey: Redacted.make(emu.apiKey),
      host: emu.url,
      projectId: config.projectId === "@current" ? emu.projectId : config.projectId
    }
  } catch (error) {
    return fail(
      `the local emulator could not start: ${error instanceof Error ? error.message : String(error)}`
    )
  }
}

const main = async () => {
  let config: ReturnType<typeof parseConfig>
  let tools: ReadonlyArray<ListedTool>
  let withheldByReadOnly: ReadonlyArray<string> = []
  try {
    config = parseConfig(process.argv.slice(2), process.env)
    const all = await registry()
    tools = select(config.selection, all)
    if (config.selection.readOnly) {
      withheldByReadOnly = all.filter((t) => !t.annotations.readOnlyHint).map((t) => t.name)
    }
    if (!config.help && !config.version) config = withStoredProfile(config, process.env)
  } catch (error) {
    if (error instanceof ConfigError || error instanceof SelectionError) {
      return fail(error.message)
    }
    throw error
  }
  if (config.help) return void process.stdout.write(USAGE)
  if (config.version) return void process.stdout.write(`${VERSION}\n`)
  if (tools.length === 0)
    return fail("the selection leaves no tools (is --read-only combined with only write tools?).")
  if (config.emulator) config = await withEmulator(config)

  const where = `${config.host}, project ${config.projectId}`
  if (config.http) {
    // Loaded only here: the SDK's HTTP transport costs a stdio server start-up time for nothing.
    const [{ startHttpServer }, registry] = await Promise.all([import("./Http.js"), import("./Tools.js")])
    const chosen = new Set(tools.map((t) => t.name))
    const server = await startHttpServer({
      ...config.http,
      host: config.host,
      projectId: config.projectId,
      allowInsecureHttp: config.allowInsecureHttp,
      tools: registry.tools.filter((t) => chosen.has(t.name)),
      withheldByReadOnly
    }).catch((error: NodeJS.ErrnoException) =>
      fail(`cannot listen on ${config.http?.bind}:${config.http?.port}: ${error.code ?? error.message}.`)
    )
    process.stderr.write(
      `hogkit-mcp ${VERSION}: ${tools.length} tools at ${server.url} (${where}); clients send their key as Authorization: Bearer\n`
    )
    const stop = () => void server.close().then(() => process.exit(0))
    process.on("SIGINT", stop)
    process.on("SIGTERM", stop)
    return
  }

  if (config.apiKey === undefined) return fail(MISSING_KEY)
  const runner = makeRunner({
    apiKey: config.apiKey,
    host: config.host,
    projectId: config.projectId,
    allowInsecureHttp: config.allowInsecureHttp
  })
  const server = serveListed(tools, loadTool, runner.run, {
    afterFirstList: runner.warm,
    withheldByReadOnly,
    project: config.projectId
  })
  const transport = new StdioServerTransport()
  transport.onclose = () => void runner.dispose().then(() => process.exit(0))
  await server.connect(transport)
  process.stderr.write(`hogkit-mcp ${VERSION}: ${tools.length} tools over stdio (${where})\n`)
}

void main()
