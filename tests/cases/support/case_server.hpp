#pragma once
/// @file
/// tests/servers/case_http_server.py as a child process: serves one case file
/// over loopback HTTP exactly as a case's `http*.json` describes (status,
/// headers, body), with the delivery made explicit (`ServeMode`). Lives as long
/// as this object; SIGTERM on destruction (held sockets die with it).

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/loopback_server.hpp"

namespace tecsync::cases {

/// How the body reaches the client (the prose `behaviour` of an http*.json,
/// made explicit). Every attempt of the client sees the same behaviour.
enum class ServeMode {
  full,             ///< status, headers (+ Content-Length if absent), the whole body
  cut,              ///< status, headers, `send_bytes` body bytes, then close
  close_delimited,  ///< no length, no chunking: `send_bytes` (default all) bytes, then close
  chunked_cut,      ///< chunked, `send_bytes` (default all) in `chunk_bytes` chunks, close without the 0 chunk
  stall,            ///< status, headers, `send_bytes` bytes, then silence for `hold_seconds` (socket open)
  no_answer,        ///< read the request, send nothing for `hold_seconds`
  paced,            ///< `pace_bytes` every `pace_seconds` until the whole body is sent
};

/// What to serve. `status`/`headers`/`body_file` normally come from the case's
/// http*.json (see CaseTest::serve); the rest are the behaviour's numbers.
struct ServeSpec {
  std::optional<int> status;                                 ///< default 200
  std::vector<std::pair<std::string, std::string>> headers;  ///< sent in this order
  std::filesystem::path body_file;                           ///< empty: no body
  ServeMode mode = ServeMode::full;
  std::optional<long> send_bytes;  ///< cut/stall: required; close_delimited/chunked_cut: default all
  long chunk_bytes = 64;
  double hold_seconds = 600;  ///< stall / no_answer
  long pace_bytes = 20;
  double pace_seconds = 1;
  /// Act as a minimal Air API v2 (login → token, page 0 = the body served by
  /// `mode`, page ≥ 1 = `[]`). Credentials: reseller / s3cret; cotiza 1.00.
  bool api = false;
  std::string path = "/feeds/air/flash.csv";  ///< the URL path (any path is served)
};

class CaseServer {
 public:
  /// Writes the spec next to `scratch`, starts the server, waits (≤ 15 s) for
  /// `PORT n`. Throws std::runtime_error if it does not come up.
  CaseServer(const ServeSpec& spec, const std::filesystem::path& scratch);
  CaseServer(const CaseServer&) = delete;
  CaseServer& operator=(const CaseServer&) = delete;

  int port() const { return server_->port(); }
  /// `http://127.0.0.1:<port><spec.path>`.
  std::string url() const;
  /// One JSON object per request served so far (method, path, query, sent…).
  std::vector<nlohmann::json> requests() const;

 private:
  ServeSpec spec_;
  std::filesystem::path log_;
  std::unique_ptr<it::LoopbackServerProcess> server_;  ///< tests/integration/support
};

}  // namespace tecsync::cases
