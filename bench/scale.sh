#!/usr/bin/env bash
# Scale: generates COUNT items from the sample data's own words (km-gen-corpus), loads them with
# the sample taxonomies and users, and reports the ingest rate and km-search-bench's figures as a
# client worker (permissions applied), beside plain BM25 on the same index.
# Usage: bench/scale.sh [COUNT] [BUILD_DIR]   (defaults: 20000, build/)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-20000}"
build="${2:-build}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== $count generated items ($(date -u +%Y-%m-%d))"
"$build/bench/km-gen-corpus" --from data/items --count "$count" > "$work/items.jsonl"
bash bench/load_sample.sh "$build" "$work/db"
start=$(date +%s.%N)
"$build/indexer/km-indexer" ingest --db "$work/db" "$work/items.jsonl" | tail -1
end=$(date +%s.%N)
awk -v n="$count" -v s="$start" -v e="$end" 'BEGIN { printf "ingest: %.1f s, %.0f items/s\n", e - s, n / (e - s) }'
du -sh "$work/db/index" | awk '{ print "index size: " $1 }'
"$build/bench/km-search-bench" --db "$work/db" --queries data/eval/queries.jsonl --as c.niamh \
  --threads "${KM_BENCH_THREADS:-2}" --seconds "${KM_BENCH_SECONDS:-3}"
