#!/usr/bin/env bash
# Installs what tecsync needs on Debian 12 and builds it into build/.
# Idempotent: apt runs only when a package is missing, and cmake rebuilds only
# what changed, so a dev loop stays fast.
#   TECSYNC_BUILD_DIR   build folder (default: <repo>/build)
#   TECSYNC_BUILD_TYPE  CMake build type (default: Release)
#   TECSYNC_SKIP_BUILD  set to 1 to install packages only
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${TECSYNC_BUILD_DIR:-$REPO/build}"
BUILD_TYPE="${TECSYNC_BUILD_TYPE:-Release}"

PACKAGES=(
  build-essential cmake pkg-config
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
cmake -S "$REPO" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="$BUILD_TYPE" -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" >/dev/null
cmake --build "$BUILD_DIR" -j"$jobs"
