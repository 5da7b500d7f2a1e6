#!/usr/bin/env bash
# run_gateway.sh - what the HTTP gateway costs against direct gRPC, in one
# run: GetSession over REST vs gRPC, and interview turns over the Converse
# WebSocket vs a gRPC Converse stream (bench/gateway_bench.py).
#
# Builds what is missing, starts a private PostgreSQL under
# .data/bench/pg-gateway, debrief-server and debrief-gateway on free
# loopback ports, runs the comparison with the Python in .data/venv, and
# stops everything it started. A benchmark, not a test.
#
#   bench/run_gateway.sh
#
# Environment: BUILD_DIR (default build), DURATION_S (per measurement,
# default 5), DEBRIEF_BENCH_PG_PORT (default 55443).
set -euo pipefail

NAME=run_gateway.sh
PGDIR_NAME=pg-gateway
PG_PORT="${DEBRIEF_BENCH_PG_PORT:-55443}"
DURATION_S="${DURATION_S:-5}"
[[ "$DURATION_S" =~ ^[0-9]+$ ]] && [ "$DURATION_S" -ge 1 ] && [ "$DURATION_S" -le 120 ] ||
  { echo "run_gateway.sh: DURATION_S must be 1..120" >&2; exit 2; }
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bench_build debrief-server debrief-gateway
bench_pg debrief_bench_gw
bench_server bench-gateway
HTTP_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
DEBRIEF_HTTP_ADDR="127.0.0.1:$HTTP_PORT" DEBRIEF_GATEWAY_UPSTREAM="$TARGET" \
  "$BUILD/gateway/debrief-gateway" 2>"$RUN/gateway.log" &
GW_PID=$!
trap 'kill -TERM "$GW_PID" 2>/dev/null || true; wait "$GW_PID" 2>/dev/null || true; bench_cleanup' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

echo "# Gateway benchmark: $(nproc) cores, ${DURATION_S} s per measurement," \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$ROOT/.data/venv/bin/python3" "$ROOT/bench/gateway_bench.py" "$TARGET" \
  "http://127.0.0.1:$HTTP_PORT" "$TOKEN" "$ROOT/tests/eval/cases/debrief-sample-1.json" \
  "$DURATION_S"
