#!/usr/bin/env bash
# THE test command: set up, build, start a throwaway PostgreSQL, run every test.
#   TECSYNC_BUILD_DIR   build folder (default: <repo>/build)
#   TECSYNC_PG_PORT     PostgreSQL port (default 55432; a server already
#                       answering there is reused and left running)
#   TECSYNC_SHARED_DIR  the read-only shared fixtures (default: <repo>/../shared)
#   TECSYNC_CI_EXTRAS   1 = after the suite, also run its ASan+UBSan pass
#                       (scripts/sanitize.sh, own build dir) and a short fuzz
#                       run (scripts/fuzz.sh); default 1 when CI=true, else 0
#   TECSYNC_CI_FUZZ_SECONDS  seconds per fuzz target in that run (default 20)
#   TECSYNC_CI_PACKAGES 1 = also build, lintian, install, use and purge the .debs
#                       (scripts/package_test.sh; root only); default 1 when CI=true.
#                       A Release build (the default) is packaged as it is, since
#                       setup.sh configures it as the package build: no second build.
# Extra arguments go to ctest (e.g. `scripts/test.sh -R Integration`).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${TECSYNC_BUILD_DIR:-$REPO/build}"
export TECSYNC_BUILD_DIR="$BUILD_DIR"
started=$SECONDS

"$REPO/scripts/setup.sh"

# Stop PostgreSQL at exit only if this run started it.
pg_started_here=0
# shellcheck disable=SC2317  # called through the trap
cleanup() {
  if [[ "$pg_started_here" == "1" ]]; then
    "$REPO/scripts/pg.sh" stop || true
  fi
}
trap cleanup EXIT

pg_out="$("$REPO/scripts/pg.sh" start)"
echo "$pg_out"
[[ "$pg_out" == *reusing* ]] || pg_started_here=1
eval "$("$REPO/scripts/pg.sh" env)"
export TECSYNC_TEST_PG

if [[ -z "${TECSYNC_SHARED_DIR:-}" && -d "$REPO/../shared" ]]; then
  TECSYNC_SHARED_DIR="$(cd "$REPO/../shared" && pwd)"
fi
if [[ -n "${TECSYNC_SHARED_DIR:-}" ]]; then
  export TECSYNC_SHARED_DIR
  echo "test: shared fixtures at $TECSYNC_SHARED_DIR"
else
  echo "test: no ../shared beside the repo; the cross-check against the shared generator will be skipped"
fi

# ctest -j starts the costliest tests first, by the times it recorded in the
# last run; a fresh clone (CI) has none and goes in declaration order, which
# starts case 025 (over 2 minutes of stall timers, one core idle) near the end.
# Seed just that hint; ctest replaces the file with measured times after the run.
cost_data="$BUILD_DIR/Testing/Temporary/CTestCostData.txt"
if [[ ! -s "$cost_data" ]]; then
  mkdir -p "$(dirname "$cost_data")"
  printf '%s\n' "Cases.c025_download_stall_timeout 1 135" "Cases.c023_stock_quant_row_locked 1 27" "---" >"$cost_data"
fi

status=0
ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 "$@" || status=$?
echo "test: suite finished at $((SECONDS - started)) s with status $status"

if [[ "${TECSYNC_CI_PACKAGES:-$([[ "${CI:-}" == "true" ]] && echo 1 || echo 0)}" == "1" ]]; then
  t0=$SECONDS
  if [[ "${TECSYNC_BUILD_TYPE:-Release}" == Release ]]; then
    TECSYNC_PKG_BUILD_DIR="$BUILD_DIR" TECSYNC_PKG_REUSE_BUILD=1 "$REPO/scripts/package_test.sh" || status=1
  else
    "$REPO/scripts/package_test.sh" || status=1
  fi
  echo "test: package test took $((SECONDS - t0)) s"
fi

if [[ "${TECSYNC_CI_EXTRAS:-$([[ "${CI:-}" == "true" ]] && echo 1 || echo 0)}" == "1" ]]; then
  t0=$SECONDS
  "$REPO/scripts/sanitize.sh" "$@" || status=1
  echo "test: ASan+UBSan suite took $((SECONDS - t0)) s"
  t0=$SECONDS
  "$REPO/scripts/fuzz.sh" "${TECSYNC_CI_FUZZ_SECONDS:-20}" || status=1
  echo "test: fuzz run took $((SECONDS - t0)) s"
fi
echo "test: finished in $((SECONDS - started)) s with status $status"
exit "$status"
