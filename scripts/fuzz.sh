#!/usr/bin/env bash
# fuzz.sh - a bounded real fuzzing run of every libFuzzer target in fuzz/.
#
#   scripts/fuzz.sh [seconds-per-target]     (default 45)
#
# Builds the targets with clang into build-fuzz/ (DEBRIEF_FUZZ_BUILD_DIR
# overrides it), with the libraries instrumented for coverage as well as
# the targets, and runs each for the given time on a scratch copy of its
# seed corpus under the build dir, so new inputs never land in the repo.
# Any crash, sanitizer report, leak, timeout or out-of-memory fails the
# run; the input that did it is kept in build-fuzz/artifacts/. Installs
# clang (apt-get) when it is missing. The default keeps a CI run (build
# plus 7 targets) near eight minutes on two cores.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${DEBRIEF_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"
SECS="${1:-45}"
case "$SECS" in
  '' | *[!0-9]*)
    echo "usage: scripts/fuzz.sh [seconds-per-target]" >&2
    exit 2
    ;;
esac

"$ROOT/scripts/deps.sh"
if ! command -v clang >/dev/null 2>&1; then
  echo "fuzz.sh: installing clang"
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq clang >/dev/null
fi

# fuzzer-no-link instruments the libraries for coverage without linking
# libFuzzer's main into them; fuzz/CMakeLists.txt links it into each target.
gen=(-G Ninja)
[ -f "$BUILD/CMakeCache.txt" ] && gen=() # keep whatever generator the tree was made with
cmake -S "$ROOT" -B "$BUILD" "${gen[@]}" -DCMAKE_C_COMPILER=clang -DDBF_FUZZ=ON \
  -DDBF_BUILD_TESTS=OFF -DDBF_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
  >/dev/null

names=()
for src in "$ROOT"/fuzz/fuzz_*.c; do
  name="$(basename "$src" .c)"
  names+=("${name#fuzz_}")
done
targets=()
for n in "${names[@]}"; do targets+=("fuzz_$n"); done
cmake --build "$BUILD" --target "${targets[@]}"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
mkdir -p "$BUILD/artifacts" "$BUILD/logs"
failed=()
summary=()
for n in "${names[@]}"; do
  work="$BUILD/corpus/$n"
  rm -rf "$work"
  mkdir -p "$work"
  if [ -d "$ROOT/fuzz/corpus/$n" ]; then
    cp -R "$ROOT/fuzz/corpus/$n/." "$work/"
  fi
  log="$BUILD/logs/$n.log"
  printf 'fuzz_%s: %ss ... ' "$n" "$SECS"
  start=$SECONDS
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: the default,
  # stated. -print_final_stats gives the exec count reported below.
  if "$BUILD/fuzz/fuzz_$n" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$n-" "$work" >"$log" 2>&1; then
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
    printf 'ok, %s execs in %ss\n' "${execs:-?}" "$((SECONDS - start))"
    summary+=("fuzz_$n ${execs:-?} execs $((SECONDS - start))s")
  else
    echo "FAILED"
    tail -n 60 "$log"
    failed+=("fuzz_$n")
  fi
done

printf '\n'
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz.sh: failed: ${failed[*]} (inputs in $BUILD/artifacts, logs in $BUILD/logs)" >&2
  exit 1
fi
echo "fuzz.sh: ${#names[@]} targets ran ${SECS}s each without a finding"
