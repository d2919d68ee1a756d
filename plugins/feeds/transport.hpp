#pragma once
/// @file
/// Getting a feed's bytes: the auth header, a whole CSV body (spooled to an
/// unnamed temp file so a cut transfer is retried whole and never half-parsed,
/// then read back in chunks), a local file in chunks, or one bounded JSON page.

#include <functional>
#include <string>
#include <string_view>

#include "feed_config.hpp"
#include "tecsync/host.hpp"

namespace tecsync::feeds {

/// `Authorization: Basic …` / `Bearer …` (or `auth_header`) for `config.auth`.
void add_auth(const CommonConfig& config, HttpRequest& request);

/// RFC 4648 base64 of `in` (for HTTP Basic).
std::string base64(std::string_view in);

/// A non-200 answer as a failed status: 401/403 say the login was refused.
Status http_status_failure(long status, const std::string& url);

/// Calls `on_bytes` with the body of `url` (http(s) or a file path) in chunks of
/// ≤ 64 KiB; its non-ok status stops the read and is returned. An http body is
/// downloaded whole first (≤ `config.max_bytes`). Failures: `FeedTransportError.*`
/// (area api), `HttpStatus` for a non-200, `NotFound` for a file that cannot be read.
Status read_body(const CommonConfig& config, const HostServices& host, const std::string& url,
                 const std::function<Status(std::string_view)>& on_bytes);

/// One JSON page (whole, ≤ `config.max_bytes`) into `body`; a non-200 fails.
Status fetch_page(const CommonConfig& config, const HostServices& host, const std::string& url, std::string& body);

/// `tecsync check`: the first bytes of `url` (≤ 64 KiB; the transfer is
/// stopped there) into `head`, with the HTTP status checked; a file's first bytes.
Status probe(const CommonConfig& config, const HostServices& host, const std::string& url, std::string& head);

}  // namespace tecsync::feeds
