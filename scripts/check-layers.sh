#!/usr/bin/env bash
# check-layers.sh - the layer rules of server/ (docs/architecture.md,
# "Layers"), checked on the source text.
#
# Three rules, each with an allowlist of today's known exceptions below:
#
#  1. An `#include "<layer>/..."` in server/ only points at the file's own
#     layer or one below it. The graph is the one the CMake link lines build
#     (server/CMakeLists.txt and server/<layer>/CMakeLists.txt):
#
#       core                                    (nothing)
#       engine, auth, transport, llm            core
#       store                                   core, engine
#       interview                               core, engine, llm
#       delivery                                core, engine, store
#       service                                 every layer above
#       main (server/main.c)                    every layer
#
#     A private header (<layer>/<name>_int.h) is included only from its own
#     layer. A quoted include must name its layer ("store/store.h", not
#     "store.h" or "../store/store.h"), so no include slips past rule 1.
#     Generated and third-party headers ("debrief/...", "google/...",
#     "grpc/...") are not layers and are not checked.
#
#  2. SQL and libpq stay in server/store/: outside it, no file may mention
#     PGresult, PGconn, PQexec*, libpq-fe.h or dbf_tx_exec (the store's raw
#     statement hook). Lines that are only comments are skipped.
#
#  3. Every allowlist entry must still be needed, so the list only shrinks:
#     an entry whose file no longer breaks the rule is reported. Delete the
#     entry in the change that fixes the file. While the moves out of the
#     allowlist are under way that report is a warning; --strict makes it a
#     failure.
#
#   scripts/check-layers.sh [--strict]    exit 1 on any violation
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
strict=0
case "${1:-}" in
  --strict) strict=1 ;;
  "") ;;
  *)
    echo "usage: scripts/check-layers.sh [--strict]" >&2
    exit 2
    ;;
esac

# Which layers each layer may include (its own layer is always allowed).
declare -A ALLOWED=(
  [core]=""
  [engine]="core"
  [auth]="core"
  [transport]="core"
  [store]="core engine"
  [llm]="core"
  [interview]="core engine llm"
  [delivery]="core engine store"
  [service]="core engine auth transport store llm interview delivery"
  [main]="core engine auth transport store llm interview delivery service"
)
LAYERS="core engine auth transport store llm interview delivery service"

# Known layer crossings, one "<file> <included layer>" per line, each with
# the reason and the plan. None today: every include follows the graph.
LAYER_ALLOW="$(
  cat <<'EOF'
EOF
)"

# Known SQL outside server/store/, one file per line with the reason and the
# plan. None: server/store/ owns every statement and connection.
SQL_ALLOW="$(
  cat <<'EOF'
EOF
)"

# The HTTP gateway (gateway/, beside server/) is a gRPC client of the server:
# it may include core/ and its own headers, and no layer of server/ may
# include gateway/ (no other layer lists it).
ALLOWED[gateway]="core"
LAYERS="$LAYERS gateway"

# clients/ (clients/README.md) holds programs outside the server that talk
# to it. The C client library (clients/c/dbc/, included as "dbc/...") may
# include core/ only: the allocator hook and the error idiom it shares with
# the server, never a server layer, so it stays a client of the public API.
# The debrief CLI (clients/cli/) may include core/, dbc/ and the gateway's
# proto3 JSON codec and dev-token minting (gateway/json.h, devtoken.h), so
# those have one owner.
# The nanopb client (clients/nanopb/, "nanopb/...") includes only itself,
# its generated headers and nanopb's own: it runs on a device without the
# rest of the tree. No server layer and not the gateway may include them.
ALLOWED[dbc]="core"
ALLOWED[cli]="core dbc gateway"
ALLOWED[nanopb]=""
LAYERS="$LAYERS dbc cli nanopb"

strip_comments() { sed -E 's/[[:space:]]*#.*$//; /^[[:space:]]*$/d'; }

layer_of() {
  local f="$1"
  case "$f" in
    server/main.c) echo main ;;
    gateway/*) echo gateway ;;
    clients/c/*) echo dbc ;;
    clients/cli/*) echo cli ;;
    clients/nanopb/*) echo nanopb ;;
    server/*/*)
      local d="${f#server/}"
      echo "${d%%/*}"
      ;;
    *) echo "" ;;
  esac
}

mapfile -t files < <(find server gateway clients -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort)
status=0
used_layer=""
used_sql=""

fail() {
  echo "check-layers.sh: $*" >&2
  status=1
}
stale() {
  if [ "$strict" -eq 1 ]; then
    fail "$*"
  else
    echo "check-layers.sh: warning: $*" >&2
  fi
}

# ---- rules 1 and 2 ----
for f in "${files[@]}"; do
  from="$(layer_of "$f")"
  [ -n "$from" ] || continue
  [ -n "${ALLOWED[$from]+x}" ] || {
    fail "$f: server/$from/ is not a known layer; add it to ALLOWED in this script and to docs/architecture.md"
    continue
  }
  while IFS=: read -r line inc; do
    case "$inc" in
      debrief/* | google/* | grpc/*) continue ;;
    esac
    to="${inc%%/*}"
    if [ "$to" = "$inc" ] || [[ "$inc" == *..* ]] || ! [[ " $LAYERS " == *" $to "* ]]; then
      fail "$f:$line: #include \"$inc\" does not name its layer (write \"<layer>/<file>.h\")"
      continue
    fi
    if [[ "$inc" == *_int.h ]] && [ "$to" != "$from" ]; then
      fail "$f:$line: #include \"$inc\" is private to its layer $to/"
      continue
    fi
    [ "$to" = "$from" ] && continue
    [[ " ${ALLOWED[$from]} " == *" $to "* ]] && continue
    if grep -qxF "$f $to" <<<"$(strip_comments <<<"$LAYER_ALLOW" | tr -s ' ')"; then
      used_layer+="$f $to"$'\n'
      continue
    fi
    fail "$f:$line: $from may not include $to (\"$inc\"); $from may include: ${ALLOWED[$from]:-nothing outside core/}"
  done < <(sed -nE 's/^[[:space:]]*#[[:space:]]*include[[:space:]]+"([^"]+)".*/\1/p;' "$f" |
    paste -d: <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]+"' "$f" | cut -d: -f1) -)

  case "$f" in server/store/*) continue ;; esac
  if hits="$(grep -nE 'PGresult|PGconn|PQexec|libpq-fe\.h|dbf_tx_exec' "$f" |
    grep -vE '^[0-9]+:[[:space:]]*(/?\*|//)')"; then
    if strip_comments <<<"$SQL_ALLOW" | grep -qxF "$f"; then
      used_sql+="$f"$'\n'
    else
      while IFS= read -r h; do
        fail "$f:${h%%:*}: SQL or libpq outside server/store/: ${h#*:}"
      done <<<"$hits"
    fi
  fi
done

# ---- rule 3: no stale allowlist entries ----
while read -r f to; do
  [ -n "$f" ] || continue
  grep -qxF "$f $to" <<<"$used_layer" ||
    stale "LAYER_ALLOW entry '$f $to' is no longer needed; delete it from scripts/check-layers.sh"
done < <(strip_comments <<<"$LAYER_ALLOW")
while read -r f; do
  [ -n "$f" ] || continue
  grep -qxF "$f" <<<"$used_sql" ||
    stale "SQL_ALLOW entry '$f' is no longer needed; delete it from scripts/check-layers.sh"
done < <(strip_comments <<<"$SQL_ALLOW")

if [ "$status" -eq 0 ]; then
  n_sql="$(strip_comments <<<"$SQL_ALLOW" | grep -c . || true)"
  n_layer="$(strip_comments <<<"$LAYER_ALLOW" | grep -c . || true)"
  echo "check-layers.sh: ${#files[@]} files in server/, gateway/ and clients/ follow the layer graph" \
    "($n_layer allowlisted crossings, $n_sql allowlisted files with SQL outside server/store/)"
fi
exit "$status"
