#!/usr/bin/env bash
# The main job on the embedded SQLite default: set up and build, generate a
# sample dataset, ingest it with the example supplier evidence, import the real
# exclusion lists and the DOL goods list when ../shared/data is present, run a
# scan, and write a portfolio HTML report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bin=./build/cli/clearbid
out="${CLEARBID_OUT:-run}"
mkdir -p "$out"
rm -rf "$out/clearbid.db" "$out/clearbid.db-wal" "$out/clearbid.db-shm" "$out/scans" "$out/portfolio"
db="$out/clearbid.db"

$bin generate --processes "${CLEARBID_PROCESSES:-2000}" --seed 42 --out "$out/sample"
$bin ingest --db "$db" "$out/sample" data/examples

shared=../shared/data
goods=()
if [ -d "$shared/lists" ]; then
  $bin lists import --db "$db" --format worldbank "$shared/lists/worldbank_ineligible_firms.csv" || true
  $bin lists import --db "$db" --format ebrd "$shared/lists/ebrd_ineligible_firms.csv" || true
  $bin lists import --db "$db" --format un-xml "$shared/lists/un_sc_consolidated.xml" || true
  $bin lists import --db "$db" --format ofac-csv "$shared/lists/ofac_sdn_legacy_csv" || true
  $bin lists --db "$db"
  [ -f "$shared/risk/child_labor.csv" ] && goods=(--goods "$shared/risk/child_labor.csv")
else
  echo "main: ../shared/data is absent: no exclusion lists or goods list imported" >&2
fi

$bin scan --db "$db" --out "$out/scans" "${goods[@]}"
scan_dir=$(ls -d "$out"/scans/*/ | sort | tail -n 1)
# Prints the path of the portfolio HTML report.
$bin report --portfolio --db "$db" --scan "$scan_dir" --format html --summaries --out "$out/portfolio"
