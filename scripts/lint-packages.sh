#!/usr/bin/env bash
# Lints every package as it would be published: publint (package.json fields, exports, files that exist)
# and @arethetypeswrong/cli on the tarball `pnpm pack` makes (the one `pnpm publish` sends, with workspace:
# ranges rewritten) — the check `attw --pack` runs, on that exact file. The packages are ES modules only,
# hence --profile esm-only (CommonJS `require` resolution is not offered). dist/ must be built.
set -euo pipefail
cd "$(dirname "$0")/.."
packs="$(mktemp -d)"
trap 'rm -rf "$packs"' EXIT
for dir in packages/*/; do
  name="$(node -p "require('./${dir}package.json').name")"
  echo "lint-packages: $name"
  (cd "$dir" && ../../node_modules/.bin/publint --strict --level suggestion)
  tarball="$(cd "$dir" && pnpm pack --pack-destination "$packs" | tail -1)"
  node_modules/.bin/attw "$tarball" --profile esm-only --format ascii
done
