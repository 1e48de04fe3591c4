#!/usr/bin/env bash
# Server benchmark (issue 7): screening a typical bid (data/examples/ocds/
# bid-example.json: 3 parties, 2 items) through POST /api/v1/screen at 64
# concurrent connections for 60 s with wrk on loopback, against a store
# holding the real exclusion lists (when ../shared/data is present).
# Prints wrk's latency distribution and throughput, the error count, and the
# server's resident memory before, during and after the run.
#
#   bash bench/serve_bench.sh [SECONDS=60] [CONNECTIONS=64] [BUILD_DIR=build] [SERVER_THREADS=2]
# Needs wrk (Debian package wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
conns="${2:-64}"
build="${3:-build}"
threads="${4:-2}"
bin="$build/cli/clearbid"
command -v wrk >/dev/null || { echo "serve_bench: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
tmp=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
. bench/real_lists.sh
if import_real_lists "$bin" "$tmp/s.db"; then
  echo "lists: $("$bin" lists --db "$tmp/s.db" | tail -n +2 | wc -l) versions imported"
fi
"$bin" ingest --db "$tmp/s.db" data/examples/disclosures data/examples/audits >/dev/null
token=$("$bin" users add --db "$tmp/s.db" bench --role officer --token bench)
metrics_token=$("$bin" users add --db "$tmp/s.db" prom --role admin --token prometheus)
# SCREENING_CACHE=0 turns the server's memo of screened names off (every
# request matches every name against the lists again).
"$bin" serve --db "$tmp/s.db" --port 0 --threads "$threads" --as-of 2026-11-25 \
  --screening-cache "${SCREENING_CACHE:-200000}" > "$tmp/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q "listening on" "$tmp/serve.log" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*/' "$tmp/serve.log")
rss() { grep VmRSS "/proc/$server/status" | awk '{print $2 " KB"}'; }
cat > "$tmp/screen.lua" <<LUA
local f = io.open("data/examples/ocds/bid-example.json", "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA
# One screen first: its answer must be a 200 with an assessment.
curl -sf -X POST -H "Content-Type: application/json" -H "Authorization: Bearer $token" \
  --data-binary @data/examples/ocds/bid-example.json "${url}api/v1/screen" | grep -o '"band":"[a-z]*"' | head -1
echo "server RSS after start: $(rss)"
# A 10 s warm-up, then the measured run; RSS sampled every 10 s.
wrk -t2 -c"$conns" -d10s -s "$tmp/screen.lua" "${url}api/v1/screen" >/dev/null
echo "server RSS after warm-up: $(rss)"
( for i in $(seq $((secs / 10))); do sleep 10; echo "  +$((i * 10)) s: $(rss)"; done ) > "$tmp/rss.log" &
sampler=$!
wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$tmp/screen.lua" "${url}api/v1/screen"
wait "$sampler" || true
echo "server RSS during the run:"; cat "$tmp/rss.log"
echo "server RSS after the run: $(rss)"
curl -sf -H "Authorization: Bearer $metrics_token" "${url}metrics" | grep -E '^clearbid_http_requests_total\{route="POST /api/v1/screen"'
