#!/usr/bin/env bash
# Installs the Debian 12 packages borderwatch builds and runs with. Run as root.
# Only what is missing is installed; nothing is downloaded at build time afterwards.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-dev          # Boost.Asio (signals in the daemon), Boost.Beast (webhook sink)
  libzmq3-dev cppzmq-dev  # ZeroMQ transport
  librocksdb-dev        # embedded store
  libyaml-cpp-dev       # config and rule files
  libspdlog-dev libfmt-dev  # logging
  doctest-dev           # tests
  libsimdjson-dev       # JSON on the ingest path
  libcli11-dev          # command lines
  libsystemd-dev        # sd_notify: READY, RELOADING, STOPPING, watchdog
  libre2-dev            # RE2: linear-time matching for the rules' regex operator
  libicu-dev            # ICU: watchlist names in Thai and accented Latin to comparable tokens
  libexpat1-dev         # expat: streaming parse of OFAC sdnList XML watchlists
  libjemalloc-dev       # jemalloc: faster small allocations for rule state and watchlists
  libabsl-dev           # Abseil flat_hash_map: the state engine's groups, one probe per lookup
)
if [[ "${BW_WITH_CLANG:-0}" == 1 ]]; then
  packages+=(clang libclang-rt-14-dev)  # fuzzing and sanitizer runtimes
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
