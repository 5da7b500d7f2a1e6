#!/usr/bin/env bash
# test.sh - builds debrief and runs every test (unit + integration) with ctest.
#
#   scripts/test.sh [--sanitize] [ctest args...]
#
# The suite is self-contained: ctest's pg_start fixture starts a throwaway
# PostgreSQL under <build>/pgtest and pg_stop stops it. --sanitize builds
# into build-asan/ with AddressSanitizer and UndefinedBehaviorSanitizer.
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
fi

"$ROOT/scripts/deps.sh"

gen=(-G Ninja)
[ -f "$BUILD/CMakeCache.txt" ] && gen=() # keep whatever generator the tree was made with
cmake -S "$ROOT" -B "$BUILD" "${gen[@]}" "${opts[@]}" >/dev/null
cmake --build "$BUILD"
ctest --test-dir "$BUILD" --output-on-failure -j2 "$@"
