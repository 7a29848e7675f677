#!/usr/bin/env bash
# Configures and builds borderwatch into build/ (or $BW_BUILD_DIR). Extra arguments go to cmake;
# $BW_TARGETS (space-separated) limits what is built.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BW_BUILD_DIR:-build}"
# The flags are CMake's RelWithDebInfo defaults, given so that a build dir the test command
# configured without debug info gets them back; arguments after them override.
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g -DNDEBUG" "$@" >/dev/null
targets=()
for t in ${BW_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build_dir" -j "$(nproc)" "${targets[@]}"
