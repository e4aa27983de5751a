#!/usr/bin/env bash
# Search at scale, as ratios to baselines run in the same script on the same index and queries:
#   - km-gen-corpus: N items of real NASA lesson words (../shared/data/llis) with the sample's
#     concepts and permission mix, loaded on top of data/, and 1,000 queries (1-4 words, some
#     phrases, some filters);
#   - km-search-bench: the ranking and the whole search page beside plain Xapian BM25 top-10,
#     in one process, one thread;
#   - wrk at 1 and 32 connections: km-server's GET /api/search as a client reader (c.niamh),
#     with its search cache off (every query computed) and warm (each query asked once before),
#     beside km-bare-server (bare cpp-httplib + raw Xapian top-10), with km-server's RSS.
# Prints one table and writes it, with the date and machine, to bench/RESULTS.md.
# Usage: bench/run.sh [--quick] [--count N] [--seconds S] [--rounds R] [--shards N] [--work DIR]
#   --quick: 20,000 items and 5 s per wrk run (under 5 minutes); default 100,000 items, 10 s.
#   --rounds R: the 32-connection runs of km-server (cache off) and of the bare server take
#     turns R times (default 3) and the median of each is reported, with the CPU time each
#     server spent per search: on a shared machine one run of each, minutes apart, gave ratios
#     from 0.29x to 0.41x for the same code.
#   --work DIR: keep the corpus, queries and index in DIR, and reuse them when DIR already holds
#     them (the ingest is then not run again: measuring a search change at 100,000 items takes
#     two minutes instead of six).
# The index is compacted after its ingest (km-indexer compact), as after a bulk load.
set -euo pipefail
cd "$(dirname "$0")/.."
count=100000 seconds=10 rounds=3 quick="" shards=1 keep="" reused=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 count=20000 seconds=5 ;;
    --count) count="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --rounds) rounds="$2"; shift ;;
    --shards) shards="$2"; shift ;;
    --work) keep="$2"; shift ;;
    *) echo "usage: bench/run.sh [--quick] [--count N] [--seconds S] [--rounds R] [--shards N] [--work DIR]" >&2; exit 2 ;;
  esac
  shift
done
lessons=../shared/data/llis/lessons.jsonl
export KM_SHARDS="$shards"  # every km-indexer and km-server below (README "Index shards")
[ -f "$lessons" ] || { echo "bench/run.sh: $lessons is missing (../shared/data is needed for real words)" >&2; exit 2; }
command -v wrk >/dev/null || bash scripts/install-deps.sh
bash scripts/build.sh >/dev/null
build=build
work="$(mktemp -d)"
data="${keep:-$work}"
mkdir -p "$data"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
say() { echo "bench: $*" >&2; }

if [ -f "$data/ingest_s" ] && [ -f "$data/queries.jsonl" ] && [ -d "$data/db" ]; then
  say "reusing the corpus, queries and index of $data"
  reused=1
  count=$(cat "$data/count")
else
  say "generating $count items and 1,000 queries"
  "$build/bench/km-gen-corpus" --from data/items --words "$lessons" --count "$count" > "$data/items.jsonl"
  "$build/bench/km-gen-corpus" --from data/items --words "$lessons" --queries 1000 --seed 7 > "$data/queries.jsonl"
  say "loading the sample and ingesting $count items (the slow part: about 1 ms an item in 2 shards)"
  rm -rf "$data/db"
  bash bench/load_sample.sh "$build" "$data/db"
  start=$(date +%s.%N)
  "$build/indexer/km-indexer" ingest --db "$data/db" "$data/items.jsonl" >/dev/null
  awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f\n", e - s }' > "$data/ingest_s"
  # Compacted, as after a bulk load in production (README "Store of record and crash safety":
  # a rebuild compacts; so does km-indexer compact): batch commits leave Glass blocks part full.
  say "compacting the index"
  "$build/indexer/km-indexer" compact --db "$data/db" >&2
  echo "$count" > "$data/count"
fi
ingest_s=$(cat "$data/ingest_s")

say "km-search-bench (1 thread)"
"$build/bench/km-search-bench" --db "$data/db" --shards "$shards" --queries "$data/queries.jsonl" --as c.niamh --threads 1 \
  --seconds "$seconds" > "$work/inproc.txt"

# The HTTP paths: each query with its filters, URL-encoded.
python3 - "$data/queries.jsonl" > "$work/paths.txt" <<'PY'
import json, sys, urllib.parse
for line in open(sys.argv[1]):
    q = json.loads(line)
    extra = "&" + q["params"] if q.get("params") else ""
    print("/api/search?q=" + urllib.parse.quote(q["text"]) + extra)
PY
sed 's|^/api/search?|/search?|' "$work/paths.txt" > "$work/bare_paths.txt"
token=$("$build/indexer/km-indexer" users --db "$data/db" token c.niamh | tail -1 | awk -F'\t' '{ print $NF }')

start_server() {  # start_server LOG CMD... -> sets $port
  "${@:2}" > "$1" 2>&1 &
  pids+=($!)
  server_pid=$!
  for _ in $(seq 100); do
    port=$(grep -o 'listening on [0-9]*\|127.0.0.1:[0-9]*/' "$1" | grep -o '[0-9]*$\|[0-9]*/$' | tr -d / | head -1 || true)
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  echo "bench/run.sh: server did not start: $(cat "$1")" >&2; exit 2
}
run_wrk() {  # run_wrk CONNECTIONS URL PATHS TOKEN -> "p50 p99 req/s non2xx"
  local threads=$(( $1 > 1 ? 2 : 1 ))
  KM_WRK_PATHS="$3" KM_WRK_TOKEN="$4" wrk -t"$threads" -c"$1" -d"${seconds}s" --timeout 10s --latency \
    -s bench/wrk_paths.lua "$2" > "$work/wrk.txt"
  awk '/^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 } /^Requests\/sec/ { rps = $2 } /^non2xx/ { bad = $2 }
       /Socket errors/ { timeouts = $NF }
       END { printf "%s %s %s %d\n", p50, p99, rps, bad + timeouts }' "$work/wrk.txt"
}
# run_wrk_cpu PID CONNECTIONS URL PATHS TOKEN -> "p50 p99 req/s non2xx cpu-ms-per-request" (the
# CPU time, user and system, of the server process PID over the run, divided by its requests)
run_wrk_cpu() {
  local tick before after result
  tick=$(getconf CLK_TCK)
  before=$(awk '{ print $14 + $15 }' "/proc/$1/stat")
  result=$(run_wrk "$2" "$3" "$4" "$5")
  after=$(awk '{ print $14 + $15 }' "/proc/$1/stat")
  awk -v r="$result" -v t="$((after - before))" -v hz="$tick" -v s="$seconds" \
    'BEGIN { split(r, f, " "); printf "%s %.2f\n", r, (f[3] > 0 ? t * 1000 / hz / (f[3] * s) : 0) }'
}
# median FILE: the line of FILE with the median req/s (third field)
median() { sort -g -k3,3 "$1" | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }'; }
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.2f", v / 1000; else if (v ~ /ms$/) printf "%.2f", v + 0; else printf "%.2f", v * 1000 }'; }

say "wrk against km-server (search cache off, then on) and km-bare-server"
KM_SEARCH_CACHE_ENTRIES=0 start_server "$work/km.log" "$build/server/km-server" --db "$data/db" --port 0 --web-dir web
km_port=$port km_pid=$server_pid
start_server "$work/cached.log" "$build/server/km-server" --db "$data/db" --port 0 --web-dir web
cached_port=$port cached_pid=$server_pid
# The bare server opens the same shards through a Xapian stub file.
if [ "$shards" = 1 ]; then bare_index="$data/db/index"; else
  bare_index="$work/shards.stub"
  for ((k = 0; k < shards; k++)); do echo "auto $data/db/index/shard-$k"; done > "$bare_index"
fi
start_server "$work/bare.log" "$build/bench/km-bare-server" --index "$bare_index" --port 0
bare_port=$port bare_pid=$server_pid
# Warm all three (the first requests read the index from disk); the cache gets every query
# once, as a day of real traffic would ask them.
run_wrk 2 "http://127.0.0.1:$km_port" "$work/paths.txt" "$token" >/dev/null
sed "s|^|http://127.0.0.1:$cached_port|" "$work/paths.txt" |
  xargs -P 2 -n 50 curl -s -H "Authorization: Bearer $token" >/dev/null
run_wrk 2 "http://127.0.0.1:$bare_port" "$work/bare_paths.txt" "" >/dev/null
read -r km1_p50 km1_p99 km1_rps km1_bad <<<"$(run_wrk 1 "http://127.0.0.1:$km_port" "$work/paths.txt" "$token")"
read -r c1_p50 c1_p99 c1_rps c1_bad <<<"$(run_wrk 1 "http://127.0.0.1:$cached_port" "$work/paths.txt" "$token")"
read -r c32_p50 c32_p99 c32_rps c32_bad <<<"$(run_wrk 32 "http://127.0.0.1:$cached_port" "$work/paths.txt" "$token")"
read -r bare1_p50 bare1_p99 bare1_rps _ <<<"$(run_wrk 1 "http://127.0.0.1:$bare_port" "$work/bare_paths.txt" "")"
# 32 connections, cache off: km-server and the bare server in turns, the median round of each.
for ((r = 1; r <= rounds; r++)); do
  say "32 connections, round $r of $rounds"
  run_wrk_cpu "$km_pid" 32 "http://127.0.0.1:$km_port" "$work/paths.txt" "$token" >> "$work/km32.txt"
  run_wrk_cpu "$bare_pid" 32 "http://127.0.0.1:$bare_port" "$work/bare_paths.txt" "" >> "$work/bare32.txt"
done
read -r km32_p50 km32_p99 km32_rps _ km32_cpu <<<"$(median "$work/km32.txt")"
read -r bare32_p50 bare32_p99 bare32_rps _ bare32_cpu <<<"$(median "$work/bare32.txt")"
km32_bad=$(awk '{ n += $4 } END { print n + 0 }' "$work/km32.txt")
rss_mb=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$km_pid/status")
cached_rss_mb=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$cached_pid/status")
index_mb=$(du -sm "$data/db/index" | cut -f1)

row() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }'; }
inproc() { awk -v m="$1" '$1 == m { printf "%s %s %s %s", $3, $4, $5, $6 }' "$work/inproc.txt"; }
read -r plain_mean _ _ _ <<<"$(inproc plain-bm25)"
read -r rank_mean rank_p50 rank_p95 rank_ratio <<<"$(inproc ranking)"
read -r page_mean page_p50 page_p95 page_ratio <<<"$(inproc search-page)"
{
  echo "## $count items$([ "$shards" = 1 ] || echo " in $shards shards"), $(date -u +%Y-%m-%d) — $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
  echo
  [ -n "$reused" ] && echo "Index reused from an earlier run of this script (--work)."
  echo "Ingest: $ingest_s s ($(awk -v n="$count" -v s="$ingest_s" 'BEGIN { printf "%.0f", n / (s > 0 ? s : 1) }') items/s); index $index_mb MB; km-server peak RSS under load $rss_mb MB (cache off), $cached_rss_mb MB (cache on)."
  echo
  echo "| figure | Knowledge Market | baseline (same run) | ratio |"
  echo "|---|---|---|---|"
  echo "| in process, ranking only, mean ms (p50 / p95) | $rank_mean ($rank_p50 / $rank_p95) | plain BM25 top-10: $plain_mean | $rank_ratio |"
  echo "| in process, whole search page, mean ms (p50 / p95) | $page_mean ($page_p50 / $page_p95) | plain BM25 top-10: $plain_mean | $page_ratio |"
  echo "| HTTP, 1 connection, p50 / p99 ms, cache off | $(to_ms "$km1_p50") / $(to_ms "$km1_p99") | bare server: $(to_ms "$bare1_p50") / $(to_ms "$bare1_p99") | p99 $(row "$(to_ms "$km1_p99")" "$(to_ms "$bare1_p99")") |"
  echo "| HTTP, 32 connections, req/s (p99 ms), cache off | $km32_rps ($(to_ms "$km32_p99")) | $bare32_rps ($(to_ms "$bare32_p99")) | $(row "$km32_rps" "$bare32_rps") |"
  echo "| the same, CPU ms a search (median of $rounds alternating rounds) | $km32_cpu | $bare32_cpu | $(row "$bare32_cpu" "$km32_cpu") |"
  echo "| HTTP, 1 connection, p50 / p99 ms, cache warm | $(to_ms "$c1_p50") / $(to_ms "$c1_p99") | bare server: $(to_ms "$bare1_p50") / $(to_ms "$bare1_p99") | p99 $(row "$(to_ms "$c1_p99")" "$(to_ms "$bare1_p99")") |"
  echo "| HTTP, 32 connections, req/s (p99 ms), cache warm | $c32_rps ($(to_ms "$c32_p99")) | $bare32_rps ($(to_ms "$bare32_p99")) | $(row "$c32_rps" "$bare32_rps") |"
  echo "| non-2xx or timeouts (cache off 1 / 32, warm 1 / 32 connections) | $km1_bad / $km32_bad, $c1_bad / $c32_bad | | |"
  echo
} > "$work/table.md"
cat "$work/table.md"
if [ -z "$quick" ] || [ ! -f bench/RESULTS.md ]; then
  { [ -f bench/RESULTS.md ] && cat bench/RESULTS.md || printf '# bench/run.sh and bench/ingest.sh results\n\nNewest first. Ratios are what to compare: the machines are shared and noisy.\n\n'; } > "$work/results.md"
  { head -4 "$work/results.md"; cat "$work/table.md"; tail -n +5 "$work/results.md"; } > bench/RESULTS.md
  say "written to bench/RESULTS.md"
fi
