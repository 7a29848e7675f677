#!/usr/bin/env bash
# Checks systemd/borderwatchd.service with systemd-analyze (syntax, directives, the binary) and
# that its exposure score stays at or below 2.0. Usage: verify.sh UNIT BORDERWATCHD
set -euo pipefail
unit="$1" binary="$2"
if ! command -v systemd-analyze >/dev/null; then
  echo "systemd-analyze not installed: skipped"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The unit names the installed path; point it at the binary just built.
sed "s#/usr/local/sbin/borderwatchd#${binary}#g" "$unit" > "$tmp/borderwatchd.service"
systemd-analyze verify "$tmp/borderwatchd.service"
score=$(systemd-analyze security --offline=yes "$tmp/borderwatchd.service" | sed -n 's/.*exposure level for borderwatchd.service: \([0-9.]*\).*/\1/p')
echo "exposure score: $score"
awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 2.0) }'
