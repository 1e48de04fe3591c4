#!/usr/bin/env bash
# Sets up, builds and runs every test suite (the default CI run). Suites
# labelled "slow" run only with CLEARBID_SLOW=1.
set -euo pipefail
cd "$(dirname "$0")/.."
export CLEARBID_CMAKE_ARGS="${CLEARBID_CMAKE_ARGS:-} -DCLEARBID_WERROR=ON"
bash scripts/setup.sh
# The browser test's npm dependencies (playwright-core, pinned in tests/web/package-lock.json).
if command -v npm >/dev/null; then
  (cd tests/web && npm ci --no-audit --no-fund)
fi
if [ ! -d ../shared/data ]; then
  echo "test: ../shared/data is absent: tests on real data will be SKIPPED" >&2
fi
label_args=()
[ "${CLEARBID_SLOW:-0}" = 1 ] || label_args=(-LE slow)
ctest --test-dir build --output-on-failure -j"$(nproc)" "${label_args[@]}"
