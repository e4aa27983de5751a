#!/usr/bin/env bash
# Installs, builds, loads data/ into km-data/ and serves it on http://127.0.0.1:${KM_PORT:-8080}/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
db="${KM_DB_DIR:-km-data}"
port="${KM_PORT:-8080}"
bin=build
k=$bin/indexer/km-indexer
$k taxonomy import --db "$db" --scheme shared --title "Shared support taxonomy" data/taxonomies/shared.csv
$k taxonomy import --db "$db" --scheme client --org client --title "Brightline Telecom taxonomy" data/taxonomies/client.csv
$k taxonomy import --db "$db" --scheme partner --org partner --title "Helix Contact Services taxonomy" data/taxonomies/partner.csv
$k taxonomy mappings --db "$db" data/alignment.csv
$k taxonomy routing --db "$db" data/routing.csv
$k ingest --db "$db" data/items || [ $? -eq 1 ]  # 1: some records rejected (listed above)
$k users import --db "$db" data/users.json --tokens > "$db/demo-tokens.tsv"
echo
echo "Demo users and their API tokens (fresh at every run; also in $db/demo-tokens.tsv):"
column -t -s $'\t' "$db/demo-tokens.tsv" 2>/dev/null || cat "$db/demo-tokens.tsv"
token=$(awk -F'\t' 'NR==2 {print $4}' "$db/demo-tokens.tsv")
echo
echo "Try:  curl -s -H 'Authorization: Bearer $token' 'http://127.0.0.1:$port/api/search?q=escalation'"
echo "Open: http://127.0.0.1:$port/"
echo
exec $bin/server/km-server --db "$db" --port "$port" --web-dir web
