#!/usr/bin/env bash
# run_get_session.sh - GetSession against a real server versus the in-process
# echo baseline, at concurrencies 1, 8 and 32 (bench/load.c).
#
# Builds what is missing, starts a private PostgreSQL under
# .data/bench/pg-get-session with a fresh database, starts debrief-server on
# a free loopback port with a random token secret, mints a member token,
# creates one sales_debrief session and answers six questions on it (so
# GetSession returns a realistic record), runs bench_load, and stops
# everything it started (trap on exit). A benchmark, not a test: it prints
# numbers and ratios and never fails for speed.
#
#   bench/run_get_session.sh
#
# Environment: BUILD_DIR (default build), DURATION_MS (per run, default
# 3000), DEBRIEF_BENCH_PG_PORT (default 55441; names the private cluster's
# Unix socket), DEBRIEF_LOG_LEVEL (the server's, default info as in
# production).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BUILD_DIR="${BUILD_DIR:-build}"
case "$BUILD_DIR" in /*) BUILD="$BUILD_DIR" ;; *) BUILD="$ROOT/$BUILD_DIR" ;; esac
DURATION_MS="${DURATION_MS:-3000}"
PG_PORT="${DEBRIEF_BENCH_PG_PORT:-55441}"
WORK="$ROOT/.data/bench"
PGDIR="$WORK/pg-get-session"
DB=debrief_bench

[[ "$DURATION_MS" =~ ^[0-9]+$ ]] && [ "$DURATION_MS" -ge 100 ] && [ "$DURATION_MS" -le 60000 ] ||
  { echo "run_get_session.sh: DURATION_MS must be 100..60000" >&2; exit 2; }

mkdir -p "$WORK"
RUN="$(mktemp -d "$WORK/run-get-session.XXXXXX")"
SERVER_PID=""
PG_STARTED=0

cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "$PG_STARTED" = 1 ]; then
    "$ROOT/scripts/pg.sh" stop "$PGDIR" || true
  fi
  rm -rf "$RUN"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { echo "run_get_session.sh: $*" >&2; }

# ---- build ----
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >"$RUN/cmake.log" 2>&1 || {
    cat "$RUN/cmake.log" >&2
    exit 1
  }
fi
cmake --build "$BUILD" --target debrief-server bench_load bench_turns >"$RUN/build.log" 2>&1 || {
  tail -n 40 "$RUN/build.log" >&2
  say "the build failed"
  exit 1
}

# ---- PostgreSQL ----
if ! "$ROOT/scripts/pg.sh" status "$PGDIR" >/dev/null 2>&1; then
  DEBRIEF_PG_PORT="$PG_PORT" "$ROOT/scripts/pg.sh" start "$PGDIR"
  PG_STARTED=1
fi
SOCK="$PGDIR/run"
PORT="$(cat "$PGDIR/port")"
PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -p "$PORT" \
  -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
URL="$(DEBRIEF_PG_DB=$DB "$ROOT/scripts/pg.sh" url "$PGDIR")"

# ---- the server ----
SECRET="$(openssl rand -hex 32)"
DEBRIEF_DATABASE_URL="$URL" DEBRIEF_JWT_SECRET="$SECRET" DEBRIEF_GRPC_ADDR=127.0.0.1:0 \
  DEBRIEF_DATA_DIR="$ROOT" DEBRIEF_LOG_LEVEL="${DEBRIEF_LOG_LEVEL:-info}" \
  "$BUILD/server/debrief-server" serve 2>"$RUN/server.log" &
SERVER_PID=$!
GRPC_PORT=""
for _ in $(seq 1 300); do
  GRPC_PORT="$(grep -o '"server.listening".*' "$RUN/server.log" 2>/dev/null |
    grep -o '"port": *[0-9]*' | grep -o '[0-9]*$' || true)"
  [ -n "$GRPC_PORT" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 20 "$RUN/server.log" >&2; say "the server exited"; exit 1; }
  sleep 0.1
done
[ -n "$GRPC_PORT" ] || { tail -n 20 "$RUN/server.log" >&2; say "the server did not start in 30 s"; exit 1; }
TARGET="127.0.0.1:$GRPC_PORT"
TOKEN="$(DEBRIEF_JWT_SECRET="$SECRET" "$BUILD/server/debrief-server" token --user bench-debrief \
  --role member --team sales --ttl 7200 2>/dev/null)"
SESSION="$("$BUILD/bench/bench_turns" --target "$TARGET" --token "$TOKEN" --create-session \
  --answers 6)"
[[ "$SESSION" =~ ^[0-9a-f-]{36}$ ]] || { say "could not create a session"; exit 1; }

echo "# GetSession benchmark: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') RAM," \
  "${DURATION_MS} ms per run, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$BUILD/bench/bench_load" --target "$TARGET" --token "$TOKEN" --session-id "$SESSION" \
  --duration-ms "$DURATION_MS"
