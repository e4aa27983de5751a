#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang, AddressSanitizer and UBSan into build-fuzz/,
# then runs each for KM_FUZZ_SECONDS (default 30) from its seed corpus. A finding fails the run
# and leaves its input in build-fuzz/fuzz/ (crash-*, timeout-*, oom-*): replay it with
# `build-fuzz/fuzz/<target> <file>`, fix it, and keep it as a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-fuzz -DKM_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKM_FUZZ_SECONDS="${KM_FUZZ_SECONDS:-30}" >/dev/null
cmake --build build-fuzz --target km_fuzzers -j "${KM_JOBS:-2}"
cd build-fuzz
ctest --output-on-failure -j "${KM_JOBS:-2}" --timeout 600
