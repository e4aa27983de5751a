#!/usr/bin/env bash
# Search quality on every collection: each collection of ../shared/data/ (corpus.jsonl,
# queries.jsonl, qrels.tsv) and the sample data's own judged queries (data/eval/), each
# reported by km-eval beside the FTS5 and plain-BM25 baselines of the same run.
# Usage: bench/eval_collections.sh [BUILD_DIR]   (default build/). Extra km-eval flags via KM_EVAL_FLAGS.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
shared="../shared/data"

if [ -d "$shared" ]; then
  for dir in "$shared"/*/; do
    name="$(basename "$dir")"
    [ -f "$dir/corpus.jsonl" ] && [ -f "$dir/queries.jsonl" ] && [ -f "$dir/qrels.tsv" ] || continue
    echo "== $name ($(date -u +%Y-%m-%d))"
    "$build/eval/km-eval" convert "$dir/corpus.jsonl" "$work/$name.jsonl" >/dev/null
    "$build/indexer/km-indexer" ingest --db "$work/$name" "$work/$name.jsonl" >/dev/null
    "$build/eval/km-eval" --db "$work/$name" --queries "$dir/queries.jsonl" --qrels "$dir/qrels.tsv" ${KM_EVAL_FLAGS:-}
    echo
  done
else
  echo "== ../shared/data is absent: shared collections skipped"
fi

echo "== sample data: data/eval ($(date -u +%Y-%m-%d))"
db="$work/sample"
bash bench/load_sample.sh "$build" "$db"
"$build/eval/km-eval" --db "$db" --queries data/eval/queries.jsonl --qrels data/eval/qrels.tsv ${KM_EVAL_FLAGS:-}
