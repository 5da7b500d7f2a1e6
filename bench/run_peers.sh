#!/usr/bin/env bash
# run_peers.sh - debrief side by side with two peer servers doing the same
# work over the same proto and the same database in the same run, plus the
# minimal durable turn as a floor:
#
#   python  bench/peers/python: grpc.aio + asyncpg
#   go      bench/peers/go: grpc-go + pgx v5
#   minimal bench/minimal_turn.pgbench.sql: 1 UPDATE + 2 INSERT per
#           transaction, pgbench -M extended, fsync on
#
# Builds what is missing (debrief-server and the load generators in
# BUILD_DIR, Release; the peers under .data/bench/peers via
# bench/peers/build.sh, which uses pip and go install), starts one private
# PostgreSQL under .data/bench/pg-peers (fsync and synchronous_commit on),
# debrief-server and both peers on free 127.0.0.1 ports, then for each
# concurrency in LEVELS, each server back to back:
#   GetSession  bench_load --no-echo on the same session, same token;
#   turns       debrief: bench_turns Converse streams (sessions created and
#               answered to completion, as in run_turns.sh); peers:
#               bench_turns --send-message, each stream answering its own
#               copy of a real mid-interview session; minimal: pgbench with
#               as many clients on copies of the same session.
# It prints both tables with the ratios debrief / peer and stops everything
# it started (trap on exit). A benchmark, not a test: it never fails for
# speed. See docs/benchmarks.md ("Peer servers").
#
#   bench/run_peers.sh
#
# Environment: BUILD_DIR (default build-release), DURATION_S (seconds per
# run, default 10), LEVELS (default "1 8 16"), PEERS_DIR (default
# .data/bench/peers), DEBRIEF_BENCH_PG_PORT (default 55443; names the
# private cluster's Unix socket), DEBRIEF_LOG_LEVEL (the server's, default
# info as in production), PEER_POOL (each peer's connections, default 4:
# debrief's default pool on 2 cores).
set -euo pipefail

NAME=run_peers.sh
PGDIR_NAME=pg-peers
PG_PORT="${DEBRIEF_BENCH_PG_PORT:-55443}"
BUILD_DIR="${BUILD_DIR:-build-release}"
DURATION_S="${DURATION_S:-10}"
LEVELS="${LEVELS:-1 8 16}"
PEER_POOL="${PEER_POOL:-4}"
DB=debrief_peers
OWNER=bench-debrief # debrief's streams; GetSession reads its session on all three
PY_OWNER=bench-peer-python
GO_OWNER=bench-peer-go
PGB_OWNER=bench-pgbench

[[ "$DURATION_S" =~ ^[0-9]+$ ]] && [ "$DURATION_S" -ge 1 ] && [ "$DURATION_S" -le 60 ] ||
  { echo "run_peers.sh: DURATION_S must be 1..60" >&2; exit 2; }
for c in $LEVELS; do
  [[ "$c" =~ ^[0-9]+$ ]] && [ "$c" -ge 1 ] && [ "$c" -le 64 ] ||
    { echo "run_peers.sh: LEVELS must be numbers in 1..64" >&2; exit 2; }
done
[[ "$PEER_POOL" =~ ^[0-9]+$ ]] && [ "$PEER_POOL" -ge 1 ] && [ "$PEER_POOL" -le 64 ] ||
  { echo "run_peers.sh: PEER_POOL must be 1..64" >&2; exit 2; }

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=bench/turn_template.sh
. "$ROOT/bench/turn_template.sh"
PEERS="${PEERS_DIR:-$WORK/peers}"
case "$PEERS" in /*) ;; *) PEERS="$ROOT/$PEERS" ;; esac

PY_PID=""
GO_PID=""
peers_cleanup() {
  local rc=$? pid
  for pid in $PY_PID $GO_PID; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  (exit "$rc")
  bench_cleanup
}
trap peers_cleanup EXIT

command -v pgbench >/dev/null || {
  say "pgbench is missing: apt-get install postgresql-client (Debian ships it there)"
  exit 1
}
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDBF_BUILD_TESTS=OFF \
    >"$RUN/cmake.log" 2>&1 || { cat "$RUN/cmake.log" >&2; exit 1; }
fi
bench_build debrief-server bench_turns bench_load
"$ROOT/bench/peers/build.sh" "$PEERS" || { say "building the peers failed"; exit 1; }

bench_pg "$DB"
bench_server "$OWNER"
mint() {
  DEBRIEF_JWT_SECRET="$SECRET" "$BUILD/server/debrief-server" token --user "$1" \
    --role member --team sales --ttl 7200 2>/dev/null
}
PY_TOKEN="$(mint "$PY_OWNER")"
GO_TOKEN="$(mint "$GO_OWNER")"

# The template session (GetSession reads it everywhere) and one real turn of it.
turn_template "$TOKEN"
SESSION="$TPL_SESSION"
for o in "$PY_OWNER" "$GO_OWNER" "$PGB_OWNER"; do turn_copies "$o"; done
turn_pgbench_vars "$PGB_OWNER"
for k in "${!TURN[@]}"; do printf '%s\0%s\0' "$k" "${TURN[$k]}"; done |
  python3 -c 'import json, sys
v = sys.stdin.buffer.read().decode().split("\0")[:-1]
d = dict(zip(v[0::2], v[1::2]))
d["session_timeout"] = int(d["session_timeout"])
json.dump(d, sys.stdout)' >"$RUN/payload.json"

# ---- the peers ----
wait_port() { # name pid file -> port on stdout
  for _ in $(seq 1 300); do
    [ -s "$3" ] && { cat "$3"; return 0; }
    kill -0 "$2" 2>/dev/null || { tail -n 20 "$RUN/$1.log" >&2; say "the $1 peer exited"; exit 1; }
    sleep 0.1
  done
  tail -n 20 "$RUN/$1.log" >&2
  say "the $1 peer did not start in 30 s"
  exit 1
}
DEBRIEF_JWT_SECRET="$SECRET" PYTHONPATH="$PEERS/python-gen" \
  "$PEERS/venv/bin/python" "$ROOT/bench/peers/python/peer.py" --addr 127.0.0.1:0 \
  --database-url "$URL" --queries "$ROOT/bench/peers/queries.sql" --payload "$RUN/payload.json" \
  --pool "$PEER_POOL" --port-file "$RUN/python.port" 2>"$RUN/python.log" &
PY_PID=$!
DEBRIEF_JWT_SECRET="$SECRET" "$PEERS/peer-go" -addr 127.0.0.1:0 -database-url "$URL" \
  -queries "$ROOT/bench/peers/queries.sql" -payload "$RUN/payload.json" -pool "$PEER_POOL" \
  -port-file "$RUN/go.port" 2>"$RUN/go.log" &
GO_PID=$!
PY_TARGET="127.0.0.1:$(wait_port python "$PY_PID" "$RUN/python.port")"
GO_TARGET="127.0.0.1:$(wait_port go "$GO_PID" "$RUN/go.port")"

sql() { psql_q -d "$DB" -tA "$@"; }
checkpoint() { sql -c CHECKPOINT >/dev/null; }
echo "# debrief vs peers: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') RAM," \
  "PostgreSQL $(sql -c 'SHOW server_version' | cut -d' ' -f1)," \
  "fsync=$(sql -c 'SHOW fsync'), synchronous_commit=$(sql -c 'SHOW synchronous_commit')," \
  "${DURATION_S}s per run, pools: debrief ${DEBRIEF_DB_POOL_SIZE:-default}, peers $PEER_POOL," \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# turn payloads: $TURN_NOTE"
echo

# R[server,level,what] = "value"; what: gs (qps p50 p99 errors), tu (tps p50 p99 errors)
declare -A R
get_session() { # name target token conc
  local out row
  out="$("$BUILD/bench/bench_load" --target "$2" --token "$3" --session-id "$SESSION" \
    --no-echo --levels "$4" --duration-ms $((DURATION_S * 1000)))" || true
  row="$(echo "$out" | awk '$1 == "GetSession" {print $3, $4, $5, $7}')"
  R[$1,$4,gs]="${row:-0 0 0 -1}"
  printf "GetSession %-8s %5d  qps %8.0f  p50 %7.3f  p99 %7.3f  errors %s\n" "$1" "$4" ${R[$1,$4,gs]}
  echo "$out" | grep -F 'first error' || true
}
turns() { # name target token conc [--send-message prefix]
  local name="$1" target="$2" token="$3" c="$4" out row
  shift 4
  checkpoint
  out="$("$BUILD/bench/bench_turns" --target "$target" --token "$token" --concurrency "$c" \
    --duration-ms $((DURATION_S * 1000)) "$@")" || true
  row="$(echo "$out" | awk '$1 == "Converse" || $1 == "SendMsg" {print $3, $5, $6, $11, $4}')"
  R[$name,$c,tu]="${row:-0 0 0 -1 0}"
  printf "turns      %-8s %5d  t/s %8.1f  p50 %7.3f  p99 %7.3f  errors %s  (busy t/s %s)\n" \
    "$name" "$c" ${R[$name,$c,tu]}
  echo "$out" | grep -F 'first error' || true
}
minimal() { # conc
  local c="$1" j pgb p50 p99
  checkpoint
  j=$((c < $(nproc) ? c : $(nproc)))
  rm -f "$RUN"/pgb.*
  pgb="$(pgbench -n -M extended -f "$ROOT/bench/minimal_turn.pgbench.sql" -c "$c" -j "$j" \
    -T "$DURATION_S" -l --log-prefix="$RUN/pgb" "${PGB_VARS[@]}" \
    -h "$SOCK" -p "$PORT" -U postgres "$DB" 2>"$RUN/pgbench.err")" || {
    cat "$RUN/pgbench.err" >&2
    say "pgbench failed"
    exit 1
  }
  read -r p50 p99 < <(percentiles "$RUN"/pgb.*)
  R[minimal,$c,tu]="$(echo "$pgb" | awk '/^tps = / {print $3}' | tail -n 1) $p50 $p99 $(echo "$pgb" |
    awk '/number of failed transactions/ {print $5}')"
  printf "turns      %-8s %5d  t/s %8.1f  p50 %7.3f  p99 %7.3f  failed %s\n" minimal "$c" \
    ${R[minimal,$c,tu]}
}

PREFIX=00000000-0000-4000-8000-
for c in $LEVELS; do
  get_session debrief "$TARGET" "$TOKEN" "$c"
  get_session python "$PY_TARGET" "$TOKEN" "$c"
  get_session go "$GO_TARGET" "$TOKEN" "$c"
  turns debrief "$TARGET" "$TOKEN" "$c"
  turns python "$PY_TARGET" "$PY_TOKEN" "$c" --send-message "$PREFIX"
  turns go "$GO_TARGET" "$GO_TOKEN" "$c" --send-message "$PREFIX"
  minimal "$c"
done

# What each server wrote, so a peer that skipped work would show.
echo
echo "rows written per owner (messages / extraction_history / session updates as turn_count):"
sql -F ' ' -c "SELECT s.owner_id, (SELECT count(*) FROM messages m WHERE m.owner_id = s.owner_id),
    (SELECT count(*) FROM extraction_history h WHERE h.owner_id = s.owner_id), sum(s.turn_count)
  FROM sessions s GROUP BY s.owner_id ORDER BY 1" | sed 's/^/  /'

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
f() { echo "${R[$1,$2,$3]}" | awk -v i="$4" '{print $i}'; }
echo
echo "GetSession QPS (p50/p99 ms); ratio = debrief qps / peer qps"
printf "%5s %22s %22s %22s %9s %9s\n" conc debrief python go "d/python" "d/go"
for c in $LEVELS; do
  row=()
  for s in debrief python go; do
    row+=("$(printf "%.0f (%.2f/%.2f)" "$(f $s "$c" gs 1)" "$(f $s "$c" gs 2)" "$(f $s "$c" gs 3)")")
  done
  printf "%5d %22s %22s %22s %9s %9s\n" "$c" "${row[@]}" \
    "$(ratio "$(f debrief "$c" gs 1)" "$(f python "$c" gs 1)")" \
    "$(ratio "$(f debrief "$c" gs 1)" "$(f go "$c" gs 1)")"
done
echo
echo "durable turns/s (p50/p99 ms); ratio = debrief turns/s / other turns/s"
printf "%5s %22s %22s %22s %22s %9s %9s %10s\n" conc debrief python go minimal "d/python" "d/go" \
  "d/minimal"
for c in $LEVELS; do
  row=()
  for s in debrief python go minimal; do
    row+=("$(printf "%.0f (%.2f/%.2f)" "$(f $s "$c" tu 1)" "$(f $s "$c" tu 2)" "$(f $s "$c" tu 3)")")
  done
  d="$(f debrief "$c" tu 1)"
  printf "%5d %22s %22s %22s %22s %9s %9s %10s\n" "$c" "${row[@]}" \
    "$(ratio "$d" "$(f python "$c" tu 1)")" "$(ratio "$d" "$(f go "$c" tu 1)")" \
    "$(ratio "$d" "$(f minimal "$c" tu 1)")"
done
echo "(debrief: Converse streams, session set-up and completing turns included; python and go:"
echo " SendMessage, the same statements per answer with fixed payloads; minimal: 1 UPDATE +"
echo " 2 INSERT per transaction under pgbench)"
