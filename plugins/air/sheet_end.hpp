#pragma once
/// @file
/// End-of-body checks shared by the two readers of an Air sheet body — the
/// flash sheet (`sheet_parser.hpp`) and the deep characteristics sheet
/// (`deep_sheet.hpp`) — so both word their warning and failures alike.

#include <cstdint>
#include <string>

#include "tecsync/host.hpp"
#include "tecsync/status.hpp"
#include "tecsync/text/encoding.hpp"

namespace tecsync::air {

/// Emits the `MIXED_ENCODING` feed warning (pulse) when `decoder` read bytes
/// that are not UTF-8 as Windows-1252; nothing otherwise.
inline void warn_mixed_encoding(const HostServices& host, const std::string& resource,
                                const text::FeedDecoder& decoder) {
  if (decoder.mixed_bytes() > 0)
    host.pulses.emit(pulse::warning("MIXED_ENCODING", resource + ": " + std::to_string(decoder.mixed_bytes()) +
                                                          " byte(s) not UTF-8, read as Windows-1252"));
}

/// `FeedEmpty` when the body had no header or no data row (`rows` = rows
/// handed to the stream), naming the resource and the body's size in bytes;
/// ok otherwise.
inline Status require_header_and_rows(const std::string& resource, const text::FeedDecoder& decoder, bool have_header,
                                      std::uint64_t rows) {
  if (!have_header)
    return Status::failed(FailureArea::feed, "FeedEmpty",
                          resource + ": no header (" + std::to_string(decoder.bytes_in()) + " bytes)");
  if (rows == 0)
    return Status::failed(FailureArea::feed, "FeedEmpty",
                          resource + ": 0 data rows (" + std::to_string(decoder.bytes_in()) + " bytes)");
  return Status::ok();
}

}  // namespace tecsync::air
