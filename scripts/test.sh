#!/usr/bin/env bash
# Installs, builds and runs every test (CTest over GoogleTest, plus CLI smoke tests), then the
# fuzz smoke (scripts/fuzz.sh: every parser under libFuzzer for 30 s).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
(cd tests/browser && npm ci --no-audit --no-fund --silent)  # playwright-core only: the browser is Debian's
(cd build && ctest --output-on-failure -j "${KM_JOBS:-2}" --timeout 600)
bash scripts/fuzz.sh
