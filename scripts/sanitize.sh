#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer
# (GCC), in a build folder of its own: configures it with the sanitizer flags,
# then runs scripts/test.sh on it (packages, PostgreSQL, ctest), so the
# environment is exactly the one of the normal suite.
#   TECSYNC_ASAN_BUILD_DIR  build folder (default: <repo>/build-asan)
# Extra arguments go to ctest (e.g. `scripts/sanitize.sh -R air`).
#   TECSYNC_ASAN_EXCLUDE  ctest -E regex of tests left out of this pass (default:
#                         the two whose time is waiting, not code: case 025's
#                         30 s stall timers and the deep end-to-end flow over
#                         the test servers; the normal pass runs both, and the
#                         code they drive runs here in the plugins' own tests)
# Any sanitizer report fails the test it happens in: UBSan halts on the first
# error, ASan (and LeakSanitizer at exit) abort the process.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${TECSYNC_ASAN_BUILD_DIR:-$REPO/build-asan}"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"

TECSYNC_SKIP_BUILD=1 "$REPO/scripts/setup.sh"
# -O1: sanitizer builds at -O0 are slow, at -O2 their reports lose frames.
# Asserts stay on (no NDEBUG). setup.sh (called again by test.sh) keeps these
# cached flags and only re-runs the build.
cmake -S "$REPO" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="$SAN" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DCMAKE_EXE_LINKER_FLAGS="$SAN" -DCMAKE_SHARED_LINKER_FLAGS="$SAN" -DCMAKE_MODULE_LINKER_FLAGS="$SAN" \
  -DTECSYNC_BUILD_BENCH=OFF >/dev/null

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
echo "sanitize: ASan+UBSan build in $BUILD_DIR"
exclude="${TECSYNC_ASAN_EXCLUDE-c025_download_stall|deep\.DeepFlow}"
args=()
[[ -n "$exclude" ]] && args+=(-E "$exclude")
# The packages are built and tested once, by the normal pass: not again here.
TECSYNC_BUILD_DIR="$BUILD_DIR" TECSYNC_BUILD_TYPE=RelWithDebInfo TECSYNC_CI_EXTRAS=0 TECSYNC_CI_PACKAGES=0 \
  exec "$REPO/scripts/test.sh" "${args[@]}" "$@"
