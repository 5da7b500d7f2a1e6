#!/usr/bin/env bash
# pg_fixture.sh - the ctest PostgreSQL fixture (tests pg_start / pg_stop).
#
#   pg_fixture.sh start DIR [PORT]   a fresh, throwaway cluster in DIR; URL written to DIR/url
#   pg_fixture.sh stop  DIR          stop it (data stays for post-mortems)
#
# Every start wipes the previous cluster so each test run begins from an
# empty database. PORT (or DEBRIEF_PG_PORT) is chosen by fixture.cmake from
# the build directory, so the URL is known when ctest is configured.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PG="$HERE/../../scripts/pg.sh"
cmd="${1:-}"
dir="${2:-}"
[ -n "$dir" ] || { echo "usage: pg_fixture.sh start|stop DIR [PORT]" >&2; exit 2; }

case "$cmd" in
  start)
    [ -n "${3:-}" ] && export DEBRIEF_PG_PORT="$3"
    mkdir -p "$dir"
    # A cluster left running by an interrupted run is stopped and replaced.
    "$PG" stop "$dir" || true
    rm -rf "$dir/data" "$dir/port" "$dir/url"
    export DEBRIEF_PG_FAST=1
    url="$("$PG" url "$dir")"
    echo "$url" >"$dir/url"
    echo "test database: $url"
    ;;
  stop)
    "$PG" stop "$dir"
    ;;
  *)
    echo "usage: pg_fixture.sh start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
