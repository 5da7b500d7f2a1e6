#!/usr/bin/env bash
# check-style.sh - machines enforce style (docs/conventions.md rule 13).
#
# Fails when any tracked C file (*.c, *.h) differs from clang-format's output
# under .clang-format, or calls a banned function (docs/conventions.md rule 7): sprintf,
# strcpy, strcat, strtok, atoi, gets. Matches are whole words followed by
# "(", so snprintf, strtok_r and the like do not trip it; comments that name
# a banned function are fine too as long as they do not call it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CLANG_FORMAT="${CLANG_FORMAT:-clang-format}"
command -v "$CLANG_FORMAT" >/dev/null 2>&1 || {
  echo "check-style.sh: $CLANG_FORMAT not found; run scripts/deps.sh" >&2
  exit 1
}

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -d '' files < <(git ls-files -z -- '*.c' '*.h')
else
  # Not a git checkout (e.g. an unpacked tarball): every C file outside build and data dirs.
  mapfile -d '' files < <(find . \( -path './build*' -o -path './.data' -o -path './.git' \) \
    -prune -o -type f \( -name '*.c' -o -name '*.h' \) -print0 | sort -z)
fi
if [ "${#files[@]}" -eq 0 ]; then
  echo "check-style.sh: no C files tracked"
  exit 0
fi

status=0
if ! "$CLANG_FORMAT" --dry-run --Werror --style=file "${files[@]}"; then
  echo "check-style.sh: the files above are not clang-format clean; run:" >&2
  echo "  clang-format -i <file>" >&2
  status=1
fi

banned='\b(sprintf|strcpy|strcat|strtok|atoi|gets)[[:space:]]*\('
# Lines that are only comments are skipped; code lines are checked whole.
if hits="$(grep -nEH "$banned" -- "${files[@]}" | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)')"; then
  echo "$hits" >&2
  echo "check-style.sh: banned functions used (docs/conventions.md rule 7): use snprintf, explicit" \
    "lengths and checked parsing (dbf_parse_i64)" >&2
  status=1
fi

if [ "$status" -eq 0 ]; then
  echo "check-style.sh: ${#files[@]} C files are clang-format clean and use no banned functions"
fi
exit "$status"
