#!/usr/bin/env bash
# Search speed: km-search-bench on the sample data (as a client worker, permissions applied)
# and on every collection of ../shared/data/, each mode beside plain BM25 on the same index in
# the same process. Usage: bench/search_speed.sh [BUILD_DIR] (default build/); the number of
# threads and seconds per mode via KM_BENCH_THREADS (2) and KM_BENCH_SECONDS (3).
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bench=("$build/bench/km-search-bench" --threads "${KM_BENCH_THREADS:-2}" --seconds "${KM_BENCH_SECONDS:-3}")

echo "== sample data: data/eval queries as c.niamh ($(date -u +%Y-%m-%d))"
bash bench/load_sample.sh "$build" "$work/sample"
"${bench[@]}" --db "$work/sample" --queries data/eval/queries.jsonl --as c.niamh

shared="../shared/data"
if [ -d "$shared" ]; then
  for dir in "$shared"/*/; do
    name="$(basename "$dir")"
    [ -f "$dir/corpus.jsonl" ] && [ -f "$dir/queries.jsonl" ] || continue
    echo
    echo "== $name ($(date -u +%Y-%m-%d))"
    "$build/eval/km-eval" convert "$dir/corpus.jsonl" "$work/$name.jsonl" >/dev/null
    "$build/indexer/km-indexer" ingest --db "$work/$name" "$work/$name.jsonl" >/dev/null
    "${bench[@]}" --db "$work/$name" --queries "$dir/queries.jsonl"
  done
else
  echo "== ../shared/data is absent: shared collections skipped"
fi
