#!/usr/bin/env bash
# Installs what hogkit's build and tests need on a fresh Debian machine: pnpm (pinned), the workspace's
# packages from the lockfile, and Debian's chromium for the browser tests. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "12.21.0" ]; then
  npm install -g pnpm@12.21.0 >/dev/null
fi

if [ "${HOGKIT_SKIP_CHROMIUM:-}" != "1" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: chromium is missing; install Debian's chromium (sudo apt-get install chromium) for the browser tests" >&2
  fi
fi

pnpm install --frozen-lockfile
