#!/usr/bin/env bash
# Ingest at scale, as ratios to a baseline run in the same script on the same corpus:
#   - km-raw-indexer: a minimal single-threaded Xapian indexer of the same items (same stemming,
#     positions, title weight, boolean terms; no validation, no SQLite): the baseline;
#   - km-indexer ingest (JSONL -> validation -> SQLite -> Xapian) with 1 shard and with as many
#     shards as cores, then km-indexer rebuild of the sharded store;
# each with wall time, CPU time and peak RSS (GNU time), and the sizes on disk.
# Prints one table and writes it, with the date and machine, to bench/RESULTS.md.
# Usage: bench/ingest.sh [--quick] [--count N] [--shards S]
#   --quick: 20,000 items (about 3 minutes); default 100,000 items.
set -euo pipefail
cd "$(dirname "$0")/.."
count=100000 quick="" shards="$(nproc)"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 count=20000 ;;
    --count) count="$2"; shift ;;
    --shards) shards="$2"; shift ;;
    *) echo "usage: bench/ingest.sh [--quick] [--count N] [--shards S]" >&2; exit 2 ;;
  esac
  shift
done
lessons=../shared/data/llis/lessons.jsonl
[ -f "$lessons" ] || { echo "bench/ingest.sh: $lessons is missing (../shared/data is needed for real words)" >&2; exit 2; }
[ -x /usr/bin/time ] || bash scripts/install-deps.sh
bash scripts/build.sh >/dev/null
build=build
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
say() { echo "bench: $*" >&2; }

# Runs a command under GNU time; prints "wall cpu rss_mb".
measure() {
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null
  awk '{ printf "%.1f %.1f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$work/time.txt"
}
mb() { du -sm "$1" | awk '{ print $1 }'; }

say "generating $count items"
"$build/bench/km-gen-corpus" --from data/items --words "$lessons" --count "$count" > "$work/items.jsonl"

say "baseline: km-raw-indexer"
read -r raw_wall raw_cpu raw_rss < <(measure sh -c "'$build/bench/km-raw-indexer' '$work/raw' < '$work/items.jsonl'")
say "km-indexer ingest, 1 shard"
read -r one_wall one_cpu one_rss < <(measure "$build/indexer/km-indexer" ingest --db "$work/one" "$work/items.jsonl")
say "km-indexer ingest, $shards shards"
read -r many_wall many_cpu many_rss < <(measure "$build/indexer/km-indexer" ingest --db "$work/many" --shards "$shards" "$work/items.jsonl")
say "km-indexer rebuild, $shards shards"
read -r rebuild_wall rebuild_cpu rebuild_rss < <(measure "$build/indexer/km-indexer" rebuild --db "$work/many" --shards "$shards")

ratio() { awk -v b="$1" -v x="$2" 'BEGIN { printf "%.2fx", b / x }'; }
rate() { awk -v n="$count" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }
table=$(cat <<TABLE
## ingest, $count items, $(date +%F) — $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //' | awk '{ print $1, $2 }')

| run | wall s | items/s | CPU s | peak RSS MB | on disk MB | speed vs raw indexer |
|---|---|---|---|---|---|---|
| km-raw-indexer (baseline: 1 thread, Xapian only) | $raw_wall | $(rate "$raw_wall") | $raw_cpu | $raw_rss | index $(mb "$work/raw") | 1.00x |
| km-indexer ingest, 1 shard | $one_wall | $(rate "$one_wall") | $one_cpu | $one_rss | index $(mb "$work/one/index") + SQLite $(mb "$work/one/km.sqlite") | $(ratio "$raw_wall" "$one_wall") |
| km-indexer ingest, $shards shards | $many_wall | $(rate "$many_wall") | $many_cpu | $many_rss | index $(mb "$work/many/index") + SQLite $(mb "$work/many/km.sqlite") | $(ratio "$raw_wall" "$many_wall") |
| km-indexer rebuild, $shards shards | $rebuild_wall | $(rate "$rebuild_wall") | $rebuild_cpu | $rebuild_rss | | $(ratio "$raw_wall" "$rebuild_wall") |
TABLE
)
echo "$table"
results=bench/RESULTS.md
if [ -z "$quick" ] || ! grep -q "^## ingest" "$results"; then
  { head -n 4 "$results"; echo "$table"; echo; tail -n +5 "$results"; } > "$work/results.md" && cp "$work/results.md" "$results"
  say "written to $results"
fi
