#!/usr/bin/env bash
# Configures and builds into build/ (two parallel jobs: these machines have two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE="${KM_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build build -j "${KM_JOBS:-2}"
