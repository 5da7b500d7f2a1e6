#!/usr/bin/env bash
# deps.sh - installs what debrief needs to build, run and test, and only
# what is missing, so running it again is quick and changes nothing.
#
#   1. Debian packages (apt-get; sudo when not root), checked with dpkg first.
#   2. A Python venv at .data/venv with grpcio, grpcio-tools,
#      grpcio-health-checking, grpcio-reflection, protobuf,
#      googleapis-common-protos and pytest (the integration tests' client),
#      httpx, websockets and openapi-spec-validator (the gateway's tests),
#      and prometheus-client (its parser checks the /metrics text).
#   3. The buf CLI under .data/tools (npm), for scripts/buf-lint.sh.
#   4. playwright-core and axe-core in tests/browser/node_modules (npm ci
#      from the committed lock file), for the browser tests; they drive
#      Debian's chromium, so no browser is downloaded.
#
# Output is quiet; a failing step prints its log.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$ROOT/.data"
export DEBIAN_FRONTEND=noninteractive

PKGS=(build-essential cmake ninja-build pkg-config libgrpc-dev protobuf-compiler
  protobuf-c-compiler libprotobuf-c-dev nanopb libnanopb-dev libpq-dev libcurl4-openssl-dev libjansson-dev
  libcmocka-dev libwebsockets-dev libjwt-dev libssl-dev postgresql postgresql-contrib grpc-proto
  golang-github-gogo-googleapis-dev clang-format python3-venv openssl haproxy chromium)
# node and npm may come from elsewhere (nodesource ships npm inside nodejs).
command -v node >/dev/null 2>&1 || PKGS+=(nodejs)
command -v npm >/dev/null 2>&1 || PKGS+=(npm)

mkdir -p "$DATA"
LOG="$DATA/deps.log"
: >"$LOG"

# Runs "$@" with output to the log; on failure shows the log's tail and exits.
quiet() {
  if ! "$@" >>"$LOG" 2>&1; then
    echo "deps.sh: failed: $*" >&2
    tail -n 40 "$LOG" >&2
    exit 1
  fi
}

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "deps.sh: not root and sudo is missing; install the packages as root" >&2
    exit 1
  }
  SUDO=(sudo -n DEBIAN_FRONTEND=noninteractive)
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "deps.sh: installing ${missing[*]}"
  quiet "${SUDO[@]}" apt-get update -q
  quiet "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

VENV="$DATA/venv"
PY_PKGS=(grpcio grpcio-tools grpcio-health-checking grpcio-reflection protobuf
  googleapis-common-protos pytest httpx websockets openapi-spec-validator prometheus-client)
PY_MODS="import grpc, grpc_tools, grpc_health.v1, grpc_reflection.v1alpha, google.protobuf, google.api, pytest, httpx, websockets, openapi_spec_validator, prometheus_client"
if ! "$VENV/bin/python3" -c "$PY_MODS" >/dev/null 2>&1; then
  echo "deps.sh: installing Python packages in .data/venv"
  [ -x "$VENV/bin/python3" ] || quiet python3 -m venv "$VENV"
  quiet "$VENV/bin/python3" -m pip install -q --disable-pip-version-check "${PY_PKGS[@]}"
fi

BUF="$DATA/tools/node_modules/.bin/buf"
if ! "$BUF" --version >/dev/null 2>&1; then
  echo "deps.sh: installing the buf CLI in .data/tools"
  mkdir -p "$DATA/tools"
  quiet npm install --prefix "$DATA/tools" --no-audit --no-fund --loglevel=error @bufbuild/buf
fi

# The browser tests' packages, reinstalled when the lock file changes.
BROWSER="$ROOT/tests/browser"
if ! cmp -s "$BROWSER/package-lock.json" "$BROWSER/node_modules/.package-lock.json.stamp"; then
  echo "deps.sh: installing the browser tests' packages in tests/browser/node_modules"
  quiet npm ci --prefix "$BROWSER" --no-audit --no-fund --loglevel=error
  cp "$BROWSER/package-lock.json" "$BROWSER/node_modules/.package-lock.json.stamp"
fi

# The JVM clients' Maven repository (.data/m2), so their tests run offline.
"$ROOT/scripts/jvm-deps.sh"
