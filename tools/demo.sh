#!/usr/bin/env bash
# The run command: installs what is missing, builds, starts borderwatchd (embedded RocksDB in
# build/demo-state) with the shipped rules and the demo watchlists, starts bwsim pushing
# simulated crossings at the five Chanthaburi checkpoints, and shows alerts live.
# Ctrl-C stops everything. Usage (as root on Debian 12):  bash tools/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
BW_BUILD_DIR=build bash tools/build.sh

bin=build
state=build/demo-state
config=config/borderwatch.yaml
mkdir -p "$state"
pids=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "stopping simulator and daemon..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup INT TERM EXIT

"$bin/daemon/borderwatchd" --config "$config" --state-dir "$state" --rules-dir rules \
  --load-rules 2> "$state/borderwatchd.log" &
pids+=($!)
for _ in $(seq 50); do
  "$bin/tools/bwctl" --config "$config" --timeout-ms 200 status >/dev/null 2>&1 && break
  sleep 0.2
done
"$bin/tools/bwctl" --config "$config" status
"$bin/tools/bwctl" --config "$config" watchlist import lost_stolen_documents config/demo/lost_stolen_documents.csv
"$bin/tools/bwctl" --config "$config" watchlist import watched_vehicles config/demo/watched_vehicles.csv

"$bin/tools/bwsim" --config "$config" --rate 20 --inject-rate 0.05 \
  --inject-documents config/demo/lost_stolen_documents.csv \
  --inject-plates config/demo/watched_vehicles.csv > "$state/bwsim.log" 2>&1 &
pids+=($!)
echo "daemon log: $state/borderwatchd.log   simulator log: $state/bwsim.log"
echo "live alerts (Ctrl-C to stop):"
"$bin/tools/bwctl" --config "$config" alerts tail || true
