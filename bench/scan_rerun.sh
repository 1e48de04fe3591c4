#!/usr/bin/env bash
# One re-run of an incremental or full scan on a prepared 1 M store (issue 6),
# the store restored first so that every run starts from the same state. Not a
# test: figures depend on the machine and its page cache.
#
# usage: bench/scan_rerun.sh MODE CLEARBID DIR
#   MODE       list       import the next synthetic list version (DIR/synthetic_T.csv), then scan
#              list-warm  the same, with the store and the previous folder read into the page cache first
#              releases   scan with --ingest DIR/c18.jsonl (1 % of the releases changed)
#              full       clearbid scan --full, the names' analyses file removed first
#   CLEARBID   the clearbid binary to measure
#   DIR        the prepared store: base.db and base.match-index/ (the store and its list index as of the
#              previous scan), scans/ with that scan's folder (the latest one dated before 2026-12-10),
#              synthetic_T.csv, c18.jsonl; made as docs/benchmarks.md says (Scans, sessions 12, 13 and 16)
#
# Each run scans as of 2026-12-10. A scan folder of an earlier run is moved to DIR/trash (deleting it right
# away would cost the run CPU); empty DIR/trash between runs. Prints the scan's phases (seconds since its start)
# and `/usr/bin/time`'s wall, CPU, peak RSS and file-system output (`out`, 512-byte blocks).
set -euo pipefail
[ $# -eq 3 ] || { sed -n '2,17p' "$0" >&2; exit 2; }
mode=$1
bin=$(realpath "$2")
cd "$3"
mkdir -p trash
for d in scans/2026-12-10 scans/.carry-* scans/.staging*; do
  if [ -e "$d" ]; then mv "$d" "trash/$(basename "$d").$(date +%s%N)"; fi
done
cp base.db s.db
rm -rf s.db.match-index s.db-wal s.db-shm
cp -r base.match-index s.db.match-index
sync; sleep 5
args=(scan --db s.db --out scans --as-of 2026-12-10)
case "$mode" in
  list|list-warm)
    "$bin" lists import --db s.db --format csv --name synthetic synthetic_T.csv > /dev/null
    if [ "$mode" = list-warm ]; then
      cat s.db > /dev/null
      previous=$(ls -d scans/20[0-9][0-9]-[0-9][0-9]-[0-9][0-9] | grep -v 2026-12-10 | tail -n 1)
      find "$previous/processes" -links +0 -name '*.json' | wc -l > /dev/null
    fi
    sync; sleep 3 ;;
  releases) args+=(--ingest c18.jsonl) ;;
  full) rm -f s.db.match-index/query-names.analyses; args+=(--full) ;;
  *) echo "scan_rerun: unknown mode $mode" >&2; exit 2 ;;
esac
log=$(mktemp)
/usr/bin/time -f "wall %e user %U sys %S rss %M out %O" "$bin" "${args[@]}" 2> "$log" > /dev/null || true
grep -o '"phase":"[a-z_]*","seconds":[0-9.]*' "$log" | sed 's/"phase"://g' | tr '\n' ' '; echo
tail -n 1 "$log"
rm -f "$log"
