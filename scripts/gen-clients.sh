#!/usr/bin/env bash
# gen-clients.sh - installs the client code generators and runs `buf generate`
# (buf.gen.yaml) for the SDKs in clients/.
#
#   scripts/gen-clients.sh [lang...]     # python go typescript; none = all of them
#
# Offline after the first run: each generator is installed once, pinned,
# under .data/sdk/ by its own package manager (pip, go install, npm ci), and
# reinstalled only when its pin changes. buf itself comes from scripts/deps.sh.
# Only the plugins whose `out` is under clients/<lang>/ run, so one SDK's
# build does not need the others' toolchains.
#
# A new language: its plugins in buf.gen.yaml (a section of their own, `out`
# under clients/<lang>/), install_<lang> (installs the generators, puts them
# on PATH) and after_<lang> (touches up the output, or nothing) below, and
# its name in ALL. clients/<lang>/gen/ is cleared before each generation.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SDK="$ROOT/.data/sdk"
BUF="${BUF:-$ROOT/.data/tools/node_modules/.bin/buf}"
GAPI_SRC="${DEBRIEF_GOOGLEAPIS_DIR:-/usr/share/gocode/src/github.com/gogo/googleapis}"
# One workspace and log per set of languages: ctest runs SDK suites in parallel.
TAG="$(IFS=-; echo "${*:-all}")"
LOG="$SDK/gen-$TAG.log"

# Pins. Python: the generator's protoc decides the protobuf runtime the
# generated code needs (clients/python/pyproject.toml). Go: the versions the
# issue names. TypeScript: clients/typescript/package-lock.json (protoc-gen-es
# 2.13 is the last line that runs on Node 20).
PY_GEN=(grpcio-tools==1.85.1 mypy-protobuf==5.1.0)
GO_GEN=(google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12
  google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2)

mkdir -p "$SDK"
: >"$LOG"
# shellcheck source=scripts/sdk-lib.sh
. "$ROOT/scripts/sdk-lib.sh"

# ---- Python ----
install_python() {
  local venv="$SDK/python"
  if ! stamped python "${PY_GEN[*]}" || ! [ -x "$venv/bin/protoc-gen-mypy" ]; then
    echo "gen-clients.sh: installing ${PY_GEN[*]} in .data/sdk/python"
    [ -x "$venv/bin/python3" ] || quiet python3 -m venv "$venv"
    quiet "$venv/bin/pip" install -q --disable-pip-version-check "${PY_GEN[@]}"
    stamp python "${PY_GEN[*]}"
  fi
  PATH="$venv/bin:$PATH"
}
after_python() {
  # Regular packages, so type checkers and setuptools see them.
  touch "$ROOT/clients/python/gen/debrief/__init__.py" "$ROOT/clients/python/gen/debrief/v1/__init__.py"
}

# ---- Go ----
install_go() {
  command -v go >/dev/null 2>&1 || PATH="/usr/local/go/bin:$PATH"
  command -v go >/dev/null 2>&1 || {
    echo "gen-clients.sh: the Go toolchain is missing (go 1.23 or newer)" >&2
    exit 1
  }
  local bin="$SDK/go/bin"
  if ! stamped go "${GO_GEN[*]}" || ! [ -x "$bin/protoc-gen-go-grpc" ]; then
    echo "gen-clients.sh: go install ${GO_GEN[*]}"
    mkdir -p "$bin"
    for m in "${GO_GEN[@]}"; do
      quiet env GOBIN="$bin" go install "$m"
    done
    stamp go "${GO_GEN[*]}"
  fi
  PATH="$bin:$PATH"
}
after_go() { :; }

# ---- TypeScript ----
install_typescript() {
  # The SDK's own package.json pins protoc-gen-es with its runtime, so the
  # generator and @bufbuild/protobuf always match; npm ci installs them.
  local dir="$ROOT/clients/typescript"
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.package-lock.json.stamp"; then
    echo "gen-clients.sh: npm ci in clients/typescript"
    quiet npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
    cp "$dir/package-lock.json" "$dir/node_modules/.package-lock.json.stamp"
  fi
  PATH="$dir/node_modules/.bin:$PATH"
}
after_typescript() { :; }

# ---- generate ----
ALL=(python go typescript)
LANGS=("$@")
[ "${#LANGS[@]}" -gt 0 ] || LANGS=("${ALL[@]}")
for l in "${LANGS[@]}"; do
  case " ${ALL[*]} " in
    *" $l "*) ;;
    *) echo "gen-clients.sh: unknown language '$l' (one of: ${ALL[*]})" >&2; exit 2 ;;
  esac
done

[ -x "$BUF" ] || {
  echo "gen-clients.sh: buf not found at $BUF; run scripts/deps.sh" >&2
  exit 1
}
[ -f "$GAPI_SRC/google/api/annotations.proto" ] || {
  echo "gen-clients.sh: google/api protos not found in $GAPI_SRC;" \
    "install golang-github-gogo-googleapis-dev (scripts/deps.sh does)" >&2
  exit 1
}

# The workspace: buf.yaml, proto/ and Debian's google/api as module "gapi".
WS="$SDK/buf-$TAG"
rm -rf "$WS"
mkdir -p "$WS/gapi/google"
cp "$ROOT/buf.yaml" "$WS/buf.yaml"
ln -s "$ROOT/proto" "$WS/proto"
ln -s "$GAPI_SRC/google/api" "$WS/gapi/google/api"

for l in "${LANGS[@]}"; do
  "install_$l"
  # buf.gen.yaml's header and the plugins whose out is under clients/<lang>.
  python3 - "$ROOT/buf.gen.yaml" "clients/$l" >"$WS/buf.gen.$l.yaml" <<'PY'
import sys
lines, want = open(sys.argv[1]).read().splitlines(), sys.argv[2]
head, blocks, cur = [], [], None
for ln in lines:
    if ln.lstrip().startswith("#"):
        continue
    if ln.startswith("  - "):
        cur = [ln]
        blocks.append(cur)
    elif cur is not None and ln.startswith("    "):
        cur.append(ln)
    elif cur is None:
        head.append(ln)
    else:
        cur = None
keep = [b for b in blocks
        if any(x.strip() == "out: " + want or x.strip().startswith("out: " + want + "/")
               for x in b)]
if not keep:
    sys.exit("buf.gen.yaml has no plugin with out under " + want)
print("\n".join(head + [x for b in keep for x in b]))
PY
  rm -rf "$ROOT/clients/$l/gen"
  # Relative paths: buf finds the workspace by walking up from the input.
  (cd "$ROOT" && quiet "$BUF" generate ".data/sdk/buf-$TAG/proto" \
    --template ".data/sdk/buf-$TAG/buf.gen.$l.yaml")
  "after_$l"
  echo "gen-clients.sh: $l -> clients/$l/gen"
done
