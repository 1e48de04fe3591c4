#!/usr/bin/env bash
# Per-thread CPU time and run-queue wait of a command, from the kernel's
# scheduler statistics (Linux): docs/benchmarks.md uses it for the ingest
# writer's time waiting for a core.
#
#   bench/thread_sched.sh OUT COMMAND...
#
# Runs COMMAND (its stdout and stderr to OUT.stdout and OUT.stderr), reads
# /proc/PID/task/*/schedstat every 50 ms while it runs, and writes to OUT one
# line per thread from the last reading of it: its id, CPU seconds, seconds
# spent runnable but waiting for a core, and time slices; then `rc` and the
# command's exit code. A thread that lived less than 50 ms may be missing.
set -u
out="$1"
shift
"$@" >"$out.stdout" 2>"$out.stderr" &
pid=$!
: >"$out.raw"
while kill -0 "$pid" 2>/dev/null; do
  for t in /proc/"$pid"/task/*; do
    s=$(cat "$t/schedstat" 2>/dev/null) && echo "${t##*/} $s" >>"$out.raw"
  done
  sleep 0.05
done
wait "$pid"
rc=$?
awk '{ last[$1] = $0 }
     END { for (t in last) { split(last[t], f, " ");
             printf "tid %s cpu %.2f s runq-wait %.2f s slices %s\n", f[1], f[2] / 1e9, f[3] / 1e9, f[4] } }' \
  "$out.raw" | sort -k2n >"$out"
echo "rc $rc" >>"$out"
rm -f "$out.raw"
