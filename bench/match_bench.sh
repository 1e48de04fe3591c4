#!/usr/bin/env bash
# Name-matching benchmark (issue 3): clearbid's MatchIndex against PostgreSQL pg_trgm, in one run.
# Builds bench/match_bench in Release, starts a throwaway PostgreSQL 15 cluster on 127.0.0.1
# (scripts/pg_cluster.sh), runs the bench (generated list of N entities, 10,000 queries) and stops and
# deletes the cluster. Prints the machine and markdown tables (docs/benchmarks.md "Name matching").
#
# usage: bench/match_bench.sh [N] [--queries Q] [--pg-queries M] [--pg-threshold T]
#                             [--pg-time-limit SEC] [--seed S] [--build-dir DIR] [--no-build] [--no-pg]
#   N                 entities in the generated list (default 1000000)
#   --queries Q       queries for clearbid (default 10000: 70% noisy variants of listed names, 30% unlisted)
#   --pg-queries M    the first M of them also go to pg_trgm (default 1000; see docs/benchmarks.md)
#   --pg-threshold T  pg_trgm.similarity_threshold (default 0.3, pg_trgm's own default)
#   --pg-time-limit S stop the pg_trgm queries after S seconds (default 900; the count run is reported)
#   --seed S          generator seed (default 20251125)
#   --build-dir DIR   Release build directory (default <repo>/build-matchbench)
#   --no-build        use the binary already built there
#   --no-pg           clearbid only
# Needs (installed by its own apt step when missing, as root): postgresql (15, with pg_trgm), libpq-dev.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENTITIES=1000000
ARGS=()
BUILD_DIR="$ROOT/build-matchbench"
BUILD=1
PG=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --queries|--pg-queries|--pg-threshold|--pg-time-limit|--seed) ARGS+=("$1" "$2"); shift 2 ;;
    --build-dir) BUILD_DIR="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --no-pg) PG=0; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    [0-9]*) ENTITIES="$1"; shift ;;
    *) echo "match_bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ " ${ARGS[*]} " == *" --pg-time-limit "* ]] || ARGS+=(--pg-time-limit 900)

# Debian packages this bench needs beyond scripts/setup.sh.
PACKAGES=(postgresql libpq-dev)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 && "$PG" -eq 1 ]]; then
  SUDO=""
  [[ "$(id -u)" -eq 0 ]] || SUDO="sudo"
  echo "match_bench: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ "$BUILD" -eq 1 ]]; then
  echo "== building Release in $BUILD_DIR" >&2
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCLEARBID_BUILD_TESTS=OFF -DCLEARBID_BUILD_BENCH=ON >/dev/null
  cmake --build "$BUILD_DIR" --target match_bench -j "$(nproc)" >&2
fi
BIN="$BUILD_DIR/bench/match_bench"
[[ -x "$BIN" ]] || { echo "match_bench: $BIN missing (build first)" >&2; exit 1; }

echo "### machine"
echo
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc)," \
  "RAM $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1e6}' /proc/meminfo)"
echo "- load before the run: $(cut -d' ' -f1-3 /proc/loadavg); $(uname -sr)"
echo "- command: bench/match_bench.sh $ENTITIES ${ARGS[*]}"

if [[ "$PG" -eq 1 ]]; then
  eval "$("$ROOT/scripts/pg_cluster.sh" start -c shared_buffers=512MB -c work_mem=64MB)"
  trap '"$ROOT/scripts/pg_cluster.sh" stop "$PG_DIR"' EXIT
  ARGS+=(--pg-dsn "$PG_DSN")
fi
"$BIN" --entities "$ENTITIES" "${ARGS[@]}"
echo
echo "- load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
