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

NAME=run_get_session.sh
PGDIR_NAME=pg-get-session
PG_PORT="${DEBRIEF_BENCH_PG_PORT:-55441}"
DURATION_MS="${DURATION_MS:-3000}"
[[ "$DURATION_MS" =~ ^[0-9]+$ ]] && [ "$DURATION_MS" -ge 100 ] && [ "$DURATION_MS" -le 60000 ] ||
  { echo "run_get_session.sh: DURATION_MS must be 100..60000" >&2; exit 2; }
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bench_build debrief-server bench_load bench_turns
bench_pg debrief_bench
bench_server bench-debrief
SESSION="$("$BUILD/bench/bench_turns" --target "$TARGET" --token "$TOKEN" --create-session \
  --answers 6)"
[[ "$SESSION" =~ ^[0-9a-f-]{36}$ ]] || { say "could not create a session"; exit 1; }

echo "# GetSession benchmark: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') RAM," \
  "${DURATION_MS} ms per run, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$BUILD/bench/bench_load" --target "$TARGET" --token "$TOKEN" --session-id "$SESSION" \
  --duration-ms "$DURATION_MS"
