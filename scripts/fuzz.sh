#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang in their own build
# folder and runs each for a bounded time: `scripts/fuzz.sh [seconds-per-target]`.
#   TECSYNC_FUZZ_BUILD_DIR  build folder (default: <repo>/build-fuzz)
#   TECSYNC_SHARED_DIR      shared fixtures whose case inputs seed the corpora
#                           (default: <repo>/../shared)
#   TECSYNC_FUZZ_TARGETS    space-separated subset (default: all), e.g. "csv number"
# Corpora persist in <build>/fuzz/corpus/<target>, so later runs go on from
# where earlier ones stopped. Exit status is non-zero on any finding.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_EACH="${1:-60}"
BUILD_DIR="${TECSYNC_FUZZ_BUILD_DIR:-$REPO/build-fuzz}"
if [[ -z "${TECSYNC_SHARED_DIR:-}" && -d "$REPO/../shared" ]]; then
  TECSYNC_SHARED_DIR="$(cd "$REPO/../shared" && pwd)"
  export TECSYNC_SHARED_DIR
fi

if ! command -v clang++ >/dev/null || ! dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "ok installed"; then
  if [[ "$(id -u)" -eq 0 ]]; then
    echo "fuzz: installing clang and libFuzzer (clang, libclang-rt-14-dev)"
    env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends clang libclang-rt-14-dev ||
      { env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
        env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends clang libclang-rt-14-dev; }
  else
    echo "fuzz: needs clang and libclang-rt-14-dev (apt-get install clang libclang-rt-14-dev)" >&2
    exit 1
  fi
fi
TECSYNC_SKIP_BUILD=1 "$REPO/scripts/setup.sh" >/dev/null

started=$SECONDS
# No bench, no test suite: this folder builds only the fuzz executables and
# what they link (the Air implementation library).
cmake -S "$REPO" -B "$BUILD_DIR" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTECSYNC_FUZZ=ON -DTECSYNC_FUZZ_SECONDS="$SECONDS_EACH" -DTECSYNC_BUILD_BENCH=OFF >/dev/null
jobs="$(nproc 2>/dev/null || echo 2)"
if [[ -n "${TECSYNC_FUZZ_TARGETS:-}" ]]; then
  read -r -a targets <<<"$TECSYNC_FUZZ_TARGETS"
else
  # Every fuzz_<name> executable tests/fuzz/CMakeLists.txt defines.
  mapfile -t targets < <(cmake --build "$BUILD_DIR" --target help | sed -n 's/^\.\.\. fuzz_\([a-z_]*\)$/\1/p')
fi
((${#targets[@]})) || { echo "fuzz: no fuzz targets in $BUILD_DIR" >&2; exit 1; }
cmake --build "$BUILD_DIR" -j"$jobs" --target "${targets[@]/#/fuzz_}"
built=$SECONDS
# One libFuzzer process per target, $jobs of them at a time: each is one
# process on one core, so every target still gets its full $SECONDS_EACH of a
# core, in about a third of the wall time of running them one after another.
# (The `fuzz` CMake target runs them one after another.)
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash "$REPO/tests/fuzz/run_target.sh" \
  "$BUILD_DIR/tests/fuzz/fuzz_{}" {} "$SECONDS_EACH" "$BUILD_DIR/fuzz" && status=0 || status=$?
echo "fuzz: ${targets[*]}: built in $((built - started)) s, ran in $((SECONDS - built)) s, status $status"
exit "$status"
