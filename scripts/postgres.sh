#!/usr/bin/env bash
# A throwaway PostgreSQL server for the emulator's PostgreSQL backend: Debian's packages, a fresh cluster in
# a temporary directory, listening only on a Unix socket there (no TCP port, nothing shared with a system
# cluster). Used by .ci/run and by hand.
#
#   scripts/postgres.sh run CMD [ARG…]   start a server, run CMD with HOGKIT_EMULATOR_TEST_DATABASE_URL set
#                                        to it, stop the server, exit with CMD's status
#   scripts/postgres.sh start DIR        start a server in DIR (created) and print its URL
#   scripts/postgres.sh stop DIR         stop the server in DIR and remove DIR
#
# As root, a missing server is installed from Debian's `postgresql` package and the cluster runs as the
# `postgres` user (PostgreSQL refuses to run as root). Where no server can be started, it says why and
# fails: the emulator's PostgreSQL contract pass must not be skipped silently.
set -euo pipefail

die() {
  echo "postgres.sh: ERROR: $*" >&2
  echo "postgres.sh: the PostgreSQL backend cannot be tested on this machine until this is fixed." >&2
  exit 1
}

server_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/postgres" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

ensure_server() {
  if server_bin >/dev/null; then return 0; fi
  if [ "$(id -u)" != "0" ]; then
    die "no PostgreSQL server found under /usr/lib/postgresql/*/bin; install Debian's postgresql package (sudo apt-get install postgresql)"
  fi
  echo "postgres.sh: installing Debian's postgresql package" >&2
  apt-get update -qq >/dev/null || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null \
    || die "apt-get install postgresql failed"
  server_bin >/dev/null || die "postgresql installed, but no server binaries under /usr/lib/postgresql/*/bin"
}

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || die "running as root, but there is no 'postgres' user to own the cluster"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

url_for() {
  # node-postgres reads a socket directory from `host`; the database is `postgres`, the role the owner.
  local role
  if [ "$(id -u)" = "0" ]; then role=postgres; else role="$(id -un)"; fi
  echo "postgres://${role}@localhost/postgres?host=$1"
}

start() {
  local dir="$1"
  ensure_server
  local bin
  bin="$(server_bin)"
  mkdir -p "$dir"
  if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$dir"; fi
  chmod 700 "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed (log above)"; }
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=200 -c fsync=off" start >/dev/null \
    || { cat "$dir/server.log" >&2 || true; die "the server did not start (log above)"; }
  url_for "$dir"
}

stop() {
  local dir="$1"
  local bin
  bin="$(server_bin)" || return 0
  if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
}

case "${1:-}" in
  start)
    [ -n "${2:-}" ] || die "usage: scripts/postgres.sh start DIR"
    start "$2"
    ;;
  stop)
    [ -n "${2:-}" ] || die "usage: scripts/postgres.sh stop DIR"
    stop "$2"
    ;;
  run)
    shift
    [ "$#" -gt 0 ] || die "usage: scripts/postgres.sh run CMD [ARG…]"
    dir="$(mktemp -d /tmp/hogkit-pg.XXXXXX)"
    trap 'stop "$dir"' EXIT
    url="$(start "$dir")"
    echo "postgres.sh: PostgreSQL $("$(server_bin)/postgres" --version | awk '{print $3}') on $dir (Unix socket only)" >&2
    status=0
    HOGKIT_EMULATOR_TEST_DATABASE_URL="$url" "$@" || status=$?
    exit "$status"
    ;;
  *)
    die "usage: scripts/postgres.sh run CMD [ARG…] | start DIR | stop DIR"
    ;;
esac
