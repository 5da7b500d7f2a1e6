#!/usr/bin/env bash
# test.sh - builds debrief and runs every test (unit + integration) with ctest.
#
#   scripts/test.sh [--sanitize | --tsan | --model] [ctest args...]
#
# The tests labelled model (tests/model: a real llama.cpp server and model,
# minutes on two cores; docs/model.md) run only with --model, which runs
# them alone (ctest -L model); every other run leaves them out (-LE model).
# The suite is self-contained: ctest's pg_start fixture starts a throwaway
# PostgreSQL under <build>/pgtest and pg_stop stops it. --sanitize builds
# into build-asan/ with AddressSanitizer and UndefinedBehaviorSanitizer.
# --tsan builds into build-tsan/ with ThreadSanitizer and runs every test,
# the integration tests' debrief-server included, with tests/tsan.supp; a
# report makes the process exit 66, which fails its test.
# Extra arguments go to ctest (e.g. -R auth, -L unit). DEBRIEF_BUILD_DIR
# overrides the build directory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${DEBRIEF_BUILD_DIR:-$ROOT/build}"
opts=()
if [ "${1:-}" = "--sanitize" ]; then
  shift
  BUILD="${DEBRIEF_BUILD_DIR:-$ROOT/build-asan}"
  opts+=(-DDBF_SANITIZE=ON)
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
elif [ "${1:-}" = "--tsan" ]; then
  shift
  BUILD="${DEBRIEF_BUILD_DIR:-$ROOT/build-tsan}"
  opts+=(-DDBF_TSAN=ON)
  # Keep running after a report so one run shows every race, and exit 66 at
  # the end; the integration conftest also fails a test whose server log
  # holds a report. history_size=4 keeps older stacks for the "previous
  # access" side of a report. tests/tsan.supp says which uninstrumented
  # libraries' own allocator and memcpy calls are not checked, and why.
  export TSAN_OPTIONS="${TSAN_OPTIONS:-suppressions=$ROOT/tests/tsan.supp halt_on_error=0 exitcode=66 second_deadlock_stack=1 history_size=4}"
fi

labels=(-LE model)
if [ "${1:-}" = "--model" ]; then
  shift
  labels=(-L model)
fi

"$ROOT/scripts/deps.sh"

gen=(-G Ninja)
[ -f "$BUILD/CMakeCache.txt" ] && gen=() # keep whatever generator the tree was made with
cmake -S "$ROOT" -B "$BUILD" "${gen[@]}" "${opts[@]}" >/dev/null
cmake --build "$BUILD"
ctest --test-dir "$BUILD" --output-on-failure -j2 "${labels[@]}" "$@"
