#pragma once
/// @file
/// Runs child processes for the end-to-end tests: the `tecsync` binary, psql,
/// the generators. No shell is involved: arguments go to the program as given.

#include <filesystem>
#include <string>
#include <vector>

namespace tecsync::it {

/// What a finished process left: its exit code (128 + signal when it was
/// killed) and everything it wrote to stdout and stderr.
struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  /// "exit N" + both streams, for assertion messages.
  std::string describe() const;
};

/// Runs `argv` (argv[0] is a path or a name looked up in PATH) with the
/// current environment, waits for it, and returns its output. `scratch` is a
/// folder for the captured streams. Throws std::runtime_error if it cannot start.
ProcessResult run_process(const std::vector<std::string>& argv, const std::filesystem::path& scratch);

}  // namespace tecsync::it
