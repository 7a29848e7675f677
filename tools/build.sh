#!/usr/bin/env bash
# Configures and builds borderwatch into build/ (or $BW_BUILD_DIR). Extra arguments go to cmake;
# $BW_TARGETS (space-separated) limits what is built.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BW_BUILD_DIR:-build}"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
targets=()
for t in ${BW_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build_dir" -j "$(nproc)" "${targets[@]}"
