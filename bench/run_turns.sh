#!/usr/bin/env bash
# run_turns.sh - Converse turn throughput versus pgbench replaying the same SQL.
#
# Builds what is missing, starts a private PostgreSQL under
# .data/bench/pg-turns (durable: fsync and synchronous_commit stay on) with a
# fresh database, starts debrief-server on a free loopback port with a random
# token secret, and then, for each concurrency (1, 4, 16):
#   1. bench_turns drives that many Converse streams (bench/turns.c);
#   2. pgbench runs bench/turn.pgbench.sql - one answer turn's statements
#      from server/service/turn.c - with as many clients, against the same
#      database, with payloads copied from a session the server made.
# It prints both and the ratio debrief / raw SQL, then stops everything it
# started (trap on exit). A benchmark, not a test: it never fails for speed.
#
#   bench/run_turns.sh
#
# Environment: BUILD_DIR (default build), DURATION_S (seconds per run,
# default 10), LEVELS (default "1 4 16"), DEBRIEF_BENCH_PG_PORT (default
# 55442; names the private cluster's Unix socket), DEBRIEF_LOG_LEVEL (the
# server's, default info as in production).
set -euo pipefail

NAME=run_turns.sh
PGDIR_NAME=pg-turns
PG_PORT="${DEBRIEF_BENCH_PG_PORT:-55442}"
DURATION_S="${DURATION_S:-10}"
LEVELS="${LEVELS:-1 4 16}"
DB=debrief_bench
OWNER=bench-debrief      # the server-side user (the JWT sub)
PGB_OWNER=bench-pgbench  # owns pgbench's sessions

[[ "$DURATION_S" =~ ^[0-9]+$ ]] && [ "$DURATION_S" -ge 1 ] && [ "$DURATION_S" -le 120 ] ||
  { echo "run_turns.sh: DURATION_S must be 1..120" >&2; exit 2; }
for c in $LEVELS; do
  [[ "$c" =~ ^[0-9]+$ ]] && [ "$c" -ge 1 ] && [ "$c" -le 64 ] ||
    { echo "run_turns.sh: LEVELS must be numbers in 1..64" >&2; exit 2; }
done

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bench_build debrief-server bench_turns
command -v pgbench >/dev/null || {
  say "pgbench is missing: apt-get install postgresql-client (Debian ships it there)"
  exit 1
}
bench_pg "$DB"
sql() { psql_q -d "$DB" -tA "$@"; }
bench_server "$OWNER"

# ---- pgbench's sessions and payloads, copied from a real mid-interview session ----
# shellcheck source=bench/turn_template.sh
. "$ROOT/bench/turn_template.sh"
setup_pgbench() {
  turn_template "$TOKEN"
  turn_copies "$PGB_OWNER"
  turn_pgbench_vars "$PGB_OWNER"
  PGB_TURN="$TURN_NOTE"
}

checkpoint() { sql -c CHECKPOINT >/dev/null; }

echo "# debrief turn benchmark: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') RAM," \
  "PostgreSQL $(sql -c 'SHOW server_version' | cut -d' ' -f1)," \
  "fsync=$(sql -c 'SHOW fsync'), synchronous_commit=$(sql -c 'SHOW synchronous_commit')," \
  "${DURATION_S}s per run, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# CPU time (utime + stime, in clock ticks) the server process has used so far.
server_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$SERVER_PID/stat"; }
HZ="$(getconf CLK_TCK)"

declare -A D_TPS D_P50 D_P99 D_CPU C_CPU P_TPS P_P50 P_P99
first=1
for c in $LEVELS; do
  checkpoint
  t0="$(server_ticks)"
  times >"$RUN/times"
  c0="$(tail -n 1 "$RUN/times")"
  out="$("$BUILD/bench/bench_turns" --target "$TARGET" --token "$TOKEN" --concurrency "$c" \
    --duration-ms $((DURATION_S * 1000)))" || true
  times >"$RUN/times"
  c1="$(tail -n 1 "$RUN/times")"
  t1="$(server_ticks)"
  if [ "$first" = 1 ]; then
    echo "$out" | head -n 1
    first=0
  fi
  echo "$out" | tail -n +2
  row="$(echo "$out" | awk '$1 == "Converse"')"
  D_TPS[$c]="$(echo "$row" | awk '{print $3}')"
  D_P50[$c]="$(echo "$row" | awk '{print $5}')"
  D_P99[$c]="$(echo "$row" | awk '{print $6}')"
  # Server CPU per turn (session set-up included), in microseconds.
  D_CPU[$c]="$(echo "$row" | awk -v t=$((t1 - t0)) -v hz="$HZ" \
    '{ if ($7 > 0) printf "%.0f", t * 1e6 / hz / $7; else print 0 }')"
  # bench_turns' own CPU per turn (the gRPC client), from the shell's children times.
  C_CPU[$c]="$(printf '%s\n%s\n%s\n' "$c0" "$c1" "$row" | awk '
    function sec(x, a) { split(x, a, /[ms]/); return a[1] * 60 + a[2] }
    NR == 1 { b = sec($1) + sec($2) } NR == 2 { e = sec($1) + sec($2) }
    NR == 3 { if ($7 > 0) printf "%.0f", (e - b) * 1e6 / $7; else print 0 }')"
  if [ -z "$TPL_SESSION" ]; then
    setup_pgbench
    echo "  (pgbench replays $PGB_TURN)"
  fi

  checkpoint
  j=$(( c < $(nproc) ? c : $(nproc) ))
  rm -f "$RUN"/pgb.*
  pgb="$(pgbench -n -M extended -f "$ROOT/bench/turn.pgbench.sql" -c "$c" -j "$j" \
    -T "$DURATION_S" -l --log-prefix="$RUN/pgb" "${PGB_VARS[@]}" \
    -h "$SOCK" -p "$PORT" -U postgres "$DB" 2>"$RUN/pgbench.err")" || {
    cat "$RUN/pgbench.err" >&2
    say "pgbench failed"
    exit 1
  }
  P_TPS[$c]="$(echo "$pgb" | awk '/^tps = / {print $3}' | tail -n 1)"
  failed="$(echo "$pgb" | awk '/number of failed transactions/ {print $5}')"
  read -r p50 p99 < <(percentiles "$RUN"/pgb.*)
  P_P50[$c]="$p50"
  P_P99[$c]="$p99"
  printf "%-10s %5d %10.1f %12s %9.3f %9.3f   (failed: %s)\n" pgbench "$c" "${P_TPS[$c]}" "" \
    "$p50" "$p99" "${failed:-0}"
done

echo
echo "turns/s with durable commits: debrief (Converse over gRPC) vs raw SQL (pgbench, same statements)"
printf "%5s %12s %9s %9s %11s %11s %12s %9s %9s %7s\n" conc debrief_tps p50_ms p99_ms \
  srv_cpu_us cli_cpu_us pgbench_tps p50_ms p99_ms ratio
for c in $LEVELS; do
  d="${D_TPS[$c]:-0}"
  p="${P_TPS[$c]:-0}"
  ratio="$(awk -v d="$d" -v p="$p" 'BEGIN { if (p > 0) printf "%.3f", d / p; else print "n/a" }')"
  printf "%5d %12.1f %9.3f %9.3f %11s %11s %12.1f %9.3f %9.3f %7s\n" "$c" "$d" \
    "${D_P50[$c]:-0}" "${D_P99[$c]:-0}" "${D_CPU[$c]:-0}" "${C_CPU[$c]:-0}" "$p" \
    "${P_P50[$c]:-0}" "${P_P99[$c]:-0}" "$ratio"
done
echo "(ratio = debrief turns/s / pgbench turns/s; srv_cpu_us and cli_cpu_us: CPU time per turn"
echo " of debrief-server and of bench_turns, session set-up included)"
