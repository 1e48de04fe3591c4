#!/usr/bin/env bash
# Scan workers benchmark (issue 8, must-show 4): the same full scan on a
# PostgreSQL store run by one process, then split between two processes (the
# starter and one `clearbid scan --worker`), each process with one assessing
# thread. A throwaway PostgreSQL cluster on loopback (scripts/pg_cluster.sh)
# holds N generated processes and, when ../shared/data is present, the real
# exclusion lists. Prints the wall time and throughput of each run, the
# processes each participant assessed, and, for scale, one process with two
# threads.
#
#   bash bench/scan_workers_bench.sh [N=20000] [BUILD_DIR=build]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
n="${1:-20000}"
build="${2:-build}"
bin="$ROOT/$build/cli/clearbid"
[ -x "$bin" ] || { echo "no $bin: build first (cmake --build $build)" >&2; exit 1; }
tmp=$(mktemp -d)
eval "$("$ROOT/scripts/pg_cluster.sh" start -c shared_buffers=256MB)"
trap '"$ROOT/scripts/pg_cluster.sh" stop "$PG_DIR"; rm -rf "$tmp"' EXIT
db="$PG_URL"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown); $n processes"
"$bin" generate --processes "$n" --seed 20251125 --out "$tmp/gen.jsonl" >/dev/null
"$bin" ingest --db "$db" "$tmp/gen.jsonl" >/dev/null
. bench/real_lists.sh
if import_real_lists "$bin" "$db"; then
  echo "lists: the real World Bank, EBRD, UN and OFAC lists"
else
  echo "lists: none (../shared/data absent)"
fi

now() { date +%s.%N; }
report() {  # label start end
  awk -v l="$1" -v s="$2" -v e="$3" -v n="$n" 'BEGIN { w = e - s; printf "| %s | %.1f s | %.0f processes/s |\n", l, w, n / w }'
}
echo
echo "| run | wall | throughput |"
echo "|---|---|---|"
# 1. One process, one thread.
t0=$(now)
"$bin" scan --db "$db" --out "$tmp/scans" --as-of 2026-11-25 --full --jobs 1 2>/dev/null >"$tmp/one.txt"
t1=$(now)
report "1 process x 1 thread" "$t0" "$t1"
# 2. Two processes, one thread each: the worker waits for the scan, the starter creates it
# (the same as-of date: the scan is named 2026-11-25-2).
"$bin" scan --db "$db" --out "$tmp/scans" --as-of 2026-11-25 --full --jobs 1 --worker --worker-name bench-worker \
  2>/dev/null >"$tmp/worker.txt" &
worker=$!
t0=$(now)
"$bin" scan --db "$db" --out "$tmp/scans" --as-of 2026-11-25 --full --jobs 1 --worker-name bench-starter \
  2>/dev/null >"$tmp/starter.txt"
wait "$worker"
t1=$(now)
report "2 processes x 1 thread (starter + 1 worker)" "$t0" "$t1"
# 3. For scale: one process, two threads.
t0=$(now)
"$bin" scan --db "$db" --out "$tmp/scans" --as-of 2026-11-25 --full --jobs 2 2>/dev/null >"$tmp/two.txt"
t1=$(now)
report "1 process x 2 threads" "$t0" "$t1"
echo
echo "starter: $(cat "$tmp/starter.txt")"
echo "worker:  $(cat "$tmp/worker.txt")"
digest() { (cd "$1" && find . -type f -name '*.json' | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-16); }
one=$(digest "$tmp/scans/2026-11-25/processes")
split=$(digest "$tmp/scans/2026-11-25-2/processes")
echo "per-process files: one process $one, split $split"
if [ "$one" = "$split" ]; then
  echo "per-process files of the split scan: identical to the one-process scan's"
else
  echo "per-process files of the split scan: DIFFERENT from the one-process scan's" >&2
  exit 1
fi
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
