#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time (the `fuzz` CMake target calls
# this once per target).
#   run_target.sh <fuzzer-exe> <name> <seconds> <work-dir>
# Seeds: tests/fuzz/seeds/<name>/ (committed) plus the case inputs of
# $TECSYNC_SHARED_DIR/cases (default <repo>/../shared), copied into
# <work-dir>/seeds/<name>/ on every run. The growing corpus is
# <work-dir>/corpus/<name>/, crashes go to <work-dir>/findings/<name>/, the
# full log to <work-dir>/logs/<name>.log. Exit status: 0 = no finding.
set -euo pipefail
export LC_ALL=C

exe="$1" name="$2" seconds="$3" work="$4"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
shared="${TECSYNC_SHARED_DIR:-$repo/../shared}"
cases="$shared/cases"

seeds="$work/seeds/$name" corpus="$work/corpus/$name" findings="$work/findings/$name" log="$work/logs/$name.log"
rm -rf "$seeds"
mkdir -p "$seeds" "$corpus" "$findings" "$work/logs"
[[ -d "$here/seeds/$name" ]] && cp "$here/seeds/$name"/* "$seeds/" 2>/dev/null || true

max_len=16384
case_files=()
if [[ -d "$cases" ]]; then
  case "$name" in
    csv | portal) mapfile -t case_files < <(find "$cases" -name '*.csv' | sort) ;;
    sheet) mapfile -t case_files < <(find "$cases" -name '*.csv' -o -name 'feed*.json' -o -name 'empty.json' | sort) ;;
    api_page) mapfile -t case_files < <(find "$cases" -name 'feed*.json' -o -name 'empty.json' | sort) ;;
    number)
      max_len=256
      # One seed per distinct cell of the case sheets.
      find "$cases" -name '*.csv' -print0 | xargs -0 cat |
        awk -F'[,;]' '{ for (i = 1; i <= NF; i++) { gsub(/"|\r/, "", $i); print $i } }' | sort -u |
        while IFS= read -r cell; do
          printf '%s' "$cell" >"$seeds/cell-$(printf '%s' "$cell" | md5sum | cut -c1-16)"
        done
      ;;
  esac
  for f in "${case_files[@]}"; do
    cp "$f" "$seeds/case-$(basename "$(dirname "$f")")-$(basename "$f")"
  done
else
  echo "fuzz: no cases at $cases (set TECSYNC_SHARED_DIR); committed seeds only"
fi

echo "fuzz: $name for ${seconds}s ($(find "$seeds" -type f | wc -l) seeds, corpus $(find "$corpus" -type f | wc -l) files)"
status=0
"$exe" "$corpus" "$seeds" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
  -print_final_stats=1 -artifact_prefix="$findings/" >"$log" 2>&1 || status=$?
execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
echo "fuzz: $name: ${execs:-?} execs in ${seconds}s, corpus $(find "$corpus" -type f | wc -l) files, exit $status"
if [[ "$status" != 0 ]]; then
  grep -E "ERROR|property violated|SUMMARY|Test unit written|runtime error" "$log" | head -20 || true
  echo "fuzz: $name FOUND A PROBLEM; full log: $log; reproduce with: $exe <file in $findings>"
fi
exit "$status"
