# sdk-lib.sh - what scripts/gen-clients.sh and tests/sdk/run.sh share; source
# it after setting SDK (the .data/sdk directory) and LOG (a log file).
#
#   quiet CMD...          runs CMD with its output in $LOG; on failure shows
#                         the log's tail and exits
#   stamped NAME VALUE    true when $SDK/NAME.stamp holds VALUE (installed)
#   stamp NAME VALUE      records VALUE in $SDK/NAME.stamp
quiet() {
  if ! "$@" >>"$LOG" 2>&1; then
    echo "${0##*/}: failed: $*" >&2
    tail -n 40 "$LOG" >&2
    exit 1
  fi
}
stamped() { [ -f "$SDK/$1.stamp" ] && [ "$(cat "$SDK/$1.stamp")" = "$2" ]; }
stamp() { printf '%s' "$2" >"$SDK/$1.stamp"; }
