#!/usr/bin/env bash
# The test command: installs what is missing, builds with -Werror, runs every test (ctest),
# then runs the unit and integration tests again under AddressSanitizer + UBSan, then a short
# run of each libFuzzer target (BW_FUZZ_SECONDS per target, default 10; longer runs:
# bash tools/fuzz.sh 600). The first build is RelWithDebInfo's -O2 without -g: the same code,
# but without debug info it compiles about a third faster, which keeps the whole command near
# 15 minutes on 2 cores. (Not CMake's Release: its -O3 trips GCC 12's false -Wrestrict.)
# To debug a failing test, rebuild with symbols: bash tools/build.sh.
# Usage (as root on Debian 12):  bash tools/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh

echo "== build (-O2 without debug info, -Werror) and all tests"
BW_BUILD_DIR=build bash tools/build.sh -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -DNDEBUG" -DBW_WERROR=ON
(cd build && ctest --output-on-failure --timeout 600)

echo "== unit and integration tests under AddressSanitizer + UndefinedBehaviorSanitizer"
BW_BUILD_DIR=build-asan BW_TARGETS="bw_unit_tests bw_integration_tests bwctl borderwatchd" \
  bash tools/build.sh -DCMAKE_BUILD_TYPE=Debug -DBW_SANITIZE=address,undefined -DBW_WERROR=ON
(cd build-asan && ctest --output-on-failure --timeout 900 -L "unit|integration")

echo "== fuzzers (libFuzzer + ASan/UBSan): regressions, then ${BW_FUZZ_SECONDS:-10} s per target"
bash tools/fuzz.sh "${BW_FUZZ_SECONDS:-10}"
