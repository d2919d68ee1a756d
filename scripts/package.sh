#!/usr/bin/env bash
# Builds the Debian packages tecsync_<version>_<arch>.deb and
# tecsync-dev_<version>_all.deb into the build folder (default build-pkg/):
# configure in Release for prefix /usr, build, then CPack (the `package` target).
# Compiler and linker flags are Debian's (dpkg-buildflags, hardening=+all), as a
# Debian build would use them. Needs what scripts/setup.sh installs, plus dpkg-dev.
#   TECSYNC_PKG_BUILD_DIR   build folder (default <repo>/build-pkg)
# Prints the paths of the two .debs on its last two lines.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${TECSYNC_PKG_BUILD_DIR:-$REPO/build-pkg}"

TECSYNC_SKIP_BUILD=1 "$REPO/scripts/setup.sh" >/dev/null
command -v dpkg-buildflags >/dev/null && command -v dpkg-shlibdeps >/dev/null || {
  echo "package: needs dpkg-dev (apt-get install dpkg-dev)" >&2
  exit 1
}

# Run from the repo so that -ffile-prefix-map maps it to `.`: the build path
# does not end up in the binaries (reproducible builds).
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cxxflags="$(cd "$REPO" && dpkg-buildflags --get CPPFLAGS) $(cd "$REPO" && dpkg-buildflags --get CXXFLAGS)"
ldflags="$(dpkg-buildflags --get LDFLAGS)"

jobs="$(nproc 2>/dev/null || echo 2)"
echo "package: configuring $BUILD_DIR (Release, prefix /usr)"
cmake -S "$REPO" -B "$BUILD_DIR" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_INSTALL_LIBDIR=lib \
  -DTECSYNC_BUILD_TESTS=OFF -DTECSYNC_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_CXX_FLAGS_RELEASE="-DNDEBUG" \
  -DCMAKE_EXE_LINKER_FLAGS="$ldflags" -DCMAKE_MODULE_LINKER_FLAGS="$ldflags" \
  -DCMAKE_SHARED_LINKER_FLAGS="$ldflags" >/dev/null
echo "package: building (-j$jobs)"
cmake --build "$BUILD_DIR" -j"$jobs"
rm -f "$BUILD_DIR"/tecsync_*.deb "$BUILD_DIR"/tecsync-dev_*.deb
cmake --build "$BUILD_DIR" --target package
ls "$BUILD_DIR"/tecsync_*.deb "$BUILD_DIR"/tecsync-dev_*.deb
