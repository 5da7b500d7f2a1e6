#!/usr/bin/env bash
# run.sh - AnalyticsService at scale: seeds SESSIONS sessions (default
# 1,000,000, with messages, extractions, edits and model usage) through SQL
# into a private PostgreSQL, starts debrief-server, and measures p50/p99 of
# every analytics RPC for a member, a manager's team and an admin's
# system-wide 90-day view, against Health/Check on the same server as the
# baseline (bench/analytics/load.py). Then prints EXPLAIN (ANALYZE, BUFFERS)
# of the main rollup queries (explain.sql). A benchmark, not a test: it
# prints numbers and never fails for speed; it is not part of ctest.
#
#   bench/analytics/run.sh                      # seeding takes minutes on 2 cores
#   SESSIONS=20000 COUNT=50 bench/analytics/run.sh   # a quick smoke
#
# Environment: BUILD_DIR (default build; configured Release when missing),
# SESSIONS (1000..2000000), USERS (default 2000, teams of 20), COUNT (calls
# per RPC and scope, default 200), DEBRIEF_BENCH_PG_PORT (default 55447),
# BENCH_KEEP_DB=1 (measure the database an earlier run seeded, when it is
# still there, instead of seeding again: for comparing two server builds).
set -euo pipefail

NAME=analytics/run.sh
PGDIR_NAME=pg-analytics
PG_PORT="${DEBRIEF_BENCH_PG_PORT:-55447}"
SESSIONS="${SESSIONS:-1000000}"
USERS="${USERS:-2000}"
COUNT="${COUNT:-200}"
[[ "$SESSIONS" =~ ^[0-9]+$ ]] && [ "$SESSIONS" -ge 1000 ] && [ "$SESSIONS" -le 2000000 ] ||
  { echo "run.sh: SESSIONS must be 1000..2000000" >&2; exit 2; }
[[ "$USERS" =~ ^[0-9]+$ ]] && [ "$USERS" -ge 20 ] && [ "$USERS" -le 99999 ] ||
  { echo "run.sh: USERS must be 20..99999" >&2; exit 2; }
[[ "$COUNT" =~ ^[0-9]+$ ]] && [ "$COUNT" -ge 10 ] && [ "$COUNT" -le 5000 ] ||
  { echo "run.sh: COUNT must be 10..5000" >&2; exit 2; }
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$HERE/../lib.sh"

bench_build debrief-server
bench_pg debrief_bench_analytics
# The server migrates the schema and loads the built-in templates first.
bench_server u00002
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || true
SERVER_PID=""

if [ "$BENCH_DB_KEPT" = 1 ]; then
  say "BENCH_KEEP_DB=1: measuring the database seeded by an earlier run (SESSIONS is not applied)"
else
  t0=$(date +%s)
  psql_q -d debrief_bench_analytics -v sessions="$SESSIONS" -v users="$USERS" -f "$HERE/seed.sql" \
    >/dev/null
  t1=$(date +%s)
  say "seeded $SESSIONS sessions and built the rollups in $((t1 - t0)) s"
fi

bench_server u00002
BIN="${SERVER_BIN:-$BUILD/server/debrief-server}"
mint() { DEBRIEF_JWT_SECRET="$SECRET" "$BIN" token --user "$1" --role "$2" --team "$3" --ttl 7200; }
MANAGER="$(mint u00001 manager t001)"
ADMIN="$(mint admin admin "")"
MEMBER="$(mint u00002 member t001)"
SESSION="$(psql_q -d debrief_bench_analytics -Atc \
  "SELECT id FROM sessions WHERE owner_id = 'u00002' AND state = 'completed' LIMIT 1")"

echo "# AnalyticsService benchmark: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') RAM," \
  "$SESSIONS sessions, $USERS users in teams of 20, $COUNT calls per row"
psql_q -d debrief_bench_analytics -Atc "SELECT 'rows: messages ' || (SELECT count(*) FROM messages)
  || ', extractions ' || (SELECT count(*) FROM extractions)
  || ', analytics_daily ' || (SELECT count(*) FROM analytics_daily)
  || ', analytics_field_daily ' || (SELECT count(*) FROM analytics_field_daily)
  || ', analytics_usage_daily ' || (SELECT count(*) FROM analytics_usage_daily)"
echo
PY="$ROOT/.data/venv/bin/python3"
[ -x "$PY" ] || PY=python3
"$PY" "$HERE/load.py" "$TARGET" "$MEMBER" "$MANAGER" "$ADMIN" "$SESSION" "$COUNT"
echo
echo "# EXPLAIN (ANALYZE, BUFFERS) of the main queries"
psql_q -d debrief_bench_analytics -f "$HERE/explain.sql"
