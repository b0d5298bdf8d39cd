// Runs the READMEs: every fenced example in README.md and packages/*/README.md, against a local emulator.
//
//   node scripts/doc-test.mjs [README.md …]        dist/ must be built (pnpm build)
//
// A block's info string is its language and then attributes: ```sh serves, ```ts account.
//   ts / js          type-checked together (strict, moduleResolution nodenext, the packages as installed),
//                    then each runs on Node with POSTHOG_HOST / POSTHOG_PERSONAL_API_KEY / POSTHOG_PROJECT_ID
//                    pointing at an emulator seeded with demo data.
//   sh               run by bash -euo pipefail in the README's directory, with hogkit, hogkit-mcp and
//                    hogkit-emulator (this checkout's builds) on PATH, a fresh $HOME, XDG dirs and npm global
//                    prefix, so `--emulator` and `npm install -g` touch nothing outside a scratch directory.
//                    The ports the READMEs name (8010, 8020, 8030) are replaced by free ones, and the
//                    placeholders `phx_…`, `<printed key>` and `<key>` by the key of the emulator a `serves`
//                    block started. `claude mcp add …` lines are started the way Claude Code would start them.
//                    A block that uses neither --emulator nor its own POSTHOG_HOST gets POSTHOG_HOST,
//                    POSTHOG_PERSONAL_API_KEY and POSTHOG_PROJECT_ID of the examples' emulator.
//   json             MCP client configurations: each server is started as the client would (stdio: the
//                    command and env; http: `hogkit-mcp --http` and the config's headers) and must list tools.
// Attributes:
//   account          needs a real PostHog account: type-checked (ts/js) or syntax-checked (sh) only.
//   registry         needs the packages on the npm registry (after the first release): syntax-checked only;
//                    scripts/install-check.mjs installs the same packages from their tarballs.
//   ci               the command CI itself runs (.ci/run): syntax-checked only.
//   postgres         needs a PostgreSQL server (CI's PostgreSQL pass runs that backend): syntax-checked only.
//   serves           starts a server: passes when it prints its URL; it keeps serving the README's later blocks.
//   fragment         wiring shown in another framework's terms (Next.js, Hono): not complete code, not checked.
// Blocks without a language, and text / html / css, are synopses, output and markup: not run.
import { spawn, spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { dirname, join, relative, resolve } from "node:path"

const root = resolve(import.meta.dirname, "..")
const requireFrom = (pkgDir) => createRequire(join(root, pkgDir, "package.json"))
const mcpRequire = requireFrom("packages/mcp")
const { Client } = await import(mcpRequire.resolve("@modelcontextprotocol/sdk/client/index.js"))
const { StdioClientTransport } = await import(mcpRequire.resolve("@modelcontextprotocol/sdk/client/stdio.js"))
const { StreamableHTTPClientTransport } = await import(
  mcpRequire.resolve("@modelcontextprotocol/sdk/client/streamableHttp.js")
)

const files =
  process.argv.length > 2
    ? process.argv.slice(2).map((f) => resolve(f))
    : [
        join(root, "README.md"),
        ...["core", "cli", "mcp", "web", "emulator"].map((p) => join(root, "packages", p, "README.md"))
      ]

// ---- extraction ---------------------------------------------------------------------------------------
const blocks = files.flatMap((file) => {
  const text = readFileSync(file, "utf8")
  return [...text.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => {
    const [lang = "", ...attrs] = m[1].trim().split(/\s+/)
    const line = text.slice(0, m.index).split("\n").length
    return { file, where: `${relative(root, file)}:${line}`, lang, attrs: new Set(attrs), code: m[2] }
  })
})

const results = { run: [], checked: [], notCode: [], fragment: [], failed: [] }
const record = (kind, block, detail) => {
  results[kind].push(block.where)
  console.log(
    `doc-test: ${kind === "failed" ? "FAIL" : kind.padEnd(8)} ${block.where} (${block.lang || "plain"})${detail ? ` — ${detail}` : ""}`
  )
}

// ---- environment ----------------------------------------------------------------------------------------
const scratch = mkdtempSync(join(tmpdir(), "hogkit-doc-test-"))
const binDir = join(scratch, "bin")
mkdirSync(binDir)
for (const [name, target] of [
  ["hogkit", "packages/cli/dist/hogkit.js"],
  ["hogkit-mcp", "packages/mcp/dist/hogkit-mcp.cjs"],
  ["hogkit-emulator", "packages/emulator/dist/bin.js"]
]) {
  writeFileSync(join(binDir, name), `#!/bin/sh\nexec node "${join(root, target)}" "$@"\n`, { mode: 0o755 })
}
const home = join(scratch, "home")
mkdirSync(home)
const npmPrefix = join(scratch, "npm-global")
// The examples' emulator runs in a process of its own: the runner waits on examples with spawnSync, which
// would stall an emulator on this process's event loop.
const emuProcess = spawn(
  process.execPath,
  [join(root, "packages/emulator/dist/bin.js"), "--port", "0", "--seed", "demo"],
  {
    stdio: ["ignore", "pipe", "pipe"]
  }
)
const emu = await new Promise((res, rej) => {
  let out = ""
  emuProcess.stdout.on("data", (d) => {
    out += d
    const m = out.match(/listening on (http:\/\/\S+) — API key (phx_\S+) — project (\d+)/)
    if (m) res({ url: m[1], apiKey: m[2], projectId: Number(m[3]) })
  })
  emuProcess.on("exit", (s) => rej(new Error(`the emulator exited ${s}: ${out}`)))
})
/** The store this checkout's node_modules were installed from (`pnpm store path` ends in its layout version). */
function pnpmStore() {
  const r = spawnSync("pnpm", ["store", "path"], { cwd: root, encoding: "utf8" })
  const path = r.status === 0 ? r.stdout.trim() : ""
  return path === "" ? {} : { pnpm_config_store_dir: dirname(path) }
}
const baseEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(POSTHOG_|HOGKIT_)/.test(k))),
  PATH: `${binDir}:${join(npmPrefix, "bin")}:${process.env.PATH}`,
  HOME: home,
  XDG_CONFIG_HOME: join(home, ".config"),
  XDG_DATA_HOME: join(home, ".local", "share"),
  npm_config_prefix: npmPrefix,
  npm_config_update_notifier: "false",
  NO_COLOR: "1",
  // The turbo and pnpm caches stay where CI keeps them.
  XDG_CACHE_HOME: process.env.XDG_CACHE_HOME ?? join(process.env.HOME ?? "/root", ".cache"),
  // So does pnpm's store: the root README's setup block runs `pnpm install` in this checkout, and under the
  // scratch $XDG_DATA_HOME it would relink the checkout's node_modules to a store deleted afterwards.
  ...pnpmStore()
}
const apiEnv = {
  POSTHOG_HOST: emu.url,
  POSTHOG_PERSONAL_API_KEY: emu.apiKey,
  POSTHOG_PROJECT_ID: String(emu.projectId)
}

const freePort = () =>
  new Promise((res) => {
    const s = createServer()
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address()
      s.close(() => res(port))
    })
  })

// Per README: its ports and the key of the emulator a `serves` block started.
const perFile = new Map()
const fileState = async (file) => {
  if (!perFile.has(file)) {
    perFile.set(file, {
      ports: { 8010: await freePort(), 8020: await freePort(), 8030: await freePort() },
      key: null
    })
  }
  return perFile.get(file)
}
const substitute = (code, state) => {
  let out = code.replace(/\b(8010|8020|8030)\b/g, (p) => String(state.ports[p]))
  const key = state.key ?? emu.apiKey
  out = out.replaceAll("<printed key>", key).replaceAll("<key>", key).replaceAll("phx_…", key)
  return out
}

// ---- shell ----------------------------------------------------------------------------------------------
const servers = []
const syntaxCheck = (code) => {
  const r = spawnSync("bash", ["-n"], { input: code, encoding: "utf8" })
  if (r.status !== 0) throw new Error(r.stderr)
}

const runShell = (code, cwd, env, timeoutMs = 600_000) => {
  const r = spawnSync("bash", ["-euo", "pipefail", "-c", code], {
    cwd,
    env,
    encoding: "utf8",
    timeout: timeoutMs,
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024
  })
  if (r.status !== 0)
    throw new Error(`exit ${r.status ?? r.signal}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`)
  return r.stdout
}

/** Starts the block in the background; resolves with the first URL it prints (and the key, when it prints one). */
const serve = (code, cwd, env) =>
  new Promise((res, rej) => {
    const child = spawn("bash", ["-euo", "pipefail", "-c", code], { cwd, env, detached: true })
    servers.push(child)
    let out = ""
    const timer = setTimeout(
      () => rej(new Error(`printed no URL within 600 s:\n${out.slice(-3000)}`)),
      600_000
    )
    const onData = (d) => {
      out += d
      const url = out.match(/https?:\/\/127\.0\.0\.1:\d+\/?\S*/)?.[0]
      if (url) {
        clearTimeout(timer)
        res({ url, key: out.match(/phx_[A-Za-z0-9]+/)?.[0] ?? null })
      }
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    child.on("exit", (status) => {
      clearTimeout(timer)
      rej(new Error(`exited ${status} before printing a URL:\n${out.slice(-3000)}`))
    })
  })

// ---- MCP client configs ----------------------------------------------------------------------------------
const NPX_MCP = ["-y", "@hogkit/mcp"]
const listTools = async (transport) => {
  const client = new Client({ name: "hogkit-doc-test", version: "0" })
  await client.connect(transport)
  try {
    return (await client.listTools()).tools.length
  } finally {
    await client.close()
  }
}
const stdioServer = async (command, args, env) => {
  if (command !== "npx" || args[0] !== NPX_MCP[0] || args[1] !== NPX_MCP[1]) {
    throw new Error(`expected \`npx -y @hogkit/mcp …\`, found \`${command} ${args.join(" ")}\``)
  }
  // What npx runs: the package's bin (this checkout's build).
  const transport = new StdioClientTransport({
    command: join(binDir, "hogkit-mcp"),
    args: args.slice(2),
    env: { ...baseEnv, ...env },
    stderr: "pipe"
  })
  return listTools(transport)
}
const httpServer = async (server, state) => {
  const url = new URL(substitute(server.url, state))
  const child = spawn(join(binDir, "hogkit-mcp"), ["--http", "--port", url.port, "--host", emu.url], {
    env: baseEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"]
  })
  servers.push(child)
  await new Promise((res, rej) => {
    let out = ""
    const onData = (d) => {
      out += d
      if (/listening|http:\/\//i.test(out)) res()
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    child.on("exit", (s) => rej(new Error(`hogkit-mcp --http exited ${s}: ${out}`)))
  })
  const headers = Object.fromEntries(
    Object.entries(server.headers ?? {}).map(([k, v]) => [k, v.replace(/\$\{input:[^}]+\}/, emu.apiKey)])
  )
  try {
    return await listTools(new StreamableHTTPClientTransport(url, { requestInit: { headers } }))
  } finally {
    process.kill(-child.pid, "SIGTERM")
  }
}
const clientEnv = (env = {}) =>
  Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      String(v)
        .replace("phx_…", emu.apiKey)
        .replace(/\$\{input:[^}]+\}/, emu.apiKey)
    ])
  )

const runJson = async (block, state) => {
  const config = JSON.parse(block.code)
  const entries = Object.entries(config.mcpServers ?? config.servers ?? {})
  if (entries.length === 0) throw new Error("not an MCP client configuration (no mcpServers or servers)")
  const counts = []
  for (const [name, server] of entries) {
    const n =
      server.type === "http" || server.url
        ? await httpServer(server, state)
        : await stdioServer(server.command, server.args ?? [], clientEnv(server.env))
    if (n === 0) throw new Error(`${name} listed no tools`)
    counts.push(`${name}: ${n} tools`)
  }
  return counts.join(", ")
}

/** `claude mcp add NAME --env K=V … -- npx -y @hogkit/mcp …`, started as Claude Code starts it. */
const runClaudeLine = async (line) => {
  const words = line.trim().split(/\s+/)
  const sep = words.indexOf("--")
  const env = {}
  for (let i = 3; i < sep; i++)
    if (words[i] === "--env") Object.assign(env, Object.fromEntries([words[++i].split("=")]))
  return stdioServer(words[sep + 1], words.slice(sep + 2), clientEnv(env))
}

// ---- TypeScript / JavaScript ------------------------------------------------------------------------------
const codeBlocks = blocks.filter((b) => ["ts", "typescript", "js", "javascript"].includes(b.lang))
const project = join(scratch, "ts")
mkdirSync(join(project, "node_modules", "@hogkit"), { recursive: true })
mkdirSync(join(project, "node_modules", "@types"), { recursive: true })
for (const p of ["core", "web", "emulator", "mcp"]) {
  symlinkSync(join(root, "packages", p), join(project, "node_modules", "@hogkit", p))
}
symlinkSync(
  dirname(requireFrom("packages/core").resolve("effect/package.json")),
  join(project, "node_modules", "effect")
)
symlinkSync(
  dirname(requireFrom("packages/core").resolve("zod/package.json")),
  join(project, "node_modules", "zod")
)
symlinkSync(join(root, "node_modules", "@types", "node"), join(project, "node_modules", "@types", "node"))
writeFileSync(join(project, "package.json"), `{ "type": "module" }\n`)
const sources = codeBlocks
  .filter((b) => !b.attrs.has("fragment"))
  .map((b, i) => {
    const name = `example${i}.${b.lang.startsWith("t") ? "ts" : "js"}`
    // `export {}` makes every example a module of its own (top-level await, no shared globals).
    writeFileSync(join(project, name), `${b.code}\nexport {}\n`)
    return { block: b, name }
  })
writeFileSync(
  join(project, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module: "nodenext",
      moduleResolution: "nodenext",
      lib: ["ES2022", "DOM", "DOM.Iterable"],
      types: ["node"],
      strict: true,
      allowJs: true,
      checkJs: true,
      skipLibCheck: true,
      outDir: "out",
      noEmitOnError: false
    },
    include: sources.map((s) => s.name)
  })
)
const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", project], {
  cwd: project,
  encoding: "utf8"
})
const typeErrors = new Map()
for (const line of tsc.stdout.split("\n")) {
  const m = line.match(/^(example\d+\.[jt]s)\((\d+),\d+\): (.*)$/)
  if (m) typeErrors.set(m[1], [...(typeErrors.get(m[1]) ?? []), `line ${m[2]}: ${m[3]}`])
}

// ---- run --------------------------------------------------------------------------------------------------
for (const block of blocks) {
  const state = await fileState(block.file)
  const cwd = dirname(block.file)
  const env = { ...baseEnv }
  try {
    if (block.attrs.has("fragment")) {
      record("fragment", block, "framework wiring, not checked")
    } else if (["ts", "typescript", "js", "javascript"].includes(block.lang)) {
      const { name } = sources.find((s) => s.block === block)
      const errors = typeErrors.get(name)
      if (errors) throw new Error(`type errors:\n${errors.join("\n")}`)
      if (block.attrs.has("account")) {
        record("checked", block, "type-checks; needs a PostHog account to run")
        continue
      }
      const r = spawnSync(process.execPath, [join(project, "out", name.replace(/\.ts$/, ".js"))], {
        cwd: project,
        env: { ...env, ...apiEnv },
        encoding: "utf8",
        timeout: 300_000
      })
      // Examples handle their own errors (logError, console.error): a clean run writes no error at all.
      const output = `${r.stdout}${r.stderr}`
      if (r.status !== 0 || r.stderr.trim() !== "" || /level=ERROR/.test(output)) {
        throw new Error(`exit ${r.status ?? r.signal}\n${output.slice(-3000)}`)
      }
      record("run", block, "type-checks and runs against the emulator")
    } else if (["sh", "bash", "shell"].includes(block.lang)) {
      syntaxCheck(block.code)
      const why = ["account", "registry", "ci", "postgres"].find((a) => block.attrs.has(a))
      if (why) {
        record(
          "checked",
          block,
          {
            account: "needs a PostHog account",
            registry: "after the first npm release",
            ci: "CI runs it",
            postgres: "needs a PostgreSQL server"
          }[why]
        )
        continue
      }
      const code = substitute(block.code, state)
      if (block.attrs.has("serves")) {
        const { url, key } = await serve(code, cwd, env)
        if (key) state.key = key
        record("run", block, `serving ${url}`)
        continue
      }
      const claude = code.split("\n").filter((l) => l.startsWith("claude mcp add "))
      if (claude.length > 0) {
        const counts = []
        for (const line of claude) counts.push(await runClaudeLine(line))
        record("run", block, `claude mcp add: servers list ${counts.join(", ")} tools`)
        continue
      }
      // A block that neither uses --emulator nor sets its own host talks to the examples' emulator.
      const own = /--emulator|POSTHOG_HOST=/.test(code)
      runShell(code, cwd, own ? env : { ...env, ...apiEnv })
      record("run", block, own ? undefined : "against the emulator through POSTHOG_HOST")
    } else if (block.lang === "json") {
      record("run", block, await runJson(block, state))
    } else {
      record("notCode", block, "synopsis, output or markup")
    }
  } catch (error) {
    record("failed", block, String(error?.message ?? error).slice(0, 4000))
  }
}

// ---- cleanup ------------------------------------------------------------------------------------------------
for (const child of servers) {
  try {
    process.kill(-child.pid, "SIGTERM")
  } catch {}
}
spawnSync(join(binDir, "hogkit"), ["emulator", "stop"], { env: baseEnv })
emuProcess.kill()
rmSync(scratch, { recursive: true, force: true })

console.log(
  `doc-test: ${blocks.length} blocks — ${results.run.length} run, ${results.checked.length} checked only (type or syntax), ` +
    `${results.fragment.length} fragments, ${results.notCode.length} not code, ${results.failed.length} failed`
)
if (results.failed.length > 0) process.exit(1)
