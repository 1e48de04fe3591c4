#!/usr/bin/env bash
# The main job on the embedded default: set up, generate a sample dataset,
# ingest it into a SQLite store and print the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
out="${CLEARBID_OUT:-run}"
mkdir -p "$out"
rm -f "$out/clearbid.db" "$out/clearbid.db-wal" "$out/clearbid.db-shm"
./build/cli/clearbid generate --processes 2000 --seed 42 --out "$out/sample"
./build/cli/clearbid ingest --db "$out/clearbid.db" "$out/sample"
