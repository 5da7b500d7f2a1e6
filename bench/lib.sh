# lib.sh - the lifecycle the bench runners share: paths, a trap that stops
# whatever was started, the build, a private PostgreSQL with a fresh
# database, and a debrief-server on a free loopback port with a member token.
# Source it after setting NAME (for messages), PGDIR_NAME and PG_PORT.
# Provides: ROOT BUILD RUN WORK PGDIR SOCK PORT URL TARGET SECRET TOKEN,
# and the functions say, psql_q, bench_build, bench_pg, bench_server.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BUILD_DIR="${BUILD_DIR:-build}"
case "$BUILD_DIR" in /*) BUILD="$BUILD_DIR" ;; *) BUILD="$ROOT/$BUILD_DIR" ;; esac
WORK="$ROOT/.data/bench"
PGDIR="$WORK/$PGDIR_NAME"
mkdir -p "$WORK"
RUN="$(mktemp -d "$WORK/run-$PGDIR_NAME.XXXXXX")"
SERVER_PID=""
PG_STARTED=0

bench_cleanup() {
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
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

say() { echo "$NAME: $*" >&2; }

# bench_build TARGET...: configures (Release) when needed and builds the targets.
bench_build() {
  if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >"$RUN/cmake.log" 2>&1 || {
      cat "$RUN/cmake.log" >&2
      exit 1
    }
  fi
  cmake --build "$BUILD" --target "$@" >"$RUN/build.log" 2>&1 || {
    tail -n 40 "$RUN/build.log" >&2
    say "the build failed"
    exit 1
  }
}

psql_q() {
  PGOPTIONS='-c client_min_messages=warning' \
    psql -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -p "$PORT" -U postgres "$@"
}

# bench_pg DB: starts the private cluster if needed and makes DB afresh, so
# every run starts from the same table sizes. Sets SOCK, PORT and URL. With
# BENCH_KEEP_DB=1 an existing DB is kept and BENCH_DB_KEPT=1 tells the
# caller so (it skips its seeding); otherwise BENCH_DB_KEPT=0.
bench_pg() {
  if ! "$ROOT/scripts/pg.sh" status "$PGDIR" >/dev/null 2>&1; then
    DEBRIEF_PG_PORT="$PG_PORT" "$ROOT/scripts/pg.sh" start "$PGDIR"
    PG_STARTED=1
  fi
  SOCK="$PGDIR/run"
  PORT="$(cat "$PGDIR/port")"
  if [ "${BENCH_KEEP_DB:-0}" = 1 ] &&
    [ "$(psql_q -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; then
    BENCH_DB_KEPT=1 # the caller may skip its seeding
  else
    BENCH_DB_KEPT=0
    psql_q -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
  fi
  URL="$(DEBRIEF_PG_DB=$1 "$ROOT/scripts/pg.sh" url "$PGDIR")"
}

# bench_server USER: starts debrief-server on a free loopback port with a
# random token secret and mints USER a member token. Sets TARGET and TOKEN.
# SERVER_BIN runs another build of the server (an A/B comparison of two
# commits on the same database in one sitting); the default is the build's.
# The port is picked here and polled, not read from the server's
# "server.listening" line, so any DEBRIEF_LOG_LEVEL works (warn included).
bench_server() {
  local bin="${SERVER_BIN:-$BUILD/server/debrief-server}"
  local grpc_port
  grpc_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  SECRET="$(openssl rand -hex 32)"
  DEBRIEF_DATABASE_URL="$URL" DEBRIEF_JWT_SECRET="$SECRET" DEBRIEF_GRPC_ADDR="127.0.0.1:$grpc_port" \
    DEBRIEF_DATA_DIR="$ROOT" DEBRIEF_LOG_LEVEL="${DEBRIEF_LOG_LEVEL:-info}" \
    "$bin" serve 2>"$RUN/server.log" &
  SERVER_PID=$!
  local up=0
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$grpc_port") 2>/dev/null; then up=1 && break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 20 "$RUN/server.log" >&2; say "the server exited"; exit 1; }
    sleep 0.1
  done
  [ "$up" = 1 ] || { tail -n 20 "$RUN/server.log" >&2; say "the server did not start in 30 s"; exit 1; }
  TARGET="127.0.0.1:$grpc_port"
  TOKEN="$(DEBRIEF_JWT_SECRET="$SECRET" "$bin" token --user "$1" \
    --role member --team sales --ttl 7200 2>/dev/null)"
}
