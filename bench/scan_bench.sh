#!/usr/bin/env bash
# Scan benchmark (issue 6): N generated processes against the real exclusion
# lists (when ../shared/data is present) and, when LIST_ENTITIES > 0, that many
# synthetic list entities (`clearbid generate --list-entities`, same seed): a
# full scan, then an incremental scan after 1 % of the releases change, and
# (with synthetic entities) one after a new version of the synthetic list (1 %
# of its entries removed, 1 % re-issued under new ids) and one after a version
# that adds 1 % new entities. Prints
# wall time, CPU and peak RSS of each (and of the synthetic list's import).
#
#   bash bench/scan_bench.sh [N=50000] [BUILD_DIR=build] [LIST_ENTITIES=0]
#
# SCAN_BENCH_DIR=DIR keeps the work folder in DIR (store, scan folders, and
# each scan's JSON log lines: full.log, incremental.log, lists.log, lists_new.log) instead of a
# temporary one that is deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-50000}"
build="${2:-build}"
list_entities="${3:-0}"
bin="$build/cli/clearbid"
if [ -n "${SCAN_BENCH_DIR:-}" ]; then
  tmp="$SCAN_BENCH_DIR"
  mkdir -p "$tmp"
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
list_flags=()
if [ "$list_entities" -gt 0 ]; then list_flags=(--list-entities "$list_entities" --list-out "$tmp/synthetic.csv"); fi
"$bin" generate --processes "$n" --seed 20251125 --out "$tmp/gen.jsonl" "${list_flags[@]}" >/dev/null
"$bin" ingest --db "$tmp/s.db" "$tmp/gen.jsonl" >/dev/null
. bench/real_lists.sh
import_real_lists "$bin" "$tmp/s.db" || echo "lists: none (../shared/data absent)"
if [ "$list_entities" -gt 0 ]; then
  /usr/bin/time -f "import of $list_entities synthetic list entities: %e s wall, %U s user, %S s sys, peak RSS %M KB" \
      "$bin" lists import --db "$tmp/s.db" --format csv --name synthetic "$tmp/synthetic.csv" >/dev/null
fi
run() {
  local label=$1 log=$2; shift 2
  /usr/bin/time -f "$label: %e s wall, %U s user, %S s sys, peak RSS %M KB" "$bin" scan --db "$tmp/s.db" \
      --out "$tmp/scans" "$@" 2>&1 >/dev/null | tee "$tmp/$log" | grep -v '^{' || true
}
run "full scan of $n processes" full.log --as-of 2026-11-25
# 1 % of the releases change: every 100th line gets an amended tender title.
awk 'NR % 100 == 0' "$tmp/gen.jsonl" | sed 's/"title":"/"title":"(amended) /' > "$tmp/changed.jsonl"
run "incremental scan after $(wc -l < "$tmp/changed.jsonl") changed releases" incremental.log --as-of 2026-11-26 --ingest "$tmp/changed.jsonl"
cat "$tmp/scans/2026-11-26/summary.json" | grep -E '"(processes|assessed|reused)"'
# A new version of the synthetic list (when there is one): 1 % of its entries
# removed and 1 % re-issued under a new id, then an incremental scan with no
# other change: the names of the memo re-matched against the changed entries.
if [ "$list_entities" -gt 0 ]; then
  awk -F, 'NR == 1 { print; next } NR % 100 == 9 { next } NR % 100 == 0 { sub(/^[^,]*/, $1 "r") } { print }' \
      "$tmp/synthetic.csv" > "$tmp/synthetic2.csv"
  "$bin" lists import --db "$tmp/s.db" --format csv --name synthetic "$tmp/synthetic2.csv" >/dev/null
  # SCAN_BENCH_COPY=1 (with SCAN_BENCH_DIR) keeps the store as it is before the
  # list-version scan, to run that scan again on it (docs/benchmarks.md):
  #   cp before_lists.db s.db; rm -rf scans/2026-11-27 scans/2026-11-28
  #   clearbid scan --db s.db --out scans --as-of 2026-11-27
  if [ -n "${SCAN_BENCH_COPY:-}" ]; then cp "$tmp/s.db" "$tmp/before_lists.db"; fi
  run "incremental scan after a new list version" lists.log --as-of 2026-11-27
  grep -h '"lists_changed"' "$tmp/lists.log" || true
  cat "$tmp/scans/2026-11-27/summary.json" | grep -E '"(processes|assessed|reused)"'
  # The re-issued entries of that version are twins of their earlier form
  # (no name is screened against them). The next version adds 1 % entities
  # that are new (another seed's names, ids prefixed N): every name of the
  # memo is screened against them.
  "$bin" generate --list-entities $((list_entities / 100)) --seed 20251126 --list-out "$tmp/new.csv" >/dev/null
  { cat "$tmp/synthetic2.csv"; tail -n +2 "$tmp/new.csv" | sed 's/^/N/'; } > "$tmp/synthetic3.csv"
  "$bin" lists import --db "$tmp/s.db" --format csv --name synthetic "$tmp/synthetic3.csv" >/dev/null
  run "incremental scan after a list version adding $((list_entities / 100)) new entities" lists_new.log --as-of 2026-11-28
  grep -h '"lists_changed"' "$tmp/lists_new.log" || true
  cat "$tmp/scans/2026-11-28/summary.json" | grep -E '"(processes|assessed|reused)"'
fi
