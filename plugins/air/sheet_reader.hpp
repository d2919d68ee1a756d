#pragma once
/// @file
/// Getting the sheet's bytes into a `SheetParser` without holding the body:
/// `url` = http(s) → the host's HttpClient, streamed chunk by chunk; anything
/// else → a file path, read in `read_chunk` pieces.
///
/// Failures besides the parser's: `FeedTransportError.HttpStatus` (area api,
/// non-200), the HttpClient's own transport classes, and
/// `FeedTransportError.NotFound` (area feed) for a file that cannot be opened
/// or read.

#include "config.hpp"
#include "offer_stream.hpp"
#include "tecsync/host.hpp"

#include <functional>
#include <string_view>

namespace tecsync::air {

/// Receives a body's bytes in order; a non-ok status stops the read.
using BytesSink = std::function<Status(std::string_view bytes)>;

/// Reads `url` (http(s) → spooled whole, then replayed; else a file) into
/// `push`, chunk by chunk. Used by the sheet and the characteristics CSV.
Status read_resource(const std::string& url, const AirConfig& config, const HostServices& host, const BytesSink& push);

/// Reads the whole sheet into `out`. Does not call `out.finish()`.
Status read_sheet(const AirConfig& config, const HostServices& host, OfferStream& out);

}  // namespace tecsync::air
