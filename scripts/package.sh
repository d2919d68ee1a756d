#!/usr/bin/env bash
# Builds the Debian packages tecsync_<version>_<arch>.deb and
# tecsync-dev_<version>_all.deb into the build folder (default build-pkg/):
# a Release build for prefix /usr with Debian's compiler and linker flags
# (dpkg-buildflags, hardening=+all), as a Debian build would use them, then
# CPack (the `package` target). scripts/setup.sh configures every Release build
# that way, so the packages can come from the build the tests ran on.
#   TECSYNC_PKG_BUILD_DIR   build folder (default <repo>/build-pkg)
#   TECSYNC_PKG_REUSE_BUILD 1 = TECSYNC_PKG_BUILD_DIR is a Release build that
#                           scripts/setup.sh made (e.g. the suite's build/, as
#                           scripts/test.sh does in CI): package it as it is,
#                           tests and bench included in the build, without
#                           configuring or compiling a second build. Refused
#                           if its cache is not a package build.
#                           0 (default) = configure and build the folder with
#                           setup.sh, tests and bench off (only what ships).
# Needs what scripts/setup.sh installs (dpkg-dev among it).
# Prints the paths of the two .debs on its last two lines.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${TECSYNC_PKG_BUILD_DIR:-$REPO/build-pkg}"

cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$BUILD_DIR/CMakeCache.txt"; }

if [[ "${TECSYNC_PKG_REUSE_BUILD:-0}" == 1 ]]; then
  [[ -f "$BUILD_DIR/CMakeCache.txt" ]] || { echo "package: no CMake build in $BUILD_DIR to reuse" >&2; exit 1; }
  # What makes it a package build: the values setup.sh gives a Release build.
  type="$(cache_value CMAKE_BUILD_TYPE)" prefix="$(cache_value CMAKE_INSTALL_PREFIX)"
  libdir="$(cache_value CMAKE_INSTALL_LIBDIR)" cxxflags="$(cache_value CMAKE_CXX_FLAGS)"
  if [[ "$type" != Release || "$prefix" != /usr || "$libdir" != lib ||
    "$cxxflags" != *-D_FORTIFY_SOURCE=* || "$cxxflags" != *-fstack-protector-strong* ]]; then
    echo "package: $BUILD_DIR is not a package build (type '$type', prefix '$prefix', libdir '$libdir'," \
      "CXX flags '$cxxflags'); make it with scripts/setup.sh (Release) or leave TECSYNC_PKG_REUSE_BUILD unset" >&2
    exit 1
  fi
  echo "package: reusing $BUILD_DIR (Release, prefix /usr, Debian hardening flags)"
else
  echo "package: building $BUILD_DIR (Release, prefix /usr, Debian hardening flags)"
  TECSYNC_BUILD_DIR="$BUILD_DIR" TECSYNC_BUILD_TYPE=Release TECSYNC_BUILD_TESTS=OFF TECSYNC_BUILD_BENCH=OFF \
    "$REPO/scripts/setup.sh"
fi
rm -f "$BUILD_DIR"/tecsync_*.deb "$BUILD_DIR"/tecsync-dev_*.deb
# `package` builds whatever is out of date first (CPack's preinstall).
cmake --build "$BUILD_DIR" --target package
ls "$BUILD_DIR"/tecsync_*.deb "$BUILD_DIR"/tecsync-dev_*.deb
