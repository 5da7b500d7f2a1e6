#!/usr/bin/env bash
# run.sh - one command from a fresh Debian machine to a running server.
#
# Installs what is missing (scripts/deps.sh), builds into build/, starts a
# private PostgreSQL under .data/pg unless DEBRIEF_DATABASE_URL is set,
# creates a random token secret in .data/jwt-secret unless
# DEBRIEF_JWT_SECRET is set, and runs debrief-server in the foreground with
# the offline interviewer (DEBRIEF_LLM unset), with the HTTP/JSON +
# WebSocket gateway (debrief-gateway, docs/gateway.md) beside it on
# DEBRIEF_HTTP_ADDR (default 127.0.0.1:8080). Extra arguments go to the
# server (default: serve); the gateway starts only to serve.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build"
cd "$ROOT"

"$ROOT/scripts/deps.sh"

gen=(-G Ninja)
[ -f "$BUILD/CMakeCache.txt" ] && gen=() # keep whatever generator the tree was made with
cmake -S "$ROOT" -B "$BUILD" "${gen[@]}" >/dev/null
cmake --build "$BUILD" --target debrief-server debrief-gateway

if [ -z "${DEBRIEF_DATABASE_URL:-}" ]; then
  DEBRIEF_DATABASE_URL="$("$ROOT/scripts/pg.sh" url)"
  export DEBRIEF_DATABASE_URL
  echo "run.sh: using the private PostgreSQL at $DEBRIEF_DATABASE_URL" >&2
  echo "run.sh: stop it later with scripts/pg.sh stop" >&2
fi

if [ -z "${DEBRIEF_JWT_SECRET:-}" ] && [ "${DEBRIEF_JWT_ALG:-HS256}" = HS256 ]; then
  secret_file="$ROOT/.data/jwt-secret"
  if [ ! -s "$secret_file" ]; then
    (umask 077 && openssl rand -hex 32 >"$secret_file")
    echo "run.sh: created a random token secret in .data/jwt-secret" >&2
  fi
  chmod 600 "$secret_file"
  DEBRIEF_JWT_SECRET="$(cat "$secret_file")"
  export DEBRIEF_JWT_SECRET
fi

cat >&2 <<'MSG'

run.sh: mint a token in another terminal (from the repository root):
  export DEBRIEF_JWT_SECRET=$(cat .data/jwt-secret)
  TOKEN=$(build/server/debrief-server token --user alice --role member --team sales)
and send it as 'authorization: Bearer $TOKEN'. Roles: member, manager, admin.
The REST API and the Converse WebSocket are on DEBRIEF_HTTP_ADDR
(default 127.0.0.1:8080): try curl http://127.0.0.1:8080/openapi.json
The web app is at http://127.0.0.1:8080/ (with DEBRIEF_DEV_MODE=1 its
sign-in lets you pick a user and role, no token needed).

MSG
if [ "$#" -gt 0 ] && [ "$1" != serve ]; then
  exec "$BUILD/server/debrief-server" "$@"
fi

# The gateway is a gRPC client of the server: it follows DEBRIEF_GRPC_ADDR
# unless DEBRIEF_GATEWAY_UPSTREAM says otherwise. Both stop together.
"$BUILD/gateway/debrief-gateway" &
gw_pid=$!
"$BUILD/server/debrief-server" "$@" &
srv_pid=$!
trap 'kill -TERM "$srv_pid" "$gw_pid" 2>/dev/null || true' INT TERM
status=0
wait "$srv_pid" || status=$?
# A signal ends the first wait early; let the server finish its shutdown.
while kill -0 "$srv_pid" 2>/dev/null; do wait "$srv_pid" || status=$?; done
kill -TERM "$gw_pid" 2>/dev/null || true
wait "$gw_pid" || true
exit "$status"
