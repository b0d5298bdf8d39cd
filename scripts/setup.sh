#!/usr/bin/env bash
# Installs what hogkit's build and tests need on a fresh Debian machine: pnpm (pinned), the workspace's
# packages from the lockfile, and Debian's chromium, zsh and fish for the browser and completion tests.
# Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "12.21.0" ]; then
  npm install -g pnpm@12.21.0 >/dev/null
fi

# Debian packages the tests drive: chromium (browser tests), zsh and fish (the CLI's completion scripts,
# run in those shells as users install them).
wanted=()
if [ "${HOGKIT_SKIP_CHROMIUM:-}" != "1" ] && ! command -v chromium >/dev/null 2>&1; then wanted+=(chromium); fi
for shell in zsh fish; do command -v "$shell" >/dev/null 2>&1 || wanted+=("$shell"); done
if [ "${#wanted[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${wanted[@]}" >/dev/null
  else
    echo "setup: ${wanted[*]} missing; install them from Debian (sudo apt-get install ${wanted[*]}) for the browser and completion tests" >&2
  fi
fi

pnpm install --frozen-lockfile
