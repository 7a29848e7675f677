#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang into build-fuzz/ and runs each one for
# SECONDS_PER_TARGET (default 20) on a copy of its committed corpus, after replaying the
# committed regression inputs. Exits non-zero on any crash, leak, timeout or OOM, leaving the
# input that caused it in build-fuzz/fuzz/<target>/.
# Usage (as root on Debian 12):  bash tools/fuzz.sh [SECONDS_PER_TARGET]
set -uo pipefail
cd "$(dirname "$0")/.."
secs="${1:-20}"
[[ "$secs" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [SECONDS_PER_TARGET > 0]" >&2; exit 2; }
build=build-fuzz

# clang and its fuzzer runtime, only when missing.
if ! command -v clang++ >/dev/null ||
  ! compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || exit 1
  apt-get install -y --no-install-recommends clang libclang-rt-14-dev || exit 1
fi

# Only the fuzzers are built; the rest of the tree is configured, never compiled.
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DBW_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 1
cmake --build "$build" -j 2 --target bw_fuzzers || exit 1

# target:max_len, each the input's real bound (events: ingest.max_message_bytes).
targets=(event:65536 rules:262144 config:65536 csv:262144 jsonl:262144 ofac:262144 json:65536)
limits=(-rss_limit_mb=2048 -timeout=10)  # a slower input is a hang: reported, not waited out
# A number from libFuzzer's -print_final_stats lines, e.g. stat::number_of_executed_units.
final_stat() { grep -oE "$1 *[0-9]+" "$log" | grep -oE '[0-9]+$' | tail -1; }
# The sanitizer or libFuzzer report in log $1, indented.
report() { grep -m1 -A24 -E '==[0-9]+== ?ERROR|runtime error:' "$1" | sed 's/^/    /'; }
failed=0
summary=()
printf '%-7s %12s %8s  %s\n' target executions exec/s result
for spec in "${targets[@]}"; do
  name="${spec%%:*}" max_len="${spec##*:}"
  fuzzer="$PWD/$build/tests/fuzz/${name}_fuzz"
  work="$build/fuzz/$name" log="$build/fuzz/$name/fuzz.log" result=""
  rm -rf "$work" && mkdir -p "$work/corpus"
  cp tests/fuzz/corpus/"$name"/* "$work/corpus/"  # libFuzzer writes to its corpus: a copy
  # Past findings first: each file runs once and must pass.
  regressions=(tests/fuzz/regressions/"$name"/*)
  if [[ -e "${regressions[0]}" ]] &&
    ! "$fuzzer" "${limits[@]}" "${regressions[@]}" >"$work/regressions.log" 2>&1; then
    result="REGRESSION FAILED "
  fi
  "$fuzzer" "$work/corpus" "${limits[@]}" -max_total_time="$secs" -max_len="$max_len" \
    -print_final_stats=1 -artifact_prefix="$work/" >"$log" 2>&1
  rc=$?
  ((rc == 0)) || result+="FUZZING FAILED (exit $rc)"
  runs=$(final_stat 'stat::number_of_executed_units:')
  [[ -n "$runs" ]] || runs=$(grep -oE '^Done [0-9]+' "$log" | grep -oE '[0-9]+$')
  printf '%-7s %12s %8s  %s\n' "$name" "${runs:-0}" "$(final_stat 'stat::average_exec_per_sec:')" \
    "${result:-ok}"
  summary+=("${result:-ok}")
  [[ -z "$result" ]] && continue
  failed=1
  if [[ "$result" == REGRESSION* ]]; then
    echo "    $(grep '^Running:' "$work/regressions.log" | tail -1)   (log: $work/regressions.log)"
    report "$work/regressions.log"
  fi
  if ((rc != 0)); then
    artefact=$(ls -t "$work"/{crash,leak,timeout,oom}-* 2>/dev/null | head -1)
    echo "    input: ${artefact:-none written}   (log: $log)"
    report "$log"
    if [[ -n "$artefact" ]]; then
      echo "    replay: $fuzzer $artefact"
      echo "    once fixed, keep it as a regression test (every run replays it):"
      echo "      mkdir -p tests/fuzz/regressions/$name &&"
      echo "        cp $artefact tests/fuzz/regressions/$name/<what-it-broke>"
    fi
  fi
done
passed=0
failed_targets=0
for line in "${summary[@]}"; do [[ "$line" == ok ]] && ((++passed)) || ((++failed_targets)); done
echo "fuzz: $passed passed, $failed_targets failed"
exit "$failed"
