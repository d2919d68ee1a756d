#!/usr/bin/env bash
# The flash benchmark (issue 6): tecsync next to PostgreSQL's own floor, same rows,
# same database, same invocation. See bench/README.md.
#   bench/run.sh [--sizes 10000,100000] [--with-1m] [--runs 5] [--large-runs N] [--readme] [--no-build]
#                [--contenders "tecsync,fetch+parse,COPY floor,expert SQL,row by row"]
#   --with-1m    adds 1,000,000 SKUs (about 3 GB of disk under .cache/bench, long)
#   --large-runs runs per contender above 100,000 SKUs (default: --runs)
#   --readme     writes the table and plot into bench/README.md
#   --no-build   use the build as it is
#   TECSYNC_BUILD_DIR  build folder (default <repo>/build-bench, RelWithDebInfo)
#   TECSYNC_PG_PORT    PostgreSQL port (default 55432); scripts/pg.sh starts its
#                      throwaway cluster there, or reuses it when it is its own
#   TECSYNC_BENCH_DIR  feeds, configs and results (default <repo>/.cache/bench)
# Not part of .ci/run: CI only builds the `bench` target.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${TECSYNC_BUILD_DIR:-$REPO/build-bench}"
export TECSYNC_PG_PORT="${TECSYNC_PG_PORT:-55432}"
WORK="${TECSYNC_BENCH_DIR:-$REPO/.cache/bench}"
sizes="10000,100000"
runs=5
build=1
extra=()
command="bench/run.sh $*"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --with-1m) sizes="$sizes,1000000"; shift ;;
    --runs) runs="$2"; shift 2 ;;
    --large-runs) extra+=(--large-runs "$2"); shift 2 ;;
    --readme) extra+=(--readme); shift ;;
    --no-build) build=0; shift ;;
    --contenders) extra+=(--contenders "$2"); shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

# gnuplot draws the PNG; the bench installs it itself (CI never runs the bench).
if ! command -v gnuplot >/dev/null; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "run.sh: installing gnuplot-nox for the plot"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null ||
      echo "run.sh: could not install gnuplot-nox; the table is still written, the plot is not" >&2
  else
    echo "run.sh: gnuplot not found (apt-get install gnuplot-nox); no plot" >&2
  fi
fi
command -v /usr/bin/time >/dev/null || { echo "run.sh: /usr/bin/time is needed for peak RSS (apt-get install time)" >&2; exit 1; }

if [[ "$build" -eq 1 ]]; then
  cmake -S "$REPO" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$BUILD" -j"$(nproc)" --target bench
fi
"$REPO/scripts/pg.sh" start

exec python3 "$REPO/bench/bench.py" --build "$BUILD" --pg-port "$TECSYNC_PG_PORT" --work "$WORK" \
  --sizes "$sizes" --runs "$runs" --command "$command" "${extra[@]}"
