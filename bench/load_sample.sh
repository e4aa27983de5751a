#!/usr/bin/env bash
# Loads the sample data (data/: taxonomies, mappings, routing, items, users) into a --db folder,
# as scripts/run.sh does. Usage: bench/load_sample.sh BUILD_DIR DB_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
k="$1/indexer/km-indexer"
db="$2"
$k taxonomy import --db "$db" --scheme shared data/taxonomies/shared.csv >/dev/null
$k taxonomy import --db "$db" --scheme client --org client data/taxonomies/client.csv >/dev/null
$k taxonomy import --db "$db" --scheme partner --org partner data/taxonomies/partner.csv >/dev/null
$k taxonomy mappings --db "$db" data/alignment.csv >/dev/null
$k taxonomy routing --db "$db" data/routing.csv >/dev/null
$k ingest --db "$db" data/items >/dev/null
$k users import --db "$db" data/users.json >/dev/null
