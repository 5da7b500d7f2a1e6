#!/usr/bin/env bash
# run.sh - one command from a fresh Debian machine to a running server.
#
# Installs what is missing (scripts/deps.sh), builds into build/, starts a
# private PostgreSQL under .data/pg unless DEBRIEF_DATABASE_URL is set,
# creates a random token secret in .data/jwt-secret unless
# DEBRIEF_JWT_SECRET is set, and runs debrief-server in the foreground with
# the offline interviewer (DEBRIEF_LLM unset). Extra arguments go to the
# server (default: serve).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build"
cd "$ROOT"

"$ROOT/scripts/deps.sh"

gen=(-G Ninja)
[ -f "$BUILD/CMakeCache.txt" ] && gen=() # keep whatever generator the tree was made with
cmake -S "$ROOT" -B "$BUILD" "${gen[@]}" >/dev/null
cmake --build "$BUILD" --target debrief-server

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

MSG
exec "$BUILD/server/debrief-server" "$@"
