#!/usr/bin/env bash
# Installs, builds, loads data/ into km-data/ and serves it on http://127.0.0.1:${KM_PORT:-8080}/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
db="${KM_DB_DIR:-km-data}"
build/indexer/km-indexer ingest --db "$db" data/items
exec build/server/km-server --db "$db" --port "${KM_PORT:-8080}" --web-dir web
