#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test clearbid,
# then configures and builds it in ./build. Idempotent; safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(g++ cmake ninja-build pkg-config ccache
  libboost-dev libsqlite3-dev libsimdjson-dev libre2-dev libspdlog-dev libfmt-dev
  googletest libgtest-dev libgmock-dev libcli11-dev libicu-dev nlohmann-json3-dev
  libbenchmark-dev libssl-dev libxxhash-dev libzstd-dev libpugixml-dev libtomlplusplus-dev libjemalloc-dev sqlite3
  libxlsxwriter-dev chromium fonts-dejavu-core
  libpqxx-dev postgresql)
# libpqxx-dev: the PostgreSQL stores; postgresql: the server binaries (initdb, pg_ctl) with
# which the tests start a throwaway cluster (scripts/pg_cluster.sh).
PACKAGES+=("${CLEARBID_EXTRA_PACKAGES[@]:-}")
# Node.js and npm for the browser test (tests/web), unless a Node.js with its
# own npm is installed already (Debian's npm package would conflict with it).
command -v npm >/dev/null || PACKAGES+=(nodejs npm)

missing=()
for p in "${PACKAGES[@]}"; do
  [ -n "$p" ] || continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

BUILD_TYPE="${CLEARBID_BUILD_TYPE:-RelWithDebInfo}"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" ${CLEARBID_CMAKE_ARGS:-} >/dev/null
cmake --build build -j"$(nproc)"
