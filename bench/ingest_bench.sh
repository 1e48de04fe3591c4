#!/usr/bin/env bash
# Ingest benchmark (issue 2): builds Release, generates a deterministic synthetic
# OCDS JSON Lines file of about SIZE MB, then in the same run measures
#   (a) the raw simdjson on-demand parse of that file (bench/raw_parse_bench), and
#   (b) `clearbid ingest --db <tmp>/bench.db --json FILE` end to end,
# and prints a markdown table (MB = 10^6 bytes). Not a test: figures depend on the machine.
#
# usage: bench/ingest_bench.sh [--size-mb N] [--seed S] [--build-dir DIR] [--no-build]
#                              [--jobs J] [--exclusive] [--keep] [--tmp DIR]
#   --size-mb N     size of the generated file in MB (default 1000)
#   --seed S        generator seed (default 20251125)
#   --build-dir D   Release build directory (default <repo>/build-bench)
#   --no-build      use the binaries already in the build directory
#   --jobs J        passed to `clearbid ingest --jobs` (default: its own default)
#   --exclusive     passed to `clearbid ingest` (rollback journal instead of the WAL; the
#                   default for the bench's new store since session 14)
#   --keep          keep the temporary directory (data file and database)
#   --tmp DIR       where to make the temporary directory (default $TMPDIR or /tmp)
#
# Needs: cmake, ninja, a C++ compiler (as the project), awk, and /usr/bin/time (Debian
# package `time`) for peak memory; without it peak RSS is reported as n/a.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE_MB=1000
SEED=20251125
BUILD_DIR="$ROOT/build-bench"
BUILD=1
JOBS=""
EXCLUSIVE=0
KEEP=0
TMP_PARENT="${TMPDIR:-/tmp}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --size-mb) SIZE_MB="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --build-dir) BUILD_DIR="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --jobs) JOBS="$2"; shift 2 ;;
    --exclusive) EXCLUSIVE=1; shift ;;
    --keep) KEEP=1; shift ;;
    --tmp) TMP_PARENT="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "ingest_bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$SIZE_MB" =~ ^[0-9]+$ && "$SIZE_MB" -gt 0 ]] || { echo "ingest_bench: --size-mb must be a positive integer" >&2; exit 2; }

if [[ "$BUILD" -eq 1 ]]; then
  echo "== building Release in $BUILD_DIR" >&2
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCLEARBID_BUILD_TESTS=OFF -DCLEARBID_BUILD_BENCH=ON >/dev/null
  cmake --build "$BUILD_DIR" --target clearbid raw_parse_bench -j "$(nproc)" >&2
fi
CLEARBID="$BUILD_DIR/cli/clearbid"
RAW="$BUILD_DIR/bench/raw_parse_bench"
[[ -x "$CLEARBID" && -x "$RAW" ]] || { echo "ingest_bench: $CLEARBID or $RAW missing (build first)" >&2; exit 1; }

WORK="$(mktemp -d "$TMP_PARENT/clearbid-bench.XXXXXX")"
cleanup() { if [[ "$KEEP" -eq 0 ]]; then rm -rf "$WORK"; else echo "kept $WORK" >&2; fi; }
trap cleanup EXIT

now() { date +%s.%N; }
# json_num KEY FILE: the first numeric value of "KEY": in a one-line JSON file.
json_num() { grep -o "\"$1\":[0-9.]*" "$2" | head -1 | cut -d: -f2; }
# rss_mb FILE: peak RSS in MB from /usr/bin/time -v output.
rss_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }
# cpu_s FILE: user + system CPU seconds from /usr/bin/time -v output.
cpu_s() { awk -F': ' '/User time|System time/ {t += $2; n++} END {if (n) printf "%.2f", t}' "$1"; }
TIME=()
if [[ -x /usr/bin/time ]]; then TIME=(/usr/bin/time -v -o); fi
timed() {  # timed STDERR_FILE TIME_FILE cmd...: runs cmd, peak memory into TIME_FILE when possible
  local err="$1" tf="$2"; shift 2
  if [[ ${#TIME[@]} -gt 0 ]]; then "${TIME[@]}" "$tf" "$@" 2>"$err"; else : >"$tf"; "$@" 2>"$err"; fi
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
# Size the run: measure bytes per process on a sample with the same seed.
"$CLEARBID" generate --processes 5000 --seed "$SEED" --out "$WORK/sample.jsonl" >/dev/null
SAMPLE_BYTES=$(stat -c %s "$WORK/sample.jsonl")
rm -f "$WORK/sample.jsonl"
PROCESSES=$(( SIZE_MB * 1000000 * 5000 / SAMPLE_BYTES ))
DATA="$WORK/ocds-bench.jsonl"

echo "== generating $PROCESSES processes (~$SIZE_MB MB, seed $SEED)" >&2
T0=$(now)
"$CLEARBID" generate --processes "$PROCESSES" --seed "$SEED" --out "$DATA" >&2
T1=$(now)
BYTES=$(stat -c %s "$DATA")
MB=$(awk -v b="$BYTES" 'BEGIN {printf "%.1f", b / 1e6}')
GEN_S=$(awk -v a="$T0" -v b="$T1" 'BEGIN {printf "%.2f", b - a}')
# The generated file written back to disk now, not while the ingest runs: the
# input of a night's ingest is a file at rest (it stays in the page cache).
sync

echo "== raw simdjson parse" >&2
timed "$WORK/raw.err" "$WORK/raw.time" "$RAW" "$DATA" >"$WORK/raw.json"
RAW_PARSE_S=$(json_num parse_seconds "$WORK/raw.json")
RAW_LOAD_S=$(json_num load_seconds "$WORK/raw.json")
RAW_FULL_S=$(json_num full_seconds "$WORK/raw.json")
RAW_DOCS=$(json_num documents "$WORK/raw.json")
RAW_RSS=$(rss_mb "$WORK/raw.time"); RAW_RSS=${RAW_RSS:-n/a}
RAW_CPU=$(cpu_s "$WORK/raw.time"); RAW_CPU=${RAW_CPU:-n/a}
IMPL=$(grep -o '"implementation":"[a-z0-9_]*"' "$WORK/raw.json" | cut -d'"' -f4)

echo "== clearbid ingest" >&2
INGEST_ARGS=(ingest --db "$WORK/bench.db" --json)
[[ -n "$JOBS" ]] && INGEST_ARGS+=(--jobs "$JOBS")
[[ "$EXCLUSIVE" -eq 1 ]] && INGEST_ARGS+=(--exclusive)
T0=$(now)
set +e
timed "$WORK/ingest.err" "$WORK/ingest.time" "$CLEARBID" "${INGEST_ARGS[@]}" "$DATA" >"$WORK/ingest.json"
INGEST_RC=$?
set -e
T1=$(now)
INGEST_S=$(awk -v a="$T0" -v b="$T1" 'BEGIN {printf "%.2f", b - a}')
INGEST_RSS=$(rss_mb "$WORK/ingest.time"); INGEST_RSS=${INGEST_RSS:-n/a}
INGEST_CPU=$(cpu_s "$WORK/ingest.time"); INGEST_CPU=${INGEST_CPU:-n/a}
RELEASES=$(json_num releases "$WORK/ingest.json")
# The summary may carry process and party counts at the top level or under "store".
STORED_PROCESSES=$(json_num processes "$WORK/ingest.json")
STORED_PARTIES=$(json_num parties "$WORK/ingest.json")
if command -v jq >/dev/null; then
  ERRORS=$(jq '.errors | length' "$WORK/ingest.json" 2>/dev/null || echo "?")
else
  ERRORS=$(json_num rejected "$WORK/ingest.json"); ERRORS=${ERRORS:-?}
fi
DB_MB=$(du -cm "$WORK"/bench.db* 2>/dev/null | tail -1 | cut -f1)
if [[ "$INGEST_RC" -ne 0 ]]; then
  echo "ingest_bench: clearbid ingest exited $INGEST_RC; stderr:" >&2
  head -20 "$WORK/ingest.err" >&2
fi

rate() { awk -v n="$1" -v s="$2" 'BEGIN {if (s > 0) printf "%.1f", n / s; else print "n/a"}'; }
irate() { awk -v n="$1" -v s="$2" 'BEGIN {if (s > 0) printf "%.0f", n / s; else print "n/a"}'; }
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')

cat <<EOF

Machine: $(nproc) cores, ${CPU:-unknown CPU}; simdjson implementation: ${IMPL:-?}
Load average (1/5/15 min) at start: $LOAD_START; at end: $(cut -d' ' -f1-3 /proc/loadavg)
Data: $DATA ($MB MB, $PROCESSES processes, seed $SEED, generated in ${GEN_S} s)

| Step | Wall time (s) | MB/s | Processes/s | CPU user+sys (s) | Peak RSS (MB) | Notes |
|---|---:|---:|---:|---:|---:|---|
| raw simdjson parse, touch (on-demand iterate_many; ocid + party names) | $RAW_PARSE_S | $(rate "$MB" "$RAW_PARSE_S") | $(irate "$RAW_DOCS" "$RAW_PARSE_S") | $RAW_CPU (whole tool) | $RAW_RSS | file read into memory first (${RAW_LOAD_S} s, not counted) |
| raw simdjson parse, full (every key and value) | $RAW_FULL_S | $(rate "$MB" "$RAW_FULL_S") | $(irate "$RAW_DOCS" "$RAW_FULL_S") | (same process) | (same process) | same file in memory, second pass |
| clearbid ingest --json (end to end, SQLite) | $INGEST_S | $(rate "$MB" "$INGEST_S") | $(irate "$PROCESSES" "$INGEST_S") | $INGEST_CPU | $INGEST_RSS | exit $INGEST_RC; releases $RELEASES, processes $STORED_PROCESSES, parties $STORED_PARTIES, errors $ERRORS; database $DB_MB MB |
EOF
