// The release flow end to end, with nothing leaving the machine:
// 1. `changeset version` in a scratch copy of the workspace (the checkout is untouched): every pending
//    changeset is consumed, each package it names gets its new version and a CHANGELOG.md section for it,
//    and scripts/versions.mjs --sync brings the other version statements along, then checks they agree.
// 2. `pnpm publish -r --dry-run` in the checkout against a registry on 127.0.0.1 that answers every read with
//    404 (so every package counts as unpublished and goes through the whole publish path) and records every
//    write. The run passes only if each package was packed for publishing and the registry saw no write.
//
//   node scripts/publish-dry-run.mjs          (dist/ must be built: the tarballs are what would be published)
import { spawn, spawnSync } from "node:child_process"
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs"
import { createServer } from "node:http"
import { tmpdir } from "node:os"
import { join, relative, resolve, sep } from "node:path"

const root = resolve(import.meta.dirname, "..")
const log = (line) => console.log(`publish-dry-run: ${line}`)
const fail = (line) => {
  console.error(`publish-dry-run: ${line}`)
  process.exit(1)
}
const run = (cmd, args, options) => {
  const r = spawnSync(cmd, args, { encoding: "utf8", ...options })
  if (r.status !== 0) fail(`${cmd} ${args.join(" ")} exited ${r.status}\n${r.stdout}\n${r.stderr}`)
  return r
}
const packageDirs = readdirSync(join(root, "packages"))
const pkgAt = (base, dir) => JSON.parse(readFileSync(join(base, "packages", dir, "package.json"), "utf8"))

// 1. changeset version, in a scratch copy.
const scratch = mkdtempSync(join(tmpdir(), "hogkit-release-"))
const skip = new Set(["node_modules", "dist", ".git", ".turbo"])
cpSync(root, scratch, {
  recursive: true,
  filter: (src) =>
    !relative(root, src)
      .split(sep)
      .some((part) => skip.has(part))
})
symlinkSync(join(root, "node_modules"), join(scratch, "node_modules"))
const pending = readdirSync(join(scratch, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md")
const before = Object.fromEntries(packageDirs.map((d) => [pkgAt(scratch, d).name, pkgAt(scratch, d).version]))
run(join(root, "node_modules", ".bin", "changeset"), ["version"], { cwd: scratch })
run(process.execPath, [join(scratch, "scripts", "versions.mjs"), "--sync", "--root", scratch])
log(run(process.execPath, [join(scratch, "scripts", "versions.mjs"), "--root", scratch]).stdout.trim())
for (const dir of packageDirs) {
  const peers = pkgAt(scratch, dir).peerDependencies ?? {}
  for (const [dep, range] of Object.entries(peers))
    if (dep.startsWith("@hogkit/")) log(`${pkgAt(scratch, dir).name} peer ${dep} ${range}`)
}
const left = readdirSync(join(scratch, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md")
if (left.length > 0) fail(`changeset version left ${left.length} changeset(s): ${left.join(", ")}`)
for (const dir of packageDirs) {
  const pkg = pkgAt(scratch, dir)
  if (pkg.version === before[pkg.name]) continue
  const changelog = join(scratch, "packages", dir, "CHANGELOG.md")
  if (!existsSync(changelog)) fail(`${pkg.name} went to ${pkg.version} without a CHANGELOG.md`)
  const heading = readFileSync(changelog, "utf8").match(/^## (.+)$/m)?.[1]
  if (heading !== pkg.version) fail(`${pkg.name}'s CHANGELOG.md starts at ${heading}, not ${pkg.version}`)
  log(`${pkg.name} ${before[pkg.name]} -> ${pkg.version}, CHANGELOG.md section "## ${heading}"`)
}
log(`changeset version consumed ${pending.length} changeset(s)`)
rmSync(scratch, { recursive: true, force: true })

// 2. pnpm publish -r --dry-run against a registry that accepts no write.
const requests = []
const registry = createServer((req, res) => {
  requests.push(`${req.method} ${req.url}`)
  req.resume()
  res.writeHead(req.method === "GET" || req.method === "HEAD" ? 404 : 405, {
    "content-type": "application/json"
  })
  res.end(JSON.stringify({ error: "hogkit publish dry run: nothing is stored here" }))
})
await new Promise((r) => registry.listen(0, "127.0.0.1", r))
const url = `http://127.0.0.1:${registry.address().port}/`
// spawn, not spawnSync: the registry above answers from this process's event loop.
const result = await new Promise((resolvePublish) => {
  const child = spawn("pnpm", ["publish", "-r", "--dry-run", "--no-git-checks", "--registry", url], {
    cwd: root,
    env: { ...process.env, npm_config_registry: url, NPM_CONFIG_REGISTRY: url }
  })
  let stdout = ""
  let stderr = ""
  child.stdout.on("data", (d) => {
    stdout += d
  })
  child.stderr.on("data", (d) => {
    stderr += d
  })
  child.on("close", (status) => resolvePublish({ status, stdout, stderr }))
})
registry.close()
const output = `${result.stdout}\n${result.stderr}`
if (result.status !== 0) fail(`pnpm publish -r --dry-run exited ${result.status}\n${output}`)
const writes = requests.filter((r) => !/^(GET|HEAD) /.test(r))
if (writes.length > 0) fail(`the dry run wrote to the registry: ${writes.join(", ")}`)
for (const dir of packageDirs) {
  const pkg = pkgAt(root, dir)
  if (!output.includes(`${pkg.name}@${pkg.version}`))
    fail(`${pkg.name}@${pkg.version} was not packed for publishing:\n${output}`)
}
log(
  `pnpm publish -r --dry-run packed ${packageDirs.length} packages; the registry saw ${requests.length} read(s), 0 writes`
)
