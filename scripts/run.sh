#!/usr/bin/env bash
# Installs, builds, loads data/ into km-data/ and serves it on http://127.0.0.1:${KM_PORT:-8080}/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
db="${KM_DB_DIR:-km-data}"
port="${KM_PORT:-8080}"
bin=build
$bin/indexer/km-indexer ingest --db "$db" data/items || [ $? -eq 1 ]  # 1: some records rejected
$bin/indexer/km-indexer users import --db "$db" data/users.json --tokens > "$db/demo-tokens.tsv"
echo
echo "Demo users and their API tokens (fresh at every run; also in $db/demo-tokens.tsv):"
column -t -s $'\t' "$db/demo-tokens.tsv" 2>/dev/null || cat "$db/demo-tokens.tsv"
token=$(awk -F'\t' 'NR==2 {print $4}' "$db/demo-tokens.tsv")
echo
echo "Try:  curl -s -H 'Authorization: Bearer $token' 'http://127.0.0.1:$port/api/search?q=escalation'"
echo "Open: http://127.0.0.1:$port/"
echo
exec $bin/server/km-server --db "$db" --port "$port" --web-dir web
