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

namespace tecsync::air {

/// Reads the whole sheet into `out`. Does not call `out.finish()`.
Status read_sheet(const AirConfig& config, const HostServices& host, OfferStream& out);

}  // namespace tecsync::air
