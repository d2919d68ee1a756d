#!/usr/bin/env bash
# Installs what tecsync needs on Debian 12 and builds it into build/.
# Idempotent: apt runs only when a package is missing, and cmake rebuilds only
# what changed, so a dev loop stays fast.
# A Release build is configured the way the Debian packages are built (prefix
# /usr, libdir lib, Debian's hardening flags from dpkg-buildflags), so that
# scripts/package.sh can make the .debs from this very build instead of
# compiling everything a second time (CI: scripts/test.sh). The binary run from
# the build tree still loads the build tree's plugins (core/host.cpp).
#   TECSYNC_BUILD_DIR   build folder (default: <repo>/build)
#   TECSYNC_BUILD_TYPE  CMake build type (default: Release; any other type gets
#                       no package flags: scripts/sanitize.sh sets its own)
#   TECSYNC_BUILD_TESTS, TECSYNC_BUILD_BENCH  ON/OFF, passed to CMake only when
#                       set (a reconfigure keeps what the cache has)
#   TECSYNC_BUILD_TARGETS  space-separated targets to build (default: all)
#   TECSYNC_SKIP_BUILD  set to 1 to install packages only
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${TECSYNC_BUILD_DIR:-$REPO/build}"
BUILD_TYPE="${TECSYNC_BUILD_TYPE:-Release}"

PACKAGES=(
  build-essential cmake pkg-config dpkg-dev
  libboost-dev libboost-filesystem-dev libcurl4-openssl-dev nlohmann-json3-dev
  libpqxx-dev libspdlog-dev libgtest-dev
  postgresql postgresql-contrib python3 clang-format
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} > 0)); then
  echo "setup: installing ${missing[*]}"
  SUDO=()
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install packages" >&2; exit 1; }
    SUDO=(sudo)
  fi
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: all Debian packages present"
fi

if [[ "${TECSYNC_SKIP_BUILD:-0}" == "1" ]]; then
  exit 0
fi

jobs="$(nproc 2>/dev/null || echo 2)"
echo "setup: building into $BUILD_DIR ($BUILD_TYPE, -j$jobs)"
# -O2, not CMake's -O3: GCC 12 at -O3 reports false -Wrestrict/-Warray-bounds
# in std::string code (GCC PR 105329 and kin), which -Werror turns into a failed build.
args=(-DCMAKE_BUILD_TYPE="$BUILD_TYPE" -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG")
if [[ "$BUILD_TYPE" == Release ]]; then
  # Debian's flags for a package build (hardening=+all: fortify, stack
  # protector, format checks, relro/now). Taken from the repo so that
  # -ffile-prefix-map maps it to `.`: no build path in the binaries
  # (reproducible builds). Without -g and dpkg's -O2: the packages are stripped
  # (packaging/strip.cmake), so debug info would only cost compile time, and
  # -O2 comes from CMAKE_CXX_FLAGS_RELEASE above.
  export DEB_BUILD_MAINT_OPTIONS=hardening=+all
  cxxflags=""
  for f in $(cd "$REPO" && dpkg-buildflags --get CPPFLAGS && dpkg-buildflags --get CXXFLAGS); do
    [[ "$f" == -g || "$f" == -O2 ]] || cxxflags+="${cxxflags:+ }$f"
  done
  ldflags="$(dpkg-buildflags --get LDFLAGS)"
  args+=(-DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_INSTALL_LIBDIR=lib -DCMAKE_CXX_FLAGS="$cxxflags"
    -DCMAKE_EXE_LINKER_FLAGS="$ldflags" -DCMAKE_MODULE_LINKER_FLAGS="$ldflags"
    -DCMAKE_SHARED_LINKER_FLAGS="$ldflags")
fi
[[ -n "${TECSYNC_BUILD_TESTS:-}" ]] && args+=(-DTECSYNC_BUILD_TESTS="$TECSYNC_BUILD_TESTS")
[[ -n "${TECSYNC_BUILD_BENCH:-}" ]] && args+=(-DTECSYNC_BUILD_BENCH="$TECSYNC_BUILD_BENCH")
cmake -S "$REPO" -B "$BUILD_DIR" "${args[@]}" >/dev/null
targets=()
for t in ${TECSYNC_BUILD_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$BUILD_DIR" -j"$jobs" "${targets[@]}"
