#pragma once
// Case fixtures only: proves a plugin's factory ran. The plugin's constructor
// creates `$TECSYNC_TEST_MARKERS/<file>.created`, `<file>` being the plugin's
// file name (FX_FILE, e.g. `libfx_old_major.so`), and nothing when the
// variable is unset. A refused plugin must never leave one.
//
// Loading alone is proved too: when the library is mapped and its static
// initializers run (dlopen), it creates `$TECSYNC_TEST_LOAD_MARKERS/<file>.loaded`.
// A plugin refused on its ABI tag or exports must not leave that one either:
// the host decides from the file's section table, before running any of its code.
#include <cstdlib>
#include <fstream>
#include <string>

#ifndef FX_FILE
#error "FX_FILE (the plugin's file name) must be defined by the build"
#endif

namespace fx {
inline void write_marker() {
  if (const char* dir = std::getenv("TECSYNC_TEST_MARKERS"))
    std::ofstream(std::string(dir) + "/" + FX_FILE + ".created") << "1\n";
}

/// Runs when the library is loaded, before any tecsync entry point is called.
struct LoadMarker {
  LoadMarker() {
    if (const char* dir = std::getenv("TECSYNC_TEST_LOAD_MARKERS"))
      std::ofstream(std::string(dir) + "/" + FX_FILE + ".loaded") << "1\n";
  }
};
// Internal linkage: one per plugin (this header is included by one file of each).
[[maybe_unused]] static const LoadMarker load_marker;
}  // namespace fx
