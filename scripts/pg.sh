#!/usr/bin/env bash
# pg.sh - a private PostgreSQL cluster for debrief, under the project's data
# folder (default .data/pg), using Debian's server binaries.
#
#   scripts/pg.sh start  [DIR]   initialise on first use, then start (idempotent)
#   scripts/pg.sh stop   [DIR]   stop it (fine when not running)
#   scripts/pg.sh status [DIR]   exit 0 when running
#   scripts/pg.sh url    [DIR]   start if needed, create the debrief database, print a libpq URL
#
# The cluster listens only on a Unix socket inside DIR (listen_addresses='')
# with trust authentication, so nothing outside this machine can reach it.
# PostgreSQL refuses to run as root; when run as root, the server runs as the
# postgres system user (runuser) and DIR is owned by it.
#
# Environment: DEBRIEF_PG_PORT (default 55432, fixed when the cluster is
# created), DEBRIEF_PG_DB (default debrief), DEBRIEF_PG_FAST=1 (no fsync:
# for throwaway test clusters only).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cmd="${1:-}"
dir="${2:-$ROOT/.data/pg}"
db="${DEBRIEF_PG_DB:-debrief}"
[[ "$db" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "pg.sh: DEBRIEF_PG_DB must match [a-z_][a-z0-9_]*" >&2; exit 1; }

die() {
  echo "pg.sh: $*" >&2
  exit 1
}

case "$cmd" in
  start | stop | status | url) ;;
  *) die "usage: scripts/pg.sh start|stop|status|url [DIR]" ;;
esac

mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
data="$dir/data"
sock="$dir/run"
log="$dir/log/postgres.log"

bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
[ -n "$bindir" ] && [ -x "$bindir/pg_ctl" ] ||
  die "PostgreSQL server binaries not found under /usr/lib/postgresql; run scripts/deps.sh"

# As root, the server's own commands run as the postgres user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port() {
  if [ -f "$dir/port" ]; then
    cat "$dir/port"
  else
    echo "${DEBRIEF_PG_PORT:-55432}"
  fi
}

running() {
  [ -f "$data/PG_VERSION" ] && as_pg "$bindir/pg_ctl" status -D "$data" >/dev/null 2>&1
}

# When root, the postgres user must be able to reach DIR: every ancestor
# needs search (x) permission for others. Grant only that, and say so.
make_traversable() {
  local d="$dir" ancestors=()
  while [ "$d" != "/" ]; do
    d="$(dirname "$d")"
    ancestors=("$d" "${ancestors[@]}")
  done
  # Top-down, so each test is not confused by a blocked parent.
  for d in "${ancestors[@]}"; do
    if ! runuser -u postgres -- test -x "$d"; then
      echo "pg.sh: granting search permission (o+x) on $d so the postgres user can reach $dir" >&2
      chmod o+x "$d"
    fi
  done
}

init_cluster() {
  local p
  p="$(port)"
  [[ "$p" =~ ^[0-9]+$ ]] && [ "$p" -ge 1024 ] && [ "$p" -le 65535 ] ||
    die "DEBRIEF_PG_PORT must be a port number in [1024, 65535], not '$p'"
  local sockfile="$sock/.s.PGSQL.$p"
  [ "${#sockfile}" -lt 100 ] ||
    die "socket path $sockfile is too long for a Unix socket; use a shorter DIR"
  mkdir -p "$sock" "$dir/log"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "the postgres system user is missing; run scripts/deps.sh"
    chown -R postgres:postgres "$dir"
    make_traversable
  fi
  rm -rf "$data"
  local sync=()
  [ "${DEBRIEF_PG_FAST:-0}" = 1 ] && sync=(--no-sync)
  as_pg "$bindir/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 "${sync[@]}" \
    >"$dir/log/initdb.log" 2>&1 || {
    cat "$dir/log/initdb.log" >&2
    die "initdb failed"
  }
  {
    echo "# Added by scripts/pg.sh: a private, socket-only cluster."
    echo "listen_addresses = ''"
    echo "unix_socket_directories = '$sock'"
    echo "port = $p"
    echo "max_connections = 200"
    if [ "${DEBRIEF_PG_FAST:-0}" = 1 ]; then
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
    fi
  } | as_pg tee -a "$data/postgresql.conf" >/dev/null
  echo "$p" | as_pg tee "$dir/port" >/dev/null
}

start() {
  if running; then
    return 0
  fi
  [ -f "$data/PG_VERSION" ] || init_cluster
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres:postgres "$dir"
    make_traversable
  fi
  as_pg "$bindir/pg_ctl" start -D "$data" -l "$log" -w -t 60 >/dev/null || {
    tail -n 20 "$log" >&2 || true
    die "PostgreSQL did not start (log: $log)"
  }
}

psql_pg() {
  "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$(port)" -U postgres -d postgres "$@"
}

case "$cmd" in
  start)
    start
    echo "PostgreSQL running: socket $sock, port $(port), data $data" >&2
    ;;
  stop)
    if running; then
      as_pg "$bindir/pg_ctl" stop -D "$data" -m fast -w -t 60 >/dev/null
    fi
    ;;
  status)
    if running; then
      echo "running: socket $sock, port $(port)"
    else
      echo "not running"
      exit 3
    fi
    ;;
  url)
    start
    if [ -z "$(psql_pg -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
      psql_pg -c "CREATE DATABASE \"$db\"" >/dev/null
    fi
    echo "postgresql://postgres@/$db?host=$sock&port=$(port)"
    ;;
esac
