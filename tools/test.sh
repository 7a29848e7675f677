#!/usr/bin/env bash
# The test command: installs what is missing, builds with -Werror, runs every test (ctest).
# Usage (as root on Debian 12):  bash tools/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
BW_BUILD_DIR=build bash tools/build.sh -DBW_WERROR=ON
cd build
ctest --output-on-failure --timeout 600
