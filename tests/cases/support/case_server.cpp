#include "support/case_server.hpp"

#include <atomic>
#include <fstream>
#include <stdexcept>

namespace tecsync::cases {
namespace {

const char* mode_name(ServeMode m) {
  switch (m) {
    case ServeMode::full:
      return "full";
    case ServeMode::cut:
      return "cut";
    case ServeMode::close_delimited:
      return "close_delimited";
    case ServeMode::chunked_cut:
      return "chunked_cut";
    case ServeMode::stall:
      return "stall";
    case ServeMode::no_answer:
      return "no_answer";
    case ServeMode::paced:
      return "paced";
  }
  return "full";
}

}  // namespace

CaseServer::CaseServer(const ServeSpec& spec, const std::filesystem::path& scratch) : spec_(spec) {
  static std::atomic<int> counter{0};
  const std::string stem = "server-" + std::to_string(counter++);
  const auto spec_path = scratch / (stem + ".json");
  log_ = scratch / (stem + ".log");

  nlohmann::ordered_json j;
  j["status"] = spec.status.value_or(200);
  nlohmann::ordered_json headers = nlohmann::ordered_json::object();
  for (const auto& [k, v] : spec.headers) headers[k] = v;
  j["headers"] = headers;
  if (spec.body_file.empty())
    j["body_file"] = nullptr;
  else
    j["body_file"] = spec.body_file.string();
  j["mode"] = mode_name(spec.mode);
  if (spec.send_bytes) j["send_bytes"] = *spec.send_bytes;
  j["chunk_bytes"] = spec.chunk_bytes;
  j["hold_seconds"] = spec.hold_seconds;
  j["pace_bytes"] = spec.pace_bytes;
  j["pace_seconds"] = spec.pace_seconds;
  if (spec.api)
    j["api"] = {{"user", "reseller"}, {"password", "s3cret"}, {"cotiza", "1.00"}};
  else
    j["api"] = nullptr;
  {
    std::ofstream out(spec_path);
    out << j.dump(2) << "\n";
    if (!out) throw std::runtime_error("cannot write " + spec_path.string());
  }

  server_ = std::make_unique<it::LoopbackServerProcess>(
      std::vector<std::string>{TECSYNC_IT_PYTHON, TECSYNC_IT_REPO "/tests/servers/case_http_server.py", "--spec",
                               spec_path.string(), "--port", "0", "--log", log_.string()},
      "case_http_server.py");
}

std::string CaseServer::url() const { return server_->url(spec_.path); }

std::vector<nlohmann::json> CaseServer::requests() const {
  std::vector<nlohmann::json> out;
  std::ifstream in(log_);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

}  // namespace tecsync::cases
