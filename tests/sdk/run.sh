#!/usr/bin/env bash
# run.sh LANG - one SDK's live test suite, as ctest runs it (tests/sdk/sdk.cmake):
# generates LANG's code (scripts/gen-clients.sh), installs the SDK and its
# test runner with the ecosystem's package manager (cached under .data/sdk,
# offline once installed), then runs the suite under tests/sdk/harness.py,
# which starts the server and the cuttable proxy.
#
#   python      pip install of clients/python into .data/sdk/python; pytest
#   go          go test in clients/go (modules cached in Go's module cache)
#   typescript  npm ci + tsc in clients/typescript; node --test
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SDK="$ROOT/.data/sdk"
HARNESS_PY="${DEBRIEF_HARNESS_PYTHON:-$ROOT/.data/venv/bin/python3}"
lang="${1:?usage: run.sh python|go|typescript}"

"$ROOT/scripts/gen-clients.sh" "$lang"

LOG="$SDK/install-$lang.log"
: >"$LOG"
# shellcheck source=scripts/sdk-lib.sh
. "$ROOT/scripts/sdk-lib.sh"

case "$lang" in
  python)
    venv="$SDK/python"
    deps="pytest==8.4.2 pytest-asyncio==1.2.0 googleapis-common-protos==1.76.0 setuptools==80.9.0"
    if ! stamped python-test "$deps"; then
      echo "run.sh: installing $deps in .data/sdk/python"
      # shellcheck disable=SC2086
      quiet "$venv/bin/pip" install -q --disable-pip-version-check $deps
      stamp python-test "$deps"
    fi
    # The SDK as a user gets it: built from pyproject.toml, generated code included.
    quiet "$venv/bin/pip" install -q --disable-pip-version-check --no-deps \
      --no-build-isolation --force-reinstall "$ROOT/clients/python"
    cd "$ROOT/clients/python"
    runner=("$venv/bin/python3" -m pytest -q -p no:cacheprovider tests)
    ;;
  go)
    command -v go >/dev/null 2>&1 || PATH="/usr/local/go/bin:$PATH"
    cd "$ROOT/clients/go"
    quiet go mod download
    quiet go vet ./...
    runner=(go test -count=1 -race -v ./...)
    ;;
  typescript)
    cd "$ROOT/clients/typescript"
    quiet npm run --silent build
    runner=(node --experimental-websocket --test --test-reporter=spec dist/test/)
    ;;
  *)
    echo "run.sh: unknown language '$lang'" >&2
    exit 2
    ;;
esac

exec "$HARNESS_PY" "$ROOT/tests/sdk/harness.py" --name "$lang" -- "${runner[@]}"
