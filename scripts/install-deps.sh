#!/usr/bin/env bash
# Installs the Debian packages Knowledge Market builds, runs and tests with.
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  libxapian-dev libcpp-httplib-dev libsqlitecpp-dev libsqlite3-dev nlohmann-json3-dev
  libssl-dev libyaml-cpp-dev libraptor2-dev
  libgtest-dev libgmock-dev
  curl
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
