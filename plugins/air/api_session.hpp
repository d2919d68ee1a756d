#pragma once
/// @file
/// A logged-in session with Air's API v2: the token, `cotiza`, and fetching one
/// data page with a single re-login on 401. Shared by the flash read
/// (api_reader.cpp) and the deep read (deep_api.cpp).

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "config.hpp"
#include "tecsync/host.hpp"

namespace tecsync::air {

/// Air's error object (`{"error_id","error_name","error_detail"}`) as one line
/// (`Air error 403 Too many queries: …`), or nullopt when `v` is not one;
/// `id` receives `error_id`.
std::optional<std::string> air_error(const nlohmann::json& v, long* id = nullptr);

class ApiSession {
 public:
  /// Both must outlive the session.
  ApiSession(const AirConfig& c, const HostServices& host) : c_(c), host_(host) {}

  /// `GET ?q=login&user&pass`; messages never hold the password.
  /// Failures: the transport's, `FeedTransportError.ApiError` / `.HttpStatus`,
  /// `FeedFormatError` (no token). A bad `cotiza` is a `Bad Cotiza` pulse only.
  Status login();

  /// `POST url` (bearer, body `{}`); sets `body` on HTTP 200. Re-logs in once on
  /// 401 (status or Air error object); another non-200 is `.HttpStatus`.
  Status page(std::size_t n, const std::string& url, std::string& body);

  const std::string& token() const { return token_; }
  std::optional<Decimal> cotiza() const { return cotiza_; }

 private:
  const AirConfig& c_;
  const HostServices& host_;
  std::string token_;
  std::optional<Decimal> cotiza_;
};

}  // namespace tecsync::air
