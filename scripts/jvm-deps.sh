#!/usr/bin/env bash
# jvm-deps.sh - fills the Maven repository that the JVM clients (clients/jvm)
# build from, so every later build and test runs offline (mvn -o).
#
# What Maven fetches here, from Maven Central: the plugins, the runtimes
# (grpc-java, protobuf-java, Kotlin, kotlinx-coroutines, grpc-kotlin,
# JUnit), and the code generators as artifacts: com.google.protobuf:protoc
# and io.grpc:protoc-gen-grpc-java as linux-x86_64 executables and
# io.grpc:protoc-gen-grpc-kotlin as a jar. The repository lives in
# .data/m2 (DEBRIEF_M2 overrides), so a CI run fetches once and reuses it.
# It runs the build once ("mvn install" with no server, so the tests are
# skipped), which resolves everything a test run needs, Surefire's JUnit
# provider included. A stamp of the pom files and this script skips it when
# nothing changed.
# Installs Debian's maven and a JDK 17 when they are missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
M2="${DEBRIEF_M2:-$ROOT/.data/m2}"
JVM="$ROOT/clients/jvm"
export DEBIAN_FRONTEND=noninteractive

if ! command -v mvn >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1; then
  echo "jvm-deps.sh: installing maven and openjdk-17-jdk-headless"
  SUDO=()
  [ "$(id -u)" = 0 ] || SUDO=(sudo)
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends maven openjdk-17-jdk-headless >/dev/null
fi

stamp="$(cat "$JVM"/pom.xml "$JVM"/*/pom.xml "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1)"
if [ -f "$M2/.debrief-stamp" ] && [ "$(cat "$M2/.debrief-stamp")" = "$stamp" ]; then
  exit 0
fi
echo "jvm-deps.sh: filling the Maven repository $M2 (once)"
mkdir -p "$M2"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
if ! env -u DEBRIEF_ADDR -u DEBRIEF_TOKEN mvn -B -q -Dmaven.repo.local="$M2" \
  -Ddebrief.jvm.out="$out" -f "$JVM/pom.xml" install >"$out/mvn.log" 2>&1; then
  echo "jvm-deps.sh: mvn failed:" >&2
  tail -n 60 "$out/mvn.log" >&2
  exit 1
fi
echo "$stamp" >"$M2/.debrief-stamp"
