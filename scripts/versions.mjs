// Keeps every place that states a package's version in step with its package.json, which
// `changeset version` bumps: core's and the MCP server's VERSION constants (User-Agent, MCP serverInfo),
// the MCP registry entry (packages/mcp/server.json), and the ranges by which one @hogkit package names
// another (always `workspace:^`, so `pnpm pack` writes the version being released). With --sync it writes
// the versions package.json holds; without, it checks and exits 1 naming every place that disagrees.
//
//   node scripts/versions.mjs [--sync] [--root DIR]
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { parseArgs } from "node:util"

const { values } = parseArgs({ options: { sync: { type: "boolean" }, root: { type: "string" } } })
const root = resolve(values.root ?? join(import.meta.dirname, ".."))
const problems = []
const read = (p) => readFileSync(join(root, p), "utf8")

const packages = Object.fromEntries(
  readdirSync(join(root, "packages")).map((dir) => {
    const pkg = JSON.parse(read(`packages/${dir}/package.json`))
    return [pkg.name, { dir, pkg }]
  })
)
const versionOf = (name) => packages[name].pkg.version

/** A TypeScript file whose `export const VERSION = "…"` states the package's version. */
const constant = (file, name) => {
  const text = read(file)
  const pattern = /export const VERSION = "([^"]*)"/
  const found = text.match(pattern)?.[1]
  if (found === undefined) problems.push(`${file}: no \`export const VERSION = "…"\``)
  else if (found !== versionOf(name)) {
    if (values.sync)
      writeFileSync(join(root, file), text.replace(pattern, `export const VERSION = "${versionOf(name)}"`))
    else problems.push(`${file}: VERSION is ${found}, ${name} is ${versionOf(name)}`)
  }
}
constant("packages/core/src/internal/version.ts", "@hogkit/core")
constant("packages/mcp/src/Version.ts", "@hogkit/mcp")

const serverFile = "packages/mcp/server.json"
const server = JSON.parse(read(serverFile))
const mcpVersion = versionOf("@hogkit/mcp")
const stale = [server.version, ...server.packages.map((p) => p.version)].some((v) => v !== mcpVersion)
if (stale) {
  if (values.sync) {
    server.version = mcpVersion
    for (const p of server.packages) p.version = mcpVersion
    writeFileSync(join(root, serverFile), `${JSON.stringify(server, null, 2)}\n`)
  } else
    problems.push(
      `${serverFile}: versions ${server.version} / ${server.packages.map((p) => p.version)} but @hogkit/mcp is ${mcpVersion}`
    )
}

// A dependency is `workspace:^` (the version released alongside). A peer may instead be a bounded range,
// `workspace:>=A <B`, that holds the current version: changesets then leaves the dependent's version alone
// when the peer's minor moves (onlyUpdatePeerDependentsWhenOutOfRange), instead of a major bump.
const parse = (v) => v.split(".").map(Number)
const atLeast = (v, min) => {
  const [a, b] = [parse(v), parse(min)]
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0)
  return true
}
for (const { dir, pkg } of Object.values(packages)) {
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const [dep, range] of Object.entries(pkg[field] ?? {})) {
      if (!packages[dep] || range === "workspace:^") continue
      const bounded = field === "peerDependencies" ? range.match(/^workspace:>=(\S+) <(\d+)$/) : null
      const current = versionOf(dep)
      // changesets rewrites a bounded peer it moves as `workspace:>=NEW`, dropping the bound: put it back.
      const unbounded = field === "peerDependencies" ? range.match(/^workspace:>=(\S+)$/) : null
      if (unbounded && values.sync) {
        const major = parse(unbounded[1])[0] ?? 0
        pkg[field][dep] = `workspace:>=${unbounded[1]} <${major + 1}`
        writeFileSync(join(root, "packages", dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`)
        continue
      }
      if (!bounded)
        problems.push(`packages/${dir}/package.json: ${field}.${dep} is "${range}"; use "workspace:^"`)
      else if (!atLeast(current, bounded[1]) || parse(current)[0] >= Number(bounded[2])) {
        problems.push(`packages/${dir}/package.json: ${field}.${dep} "${range}" leaves out ${dep}@${current}`)
      }
    }
  }
}

if (problems.length > 0) {
  console.error(
    `versions: ${problems.length} place(s) disagree with package.json:\n  ${problems.join("\n  ")}`
  )
  console.error(
    "Run `node scripts/versions.mjs --sync` (pnpm version-packages runs it after changeset version)."
  )
  process.exit(1)
}
console.log(
  `versions: ${values.sync ? "synced" : "consistent"} — ${Object.entries(packages)
    .map(([n, { pkg }]) => `${n}@${pkg.version}`)
    .join(", ")}`
)
