#!/usr/bin/env bash
# End-to-end check of bwctl against a running borderwatchd: every online command an operator or
# duty officer uses, with the exit codes and the lines they rely on. The daemon runs on three
# free loopback ports with its store in a temporary directory.
# Usage: bwctl_smoke.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
tmp=$(mktemp -d)
daemon_pid=
cleanup() {
  [[ -n $daemon_pid ]] && kill -TERM "$daemon_pid" 2>/dev/null && wait "$daemon_pid" || true
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  echo "--- daemon log" >&2
  tail -20 "$tmp/daemon.log" >&2 || true
  exit 1
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Three consecutive free ports from a range that depends on the process id.
pick_ports() {
  local base
  for _ in $(seq 50); do
    base=$((20000 + (RANDOM % 20000)))
    port_free "$base" && port_free $((base + 1)) && port_free $((base + 2)) && echo "$base" && return
  done
  fail "no three free loopback ports"
}

# Starts the daemon on free ports; true once it answers status. Another process may take a
# port between the check and the bind: the caller then tries other ports.
try_start_daemon() {
  local base
  base=$(pick_ports)
  sed -e "s#tcp://127.0.0.1:7700#tcp://127.0.0.1:$base#" \
    -e "s#tcp://127.0.0.1:7701#tcp://127.0.0.1:$((base + 1))#" \
    -e "s#tcp://127.0.0.1:7702#tcp://127.0.0.1:$((base + 2))#" \
    "$src/config/borderwatch.yaml" > "$tmp/borderwatch.yaml"
  "$build/daemon/borderwatchd" --config "$tmp/borderwatch.yaml" --state-dir "$tmp/state" \
    --rules-dir "$src/rules" --load-rules 2> "$tmp/daemon.log" &
  daemon_pid=$!
  for _ in $(seq 100); do
    bwctl --timeout-ms 200 status > /dev/null 2>&1 && return 0
    kill -0 "$daemon_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM "$daemon_pid" 2>/dev/null && wait "$daemon_pid" || true
  daemon_pid=
  return 1
}

start_daemon() {
  for _ in 1 2 3; do try_start_daemon && return; done
  fail "daemon did not start and answer status (3 tries)"
}

bwctl() { "$build/tools/bwctl" --config "$tmp/borderwatch.yaml" "$@"; }

# expect CODE PATTERN -- ARGS: runs bwctl ARGS, checks its exit code and that stdout+stderr
# match the extended regex PATTERN.
expect() {
  local code=$1 pattern=$2 out rc
  shift 3
  set +e
  out=$(bwctl "$@" 2>&1)
  rc=$?
  set -e
  [[ $rc == "$code" ]] || fail "bwctl $* exited $rc, expected $code: $out"
  grep -Eq -- "$pattern" <<< "$out" || fail "bwctl $* printed no /$pattern/: $out"
  echo "ok: bwctl $*"
}

mkdir -p "$tmp/broken"
printf -- '- rule: broken\n  desc: x\n  condition: event.direction = \n' > "$tmp/broken/bad.yaml"
printf 'number,country,type,reason\nAA123,THA\n' > "$tmp/bad.csv"

start_daemon
expect 0 'rule set version|rules' -- status
expect 0 'version [0-9]+ active, [0-9]+ rules' -- rules load "$src/rules"
expect 1 'bad\.yaml:3:[0-9]+' -- rules load "$tmp/broken"
expect 0 'lost_or_stolen_document' -- rules list
expect 0 '^\* v2 ' -- rules history
expect 0 '=== ' -- rules diff 1 2
expect 0 'active again as version 3' -- rules rollback 1
expect 0 'runs beside the active set' -- rules shadow "$src/rules"
expect 0 'shadow mode running' -- rules shadow-report
expect 0 'stopped' -- rules shadow-stop
expect 1 'line 2' -- watchlist import lost_stolen_documents "$tmp/bad.csv"
expect 0 'entries imported' -- watchlist import lost_stolen_documents \
  "$src/config/demo/lost_stolen_documents.csv"
expect 0 '^lost_stolen_documents  documents' -- watchlist list

"$build/tools/bwsim" --config "$tmp/borderwatch.yaml" --rate 0 --count 200 --seed 7 \
  --ignore-hours --inject-count 20 --inject-kinds stolen_document --print-every 0 \
  --inject-documents "$src/config/demo/lost_stolen_documents.csv" > "$tmp/bwsim.log" 2>&1 ||
  fail "bwsim: $(tail -3 "$tmp/bwsim.log")"
expect 0 '^#1 ' -- alerts since 1 --limit 5
expect 0 'SEQ' -- alerts list --limit 5
expect 0 'lost_or_stolen_document' -- alerts show 1
expect 0 'alert #1 is now acknowledged' -- alerts ack 1 --note "checked at the desk"
expect 0 'alert #1 is now resolved' -- alerts resolve 1 --outcome confirmed
expect 1 '^alerts show: no alert #999999$' -- alerts show 999999
expect 0 '^#2 ' -- alerts tail --from 2 --max 1
expect 0 'rules\.load +\{"files":\["[^"]*00-common\.yaml \([0-9]+ bytes\)"' -- audit
expect 0 'rules\.rollback +\{"version":1\}' -- audit
expect 0 'alerts\.resolve' -- audit --from 6
expect 0 '"ok": ?true' -- --json status

kill -TERM "$daemon_pid"
wait "$daemon_pid" || fail "daemon exited non-zero on SIGTERM"
daemon_pid=
expect 2 'bwctl: ' -- --timeout-ms 300 status
echo "bwctl smoke: all passed"
