#pragma once
/// @file
/// The fake Air API (tests/servers/air_api_server.py) as a child process that
/// lives as long as this object: started on a free loopback port, stopped with
/// SIGTERM on destruction.

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/loopback_server.hpp"

namespace tecsync::it {

struct AirServerOptions {
  std::filesystem::path root;  ///< a generated catalog (api/, sheet/)
  std::string user = "reseller";
  std::string password = "s3cret";
  std::optional<int> expire_token_after;  ///< revoke tokens once after N data requests
  std::filesystem::path log;              ///< request log (JSON lines); empty = none
};

/// The default options (credentials reseller/s3cret, no token expiry, no log)
/// serving the generated catalog at `root`.
inline AirServerOptions catalog_options(std::filesystem::path root) {
  AirServerOptions options;
  options.root = std::move(root);
  return options;
}

class AirServer {
 public:
  /// Starts the server and waits (≤ 15 s) for its `PORT <n>` line.
  /// Throws std::runtime_error if it does not come up.
  explicit AirServer(AirServerOptions options);
  AirServer(const AirServer&) = delete;
  AirServer& operator=(const AirServer&) = delete;

  int port() const { return process_.port(); }
  /// `http://127.0.0.1:<port>` + `path`.
  std::string url(const std::string& path) const;
  /// The requests logged so far (needs options.log).
  std::vector<nlohmann::json> requests() const;

 private:
  AirServerOptions options_;
  LoopbackServerProcess process_;
};

}  // namespace tecsync::it
