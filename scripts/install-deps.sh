#!/usr/bin/env bash
# Installs the Debian packages Knowledge Market builds, runs and tests with.
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  libxapian-dev xapian-tools libcpp-httplib-dev libsqlitecpp-dev libsqlite3-dev nlohmann-json3-dev
  libssl-dev libyaml-cpp-dev libraptor2-dev raptor2-utils libcctz-dev tzdata libjemalloc-dev
  libgtest-dev libgmock-dev
  clang libclang-rt-dev
  curl jq chromium wrk time
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Browser tests need Node.js 20+ and npm (playwright-core drives Debian's Chromium).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then missing+=(nodejs npm); fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
