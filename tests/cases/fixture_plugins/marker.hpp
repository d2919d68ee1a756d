#pragma once
// Case fixtures only: proves a plugin's factory ran. The plugin's constructor
// creates `$TECSYNC_TEST_MARKERS/<file>.created`, `<file>` being the plugin's
// file name (FX_FILE, e.g. `libfx_old_major.so`), and nothing when the
// variable is unset. A refused plugin must never leave one.
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
}  // namespace fx
