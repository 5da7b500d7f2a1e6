#!/usr/bin/env bash
# buf-lint.sh - runs `buf lint` (STANDARD) on proto/.
#
# google/api/annotations.proto and http.proto are not in the tree; they come
# from Debian's golang-github-gogo-googleapis-dev. buf needs them as a module
# of the workspace, so this builds one under .data/buf: buf.yaml, a link to
# proto/, and a "gapi" module holding only google/api, then lints proto there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUF="${BUF:-$ROOT/.data/tools/node_modules/.bin/buf}"
GAPI_SRC="${DEBRIEF_GOOGLEAPIS_DIR:-/usr/share/gocode/src/github.com/gogo/googleapis}"
WS="$ROOT/.data/buf"

[ -x "$BUF" ] || command -v "$BUF" >/dev/null 2>&1 || {
  echo "buf-lint.sh: buf not found at $BUF; run scripts/deps.sh" >&2
  exit 1
}
[ -f "$GAPI_SRC/google/api/annotations.proto" ] || {
  echo "buf-lint.sh: google/api protos not found in $GAPI_SRC;" \
    "install golang-github-gogo-googleapis-dev (scripts/deps.sh does)" >&2
  exit 1
}

rm -rf "$WS"
mkdir -p "$WS/gapi/google"
cp "$ROOT/buf.yaml" "$WS/buf.yaml"
ln -s "$ROOT/proto" "$WS/proto"
ln -s "$GAPI_SRC/google/api" "$WS/gapi/google/api"

cd "$WS"
"$BUF" lint proto
echo "buf lint: proto/ is clean (STANDARD)"
