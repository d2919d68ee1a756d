#include "support/air_server.hpp"

#include <fstream>

namespace tecsync::it {
namespace {

const char* kServerScript = TECSYNC_IT_REPO "/tests/servers/air_api_server.py";

std::vector<std::string> air_argv(const AirServerOptions& options) {
  std::vector<std::string> argv = {TECSYNC_IT_PYTHON, kServerScript, "--root",     options.root.string(), "--port", "0",
                                   "--user",          options.user,  "--password", options.password};
  if (options.expire_token_after) {
    argv.push_back("--expire-token-after");
    argv.push_back(std::to_string(*options.expire_token_after));
  }
  if (!options.log.empty()) {
    argv.push_back("--log");
    argv.push_back(options.log.string());
  }
  return argv;
}

}  // namespace

AirServer::AirServer(AirServerOptions options)
    : options_(std::move(options)), process_(air_argv(options_), "Air test server") {}

std::string AirServer::url(const std::string& path) const { return process_.url(path); }

std::vector<nlohmann::json> AirServer::requests() const {
  std::vector<nlohmann::json> out;
  std::ifstream in(options_.log);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

}  // namespace tecsync::it
