#!/usr/bin/env bash
# build.sh OUT - builds the two peer servers into OUT (under .data/, never
# committed) when they are missing or older than their sources:
#   OUT/venv           a Python venv with grpcio, grpcio-tools, asyncpg (pip)
#   OUT/python-gen     Python stubs of proto/ (grpcio-tools)
#   OUT/bin            protoc-gen-go v1.36.x and protoc-gen-go-grpc v1.6.x
#   OUT/go-gen         Go stubs of proto/, a module named debrief/gen/go that
#                      OUT/go.work joins to bench/peers/go
#   OUT/peer-go        the Go peer's binary
# Needs python3, protoc, go (GO, default: go on PATH, else /usr/local/go/bin/go)
# and Debian's googleapis protos (GOOGLEAPIS, default the golang-gogo package's
# path). Run by bench/run_peers.sh; safe to run again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$1"
mkdir -p "$OUT"
GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
GOOGLEAPIS="${GOOGLEAPIS:-/usr/share/gocode/src/github.com/gogo/googleapis}"
PROTOS=(debrief/v1/types.proto debrief/v1/session_service.proto
  debrief/v1/conversation_service.proto)
say() { echo "peers/build.sh: $*" >&2; }

newer() { # target sources... -> true when target is missing or older than a source
  local t="$1"
  shift
  [ -e "$t" ] || return 0
  for s in "$@"; do [ "$s" -nt "$t" ] && return 0; done
  return 1
}

# ---- Python ----
if [ ! -x "$OUT/venv/bin/python" ]; then
  say "making the Python venv (pip: grpcio grpcio-tools asyncpg googleapis-common-protos)"
  python3 -m venv "$OUT/venv"
  "$OUT/venv/bin/pip" install -q grpcio grpcio-tools asyncpg googleapis-common-protos
fi
if newer "$OUT/python-gen/.stamp" "${PROTOS[@]/#/$ROOT/proto/}"; then
  rm -rf "$OUT/python-gen"
  mkdir -p "$OUT/python-gen"
  wkt="$("$OUT/venv/bin/python" -c 'import grpc_tools, os; print(os.path.join(os.path.dirname(grpc_tools.__file__), "_proto"))')"
  "$OUT/venv/bin/python" -m grpc_tools.protoc -I"$ROOT/proto" -I"$GOOGLEAPIS" -I"$wkt" \
    --python_out="$OUT/python-gen" --grpc_python_out="$OUT/python-gen" "${PROTOS[@]}"
  touch "$OUT/python-gen/.stamp"
fi

# ---- Go ----
export GOPATH="${GOPATH:-$OUT/gopath}" GOFLAGS="${GOFLAGS:--modcacherw}"
if [ ! -x "$OUT/bin/protoc-gen-go" ] || [ ! -x "$OUT/bin/protoc-gen-go-grpc" ]; then
  say "installing protoc-gen-go and protoc-gen-go-grpc (go install)"
  GOBIN="$OUT/bin" "$GO" install google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.6
  GOBIN="$OUT/bin" "$GO" install google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.0
fi
if newer "$OUT/go-gen/.stamp" "${PROTOS[@]/#/$ROOT/proto/}"; then
  rm -rf "$OUT/go-gen"
  mkdir -p "$OUT/go-gen"
  # Debian's googleapis protos declare go_package "api": map them to genproto's.
  m="Mgoogle/api/annotations.proto=google.golang.org/genproto/googleapis/api/annotations"
  m="$m,Mgoogle/api/http.proto=google.golang.org/genproto/googleapis/api/annotations"
  PATH="$OUT/bin:$PATH" protoc -I"$ROOT/proto" -I"$GOOGLEAPIS" \
    --go_out="$OUT/go-gen" --go_opt="module=debrief/gen/go,$m" \
    --go-grpc_out="$OUT/go-gen" --go-grpc_opt="module=debrief/gen/go,$m" "${PROTOS[@]}"
  printf 'module debrief/gen/go\n\n%s\n' "$(grep -m1 '^go ' "$ROOT/bench/peers/go/go.mod")" >"$OUT/go-gen/go.mod"
  touch "$OUT/go-gen/.stamp"
fi
PEER_GO="$ROOT/bench/peers/go"
# A workspace joins the peer's module and the generated one, so neither
# go.mod names a path on this machine.
printf '%s\n\nuse (\n\t%s\n\t%s\n)\n' "$(grep -m1 '^go ' "$PEER_GO/go.mod")" "$PEER_GO" "$OUT/go-gen" >"$OUT/go.work"
if newer "$OUT/peer-go" "$PEER_GO/main.go" "$PEER_GO/go.mod" "$PEER_GO/go.sum" "$OUT/go-gen/.stamp"; then
  say "building the Go peer"
  (cd "$PEER_GO" && GOWORK="$OUT/go.work" "$GO" build -o "$OUT/peer-go" .)
fi
