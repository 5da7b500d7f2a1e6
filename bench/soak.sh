#!/usr/bin/env bash
# soak.sh - many Converse turns against one server, watching for leaks.
#
# Builds what is missing, starts a private PostgreSQL under .data/bench/pg-soak
# with a fresh database and debrief-server on a free loopback port (the
# set-up of the other runners, bench/lib.sh), then drives N turns (default
# 100000) with `bench_turns --soak-turns`: CONCURRENCY streams (default 64),
# each creating a sales_debrief session, answering it to completion and
# starting the next. Every CHECKPOINT turns (default 10000) it prints the
# server's resident memory (VmRSS), open descriptors (/proc/PID/fd), threads,
# and that window's turn latency p50/p99; at the end, the drift from the
# first checkpoint (the warm-up baseline) to the last: RSS in %, descriptors
# in count. Goal: RSS drift at most 5 %, descriptors flat. A benchmark, not a
# test: the exit status is non-zero only when it could not measure, and it
# stops everything it started (trap on exit).
#
#   bench/soak.sh [N]
#
# Environment: BUILD_DIR (default build), CONCURRENCY (default 64),
# CHECKPOINT (default 10000), MAX_S (time limit of the turns, default 3600),
# DEBRIEF_BENCH_PG_PORT (default 55443; names the private cluster's Unix
# socket), DEBRIEF_LOG_LEVEL (the server's, default info as in production)
# and any server setting such as DEBRIEF_WORKER_THREADS.
set -euo pipefail

NAME=soak.sh
PGDIR_NAME=pg-soak
PG_PORT="${DEBRIEF_BENCH_PG_PORT:-55443}"
N="${1:-100000}"
CONCURRENCY="${CONCURRENCY:-64}"
CHECKPOINT="${CHECKPOINT:-10000}"
MAX_S="${MAX_S:-3600}"
DB=debrief_soak
OWNER=soak-debrief

num_in() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }
num_in "$N" 1 10000000 || { echo "soak.sh: N must be 1..10000000" >&2; exit 2; }
num_in "$CONCURRENCY" 1 256 || { echo "soak.sh: CONCURRENCY must be 1..256" >&2; exit 2; }
num_in "$CHECKPOINT" 100 1000000 || { echo "soak.sh: CHECKPOINT must be 100..1000000" >&2; exit 2; }
num_in "$MAX_S" 10 14400 || { echo "soak.sh: MAX_S must be 10..14400" >&2; exit 2; }

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bench_build debrief-server bench_turns
bench_pg "$DB"
bench_server "$OWNER-0"
# One user per STREAMS_PER_USER streams keeps every user well under the
# server's per-user stream limit; bench_turns hands the tokens out in turn.
STREAMS_PER_USER=4
TOKEN_ARGS=(--token "$TOKEN")
for ((u = 1; u < (CONCURRENCY + STREAMS_PER_USER - 1) / STREAMS_PER_USER; u++)); do
  TOKEN_ARGS+=(--token "$(DEBRIEF_JWT_SECRET="$SECRET" "$BUILD/server/debrief-server" token \
    --user "$OWNER-$u" --role member --team sales --ttl 14400 2>/dev/null)")
done

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status"; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$SERVER_PID/status"; }
fds() { find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 | wc -l; }
field() { # line key -> value of key=value
  echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'
}

echo "# debrief soak: $N turns, $CONCURRENCY streams ($((${#TOKEN_ARGS[@]} / 2)) users)," \
  "checkpoint every $CHECKPOINT turns;" \
  "$(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# server at start: RSS $(rss_kb) kB, $(fds) fds, $(threads) threads"
printf "%9s %9s %8s %11s %5s %8s %9s %9s %7s %9s\n" turns elapsed_s turns/s rss_kb fds threads \
  p50_ms p99_ms errors sessions

rows=()
done_line=""
# Each checkpoint line comes from bench_turns as soon as the window closes;
# the server is sampled right then, while the streams keep going.
while IFS= read -r line; do
  case "$line" in
    checkpoint*)
      r="$(rss_kb)"
      f="$(fds)"
      printf "%9s %9s %8s %11s %5s %8s %9s %9s %7s %9s\n" "$(field "$line" turns)" \
        "$(field "$line" elapsed_s)" "$(field "$line" turns_per_s)" "$r" "$f" "$(threads)" \
        "$(field "$line" p50_ms)" "$(field "$line" p99_ms)" "$(field "$line" errors)" \
        "$(field "$line" sessions)"
      rows+=("$r $f $(field "$line" window)")
      ;;
    done*) done_line="$line" ;;
    *) echo "$line" ;;
  esac
done < <("$BUILD/bench/bench_turns" --target "$TARGET" "${TOKEN_ARGS[@]}" --soak-turns "$N" \
  --concurrency "$CONCURRENCY" --checkpoint-every "$CHECKPOINT" --max-duration-s "$MAX_S" ||
  true)

echo "# ${done_line:-bench_turns printed no summary}"
kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 20 "$RUN/server.log" >&2; say "the server died"; exit 1; }
[ "${#rows[@]}" -ge 1 ] || { say "no checkpoint was reached"; exit 1; }

# Drift: the first full checkpoint is the baseline (warm-up: pools, caches and
# gRPC arenas have grown by then); the last one is compared with it. A final
# partial window still counts for memory and descriptors.
read -r rss0 fd0 _ <<<"${rows[0]}"
read -r rss1 fd1 _ <<<"${rows[${#rows[@]} - 1]}"
rss_max="$(printf '%s\n' "${rows[@]}" | awk '{ if ($1 > m) m = $1 } END { print m }')"
fd_min="$(printf '%s\n' "${rows[@]}" | awk 'NR == 1 || $2 < m { m = $2 } END { print m }')"
fd_max="$(printf '%s\n' "${rows[@]}" | awk '$2 > m { m = $2 } END { print m }')"
drift="$(awk -v a="$rss0" -v b="$rss1" 'BEGIN { printf "%+.1f", (b - a) * 100 / a }')"
peak="$(awk -v a="$rss0" -v b="$rss_max" 'BEGIN { printf "%+.1f", (b - a) * 100 / a }')"
verdict="$(awk -v d="$drift" 'BEGIN { print (d <= 5 ? "within" : "above") }')"
echo
echo "RSS drift after warm-up: $drift % ($rss0 -> $rss1 kB; peak $rss_max kB, $peak %)," \
  "$verdict the 5 % goal"
echo "fd drift: $((fd1 - fd0)) ($fd0 -> $fd1; range $fd_min..$fd_max over ${#rows[@]} checkpoints)"
echo "server log: $(grep -c '"level":"warn"' "$RUN/server.log" || true) warn," \
  "$(grep -c '"level":"error"' "$RUN/server.log" || true) error lines"
